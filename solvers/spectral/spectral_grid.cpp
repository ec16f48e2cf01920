#include "solvers/spectral/spectral_grid.hpp"

#include "kernels/error.hpp"

namespace simforge {

SpectralGrid SpectralGrid::make(const std::vector<int>& extents, double length) {
  SIMFORGE_CHECK(extents.size() >= 1 && extents.size() <= 3, "grid: 1 to 3 dimensions, got ", extents.size());
  SIMFORGE_CHECK(length > 0, "grid: length must be positive, got ", length);
  SpectralGrid g;
  g.dim = int(extents.size());
  for (int a = 0; a < g.dim; ++a) {
    SIMFORGE_CHECK(extents[a] >= 2 && extents[a] % 2 == 0, "grid: extents must be even and >= 2, got ", extents[a]);
    g.n[a] = extents[a];
  }
  g.length = length;
  g.n_points = 1;
  for (int a = 0; a < g.dim; ++a) g.n_points *= std::size_t(g.n[a]);
  g.n_modes = g.n_points / std::size_t(g.n[g.dim - 1]) * std::size_t(g.half());
  g.inv_points = 1.0 / double(g.n_points);
  g.k_scale = 6.283185307179586 / length;
  return g;
}

}  // namespace simforge
