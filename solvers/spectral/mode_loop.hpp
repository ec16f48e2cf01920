#pragma once
// for_each_mode: runs f(row, m, k) over every mode m of `rows` spectra laid out on grid g, with k
// the integer wavenumbers of m. Iterating (row, line, k_last) instead of a flat index avoids
// per-element index division (none in 1D/2D, one in 3D). Include only from device sources.
#include "kernels/parallel.hpp"
#include "solvers/spectral/spectral_grid.hpp"

namespace simforge {

namespace detail {
template <class F>
struct ModeLine {
  SpectralGrid g;
  F f;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t line, std::size_t last) const {
    int k[3] = {0, 0, 0};
    k[g.dim - 1] = int(last);
    unsigned l = unsigned(line);
    for (int a = g.dim - 2; a >= 1; --a) {
      const unsigned na = unsigned(g.n[a]);
      const int j = int(l % na);
      l /= na;
      k[a] = 2 * j <= g.n[a] ? j : j - g.n[a];
    }
    if (g.dim >= 2) k[0] = 2 * int(l) <= g.n[0] ? int(l) : int(l) - g.n[0];
    f(row, line * std::size_t(g.half()) + last, k);
  }
};
}  // namespace detail

template <class F>
void for_each_mode(const Stream& s, const SpectralGrid& g, std::size_t rows, F f) {
  const std::size_t lines = g.modes() / std::size_t(g.half());
  for_each_index(s, rows, lines, std::size_t(g.half()), detail::ModeLine<F>{g, f});
}

}  // namespace simforge
