#pragma once
// A periodic box [0, L)^d sampled on n_0 x ... x n_{d-1} points (slowest axis first, x last), and
// the layout of its real-to-complex spectrum: every axis full except the last, which is halved.
// Plain data with host-device methods, so kernels take it by value.
#include <cstddef>
#include <vector>

#include "kernels/backend.hpp"

namespace simforge {

struct SpectralGrid {
  int dim = 0;
  int n[3] = {1, 1, 1};  // n[0..dim-1], array-axis order
  double length = 1.0;
  // Derived once by make(): kernels ask for these per element, where recomputing them (a
  // division or a loop) would cost more than the kernel's arithmetic.
  std::size_t n_points = 1, n_modes = 1;
  double inv_points = 1.0, k_scale = 6.283185307179586;

  static SpectralGrid make(const std::vector<int>& extents, double length);

  SIMFORGE_HD std::size_t points() const { return n_points; }
  SIMFORGE_HD int half() const { return n[dim - 1] / 2 + 1; }
  SIMFORGE_HD std::size_t modes() const { return n_modes; }

  // Integer wavenumbers of spectral index m, in axis order (k[dim-1] >= 0 on the halved axis).
  // 32-bit arithmetic: one sample's spectrum is far below 2^32 modes, and 64-bit division is
  // several times slower on both CPUs and GPUs.
  SIMFORGE_HD void wavenumbers(std::size_t mode, int k[3]) const {
    k[0] = k[1] = k[2] = 0;
    unsigned m = unsigned(mode);
    const unsigned h = unsigned(half());
    k[dim - 1] = int(m % h);
    m /= h;
    for (int a = dim - 2; a >= 0; --a) {
      const unsigned na = unsigned(n[a]);
      const int j = int(m % na);
      m /= na;
      k[a] = j <= n[a] / 2 ? j : j - n[a];
    }
  }
  // Spectral index of integer wavenumbers k (|k_a| <= n_a/2, k[dim-1] in [0, n/2]).
  SIMFORGE_HD std::size_t mode_index(const int k[3]) const {
    std::size_t m = 0;
    for (int a = 0; a + 1 < dim; ++a) m = m * std::size_t(n[a]) + std::size_t(k[a] < 0 ? k[a] + n[a] : k[a]);
    return m * std::size_t(half()) + std::size_t(k[dim - 1]);
  }
  SIMFORGE_HD double wavenumber_scale() const { return k_scale; }  // 2 pi / L
  SIMFORGE_HD double spacing(int axis) const { return length / n[axis]; }

  // Orszag's 2/3 rule: modes with |k_a| > n_a/3 on any axis are removed from nonlinear products.
  SIMFORGE_HD bool kept_by_dealiasing(const int k[3]) const {
    for (int a = 0; a < dim; ++a) {
      const int ka = k[a] < 0 ? -k[a] : k[a];
      if (3 * ka > n[a]) return false;
    }
    return true;
  }
  // A Nyquist mode on any even axis: odd derivatives vanish there for a real field.
  SIMFORGE_HD bool is_nyquist(const int k[3]) const {
    for (int a = 0; a < dim; ++a)
      if (n[a] % 2 == 0 && (k[a] == n[a] / 2 || k[a] == -n[a] / 2)) return true;
    return false;
  }
};

}  // namespace simforge
