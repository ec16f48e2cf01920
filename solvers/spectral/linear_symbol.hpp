#pragma once
// The diagonal linear operator L of u_t = L u + N(u) as a Fourier symbol. Every PDE in Simforge has
// a symbol of this form, so steppers evaluate it per mode on the device, in double precision:
//   L(k) = c0 + c2 |k|^2 + c4 |k|^4 + i (b . k) + i d3 k_last^3
// e.g. diffusion nu: c2 = -nu; advection u_t + beta.grad u = 0: b = -beta; Kuramoto–Sivashinsky:
// c2 = 1, c4 = -1; KdV u_t + u_xxx = 0: d3 = 1.
#include "kernels/backend.hpp"
#include "solvers/spectral/spectral_grid.hpp"

namespace simforge {

struct LinearSymbol {
  double c0 = 0, c2 = 0, c4 = 0;
  double b[3] = {0, 0, 0};
  double d3 = 0;

  bool operator==(const LinearSymbol&) const = default;

  // L at integer wavenumbers k on grid g, evaluated in precision T.
  template <class T = double>
  SIMFORGE_HD Complex<T> eval(const SpectralGrid& g, const int k[3]) const {
    const T s = T(g.wavenumber_scale());
    T k2 = 0, bk = 0;
    for (int a = 0; a < g.dim; ++a) {
      const T ka = s * T(k[a]);
      k2 += ka * ka;
      bk += T(b[a]) * ka;
    }
    const T kl = s * T(k[g.dim - 1]);
    return Complex<T>(T(c0) + T(c2) * k2 + T(c4) * k2 * k2, bk + T(d3) * kl * kl * kl);
  }
  SIMFORGE_HD Complex<double> operator()(const SpectralGrid& g, const int k[3]) const { return eval<double>(g, k); }
};

}  // namespace simforge
