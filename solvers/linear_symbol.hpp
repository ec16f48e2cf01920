#pragma once
// The diagonal linear operator L of u_t = L u + N(u) as a Fourier symbol. Every PDE in Simforge has
// a symbol of this form, so steppers evaluate it per mode on the device, in double precision:
//   L(k) = c0 + c2 |k|^2 + c4 |k|^4 + i (b . k) + i d3 k_last^3
// e.g. diffusion nu: c2 = -nu; advection u_t + beta.grad u = 0: b = -beta; Kuramoto–Sivashinsky:
// c2 = 1, c4 = -1; KdV u_t + u_xxx = 0: d3 = 1.
#include "kernels/backend.hpp"
#include "solvers/spectral_grid.hpp"

namespace simforge {

struct LinearSymbol {
  double c0 = 0, c2 = 0, c4 = 0;
  double b[3] = {0, 0, 0};
  double d3 = 0;

  // L at integer wavenumbers k on grid g.
  SIMFORGE_HD Complex<double> operator()(const SpectralGrid& g, const int k[3]) const {
    const double s = g.wavenumber_scale();
    double k2 = 0, bk = 0;
    for (int a = 0; a < g.dim; ++a) {
      const double ka = s * k[a];
      k2 += ka * ka;
      bk += b[a] * ka;
    }
    const double kl = s * k[g.dim - 1];
    return Complex<double>(c0 + c2 * k2 + c4 * k2 * k2, bk + d3 * kl * kl * kl);
  }
};

}  // namespace simforge
