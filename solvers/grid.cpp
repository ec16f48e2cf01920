#include "solvers/grid.hpp"

#include "kernels/error.hpp"

namespace simforge {

Grid Grid::periodic(const std::vector<int>& extents, double length, bool cell_centered) {
  Grid g;
  SIMFORGE_CHECK(!extents.empty() && int(extents.size()) <= max_dim, "grid: 1 to 3 dimensions, got ", extents.size());
  g.dim = int(extents.size());
  for (int a = 0; a < g.dim; ++a) g.n[a] = extents[std::size_t(a)];
  g.length = length;
  g.cell_centered = cell_centered;
  g.validate();
  return g;
}

Grid Grid::with_extents(const std::vector<int>& extents) const {
  SIMFORGE_CHECK(int(extents.size()) == dim, "grid: ", extents.size(), " extents for a ", dim, "D grid");
  Grid g = *this;
  for (int a = 0; a < dim; ++a) g.n[a] = extents[std::size_t(a)];
  g.validate();
  return g;
}

std::vector<double> Grid::coordinates(int axis) const {
  std::vector<double> c(static_cast<std::size_t>(n[axis]));
  for (std::size_t i = 0; i < c.size(); ++i) c[i] = origin + length * (double(i) + (cell_centered ? 0.5 : 0.0)) / n[axis];
  return c;
}

std::vector<std::string> grid_axis_names(int dim) {
  static const std::vector<std::string> all = {"z", "y", "x"};
  SIMFORGE_CHECK(dim >= 1 && dim <= 3, "grid: 1 to 3 dimensions, got ", dim);
  return {all.end() - dim, all.end()};
}

bool Grid::periodic() const {
  for (int a = 0; a < dim; ++a)
    if (lower[a].kind != BoundaryKind::Periodic || upper[a].kind != BoundaryKind::Periodic) return false;
  return true;
}

void Grid::validate() const {
  SIMFORGE_CHECK(dim >= 1 && dim <= max_dim, "grid: 1 to 3 dimensions, got ", dim);
  SIMFORGE_CHECK(length > 0, "grid: length must be positive, got ", length);
  for (int a = 0; a < dim; ++a) {
    SIMFORGE_CHECK(n[a] >= 1, "grid: extents must be positive, got ", n[a]);
    // A periodic axis is periodic at both ends or at neither.
    SIMFORGE_CHECK((lower[a].kind == BoundaryKind::Periodic) == (upper[a].kind == BoundaryKind::Periodic), "grid: axis ", a,
                   " is periodic at one face only (", boundary_info(lower[a].kind).name, " / ",
                   boundary_info(upper[a].kind).name, ")");
  }
}

}  // namespace simforge
