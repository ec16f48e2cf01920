#pragma once
// A solver family: how a group of PDEs is discretized (pseudo-spectral, finite volume, ...).
// What a family accepts (grid extents, stored resolutions, boundary kinds, time steppers) is
// declared here once; its solver enforces it, and the config layer reads the same rules to name
// the offending key. A family registers itself in one line next to its solver.
#include <functional>
#include <string>
#include <vector>

#include "kernels/registry.hpp"
#include "solvers/boundary.hpp"

namespace simforge {

struct TimeSchemeInfo {
  std::string name, summary;
};

struct SolverFamily {
  std::string name;
  std::string summary;
  std::function<bool(int extent)> accepts_extent;
  std::string extent_rule;  // what accepts_extent allows, for messages and docs
  std::function<bool(int stored, int solved)> accepts_store;
  std::string store_rule;
  std::vector<BoundaryKind> boundaries;  // the kinds its solver implements
  bool cell_centered = false;            // values are cell averages: grids are always cell-centred
  Boundary default_boundary;             // every face's condition when a config names none
  std::function<std::vector<TimeSchemeInfo>()> time_steppers;  // in name order
  std::string default_stepper;

  bool supports(BoundaryKind kind) const;
  bool has_stepper(const std::string& name) const;
  std::vector<std::string> stepper_names() const;
};

Registry<SolverFamily>& solver_family_registry();
const SolverFamily& find_solver_family(const std::string& name);

}  // namespace simforge

#define SIMFORGE_REGISTER_SOLVER_FAMILY(...) SIMFORGE_REGISTER(::simforge::solver_family_registry(), __VA_ARGS__)
