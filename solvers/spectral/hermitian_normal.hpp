#pragma once
// A standard complex normal per Fourier mode with the Hermitian symmetry of a real field: a mode
// and its mirror -k (which share a slot only on the halved axis' 0 and Nyquist planes) are
// conjugates, and self-conjugate modes are real. E|z|^2 = 1 either way. One Philox counter per
// mode, so a sample's coefficients do not depend on the batch it is drawn in.
#include "kernels/backend.hpp"
#include "kernels/philox.hpp"
#include "solvers/spectral/spectral_grid.hpp"

namespace simforge {

SIMFORGE_HD inline Complex<double> hermitian_normal(const SpectralGrid& g, const PhiloxStream& rng, std::size_t m,
                                                    const int k[3]) {
  const int last = k[g.dim - 1];
  std::size_t mirror = m;
  if (last == 0 || 2 * last == g.n[g.dim - 1]) {
    int km[3] = {0, 0, 0};
    for (int a = 0; a + 1 < g.dim; ++a) km[a] = (k[a] == -g.n[a] / 2 || k[a] == g.n[a] / 2) ? k[a] : -k[a];
    km[g.dim - 1] = last;
    mirror = g.mode_index(km);
  }
  double z0, z1;
  rng.normal2(m < mirror ? m : mirror, z0, z1);
  if (mirror == m) return Complex<double>(z0, 0.0);
  const double r = 0.7071067811865476;
  return m < mirror ? Complex<double>(r * z0, r * z1) : Complex<double>(r * z0, -r * z1);
}

}  // namespace simforge
