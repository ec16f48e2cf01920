#pragma once
// Everything that defines a simulation run: the PDE and its coefficients, the initial condition,
// the grid, the stored resolution, time stepping and the seed. Sample i of a run depends only on
// (this spec, i).
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "solvers/grid.hpp"
#include "solvers/initial_condition.hpp"
#include "solvers/pde.hpp"

namespace simforge {

struct SimulationSpec {
  PdeSpec pde;
  InitialConditionSpec initial_condition;
  Grid grid;                       // the solve grid and its boundaries
  std::vector<int> store_extents;  // stored resolution, slowest axis first; empty: the solve grid's
  double dt = 1e-3;                // the time step (fixed-step families)
  std::size_t steps_per_frame = 1;
  std::size_t frames = 2;          // saved frames, including t = 0
  std::string stepper = "cn_heun";
  double cfl_max = 1.0;            // bound on dt x the explicit stability rate, checked at every saved frame
  std::uint64_t seed = 0;

  double save_interval() const { return dt * double(steps_per_frame); }
  std::vector<double> times() const;
  std::vector<int> stored_extents() const { return store_extents.empty() ? grid.extents() : store_extents; }
  Grid store_grid() const { return grid.with_extents(stored_extents()); }
};

}  // namespace simforge
