// The Godunov family: finite volumes for hyperbolic conservation laws (conservation_law.hpp),
// registered here (device source).
#include "solvers/finite_volume/conservation_law.hpp"

namespace simforge::finite_volume {

const SolverFamily& godunov_family() { return find_solver_family("godunov"); }

}  // namespace simforge::finite_volume

SIMFORGE_REGISTER_SOLVER_FAMILY(simforge::SolverFamily{
    .name = "godunov",
    .summary = "Godunov-type finite volumes for conservation laws: MUSCL reconstruction, HLLC / HLL / Rusanov fluxes, SSP-RK with "
               "a step per sample from time.cfl_max (time.dt is the largest step), landing on every saved time",
    .accepts_extent = [](int n) { return n >= 2; },
    .extent_rule = "integers >= 2",
    .accepts_store = simforge::finite_volume::store_divides,
    .store_rule = "divides grid.n: each stored cell is the average of the solved cells it covers",
    .boundaries = {simforge::BoundaryKind::Periodic, simforge::BoundaryKind::Wall, simforge::BoundaryKind::Open,
                   simforge::BoundaryKind::Dirichlet},
    .cell_centered = true,
    .default_boundary = {simforge::BoundaryKind::Open, 0.0},
    .time_steppers =
        [] {
          return std::vector<simforge::TimeSchemeInfo>{
              {"ssp_rk2", "Heun's strong-stability-preserving RK2 (order 2; CFL number <= 1 with the MUSCL fluxes, 0.4 advised in 2-D/3-D)"},
              {"ssp_rk3", "Shu–Osher strong-stability-preserving RK3 (order 3; the same CFL bound as ssp_rk2, 1.5x its cost per step)"}};
        },
    .default_stepper = "ssp_rk2",
});
