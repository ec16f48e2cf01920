#pragma once
// The box every solver family discretizes: a structured Cartesian grid of up to three axes,
// extents slowest first (x last), one length for every axis ([origin, origin + L)^d), points at
// origin + i L / n or at cell centres origin + (i + 1/2) L / n, and a boundary condition on each face. Plain data with
// host-device accessors, so kernels take it by value.
#include <cstddef>
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "solvers/boundary.hpp"

namespace simforge {

struct Grid {
  static constexpr int max_dim = 3;
  int dim = 0;
  int n[max_dim] = {1, 1, 1};  // n[0..dim-1], array-axis order
  double length = 1.0;
  double origin = 0.0;         // the box is [origin, origin + length)^d (e.g. PDEBench's [-1, 1]^2)
  bool cell_centered = false;
  Boundary lower[max_dim], upper[max_dim];  // faces at 0 and at L of each axis

  // A periodic box (every face periodic); the extents are validated.
  static Grid periodic(const std::vector<int>& extents, double length = 1.0, bool cell_centered = false);
  // The same box and boundaries at other extents (e.g. the stored resolution).
  Grid with_extents(const std::vector<int>& extents) const;

  std::vector<int> extents() const { return std::vector<int>(n, n + dim); }
  SIMFORGE_HD std::size_t points() const {
    std::size_t p = 1;
    for (int a = 0; a < dim; ++a) p *= std::size_t(n[a]);
    return p;
  }
  SIMFORGE_HD double spacing(int axis) const { return length / n[axis]; }
  // Position of index i along an axis in units of the box length (x / L).
  SIMFORGE_HD double unit_position(int axis, std::size_t i) const { return (double(i) + (cell_centered ? 0.5 : 0.0)) / n[axis]; }
  std::vector<double> coordinates(int axis) const;  // origin + L * unit_position, every index of the axis
  bool periodic() const;                            // every face periodic
  void validate() const;                            // throws naming the bad extent or face
};

// The names of a grid's axes in array-axis order, slowest first: {"x"}, {"y", "x"}, {"z", "y", "x"}.
std::vector<std::string> grid_axis_names(int dim);

}  // namespace simforge
