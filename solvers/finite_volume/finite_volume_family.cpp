// The finite-volume family: what it accepts, checked once for every solver of the family, and its
// registration (device source).
#include <string>

#include "kernels/strings.hpp"
#include "solvers/finite_volume/diffusion_reaction.hpp"

namespace simforge::finite_volume {

namespace {
std::vector<std::string> boundary_names(const SolverFamily& f) {
  std::vector<std::string> names;
  for (BoundaryKind k : f.boundaries) names.push_back(boundary_info(k).name);
  return names;
}
}  // namespace

bool store_divides(int stored, int solved) { return stored >= 1 && stored <= solved && solved % stored == 0; }

const SolverFamily& finite_volume_family() { return find_solver_family("finite_volume"); }

void check_grid(const SimulationSpec& spec, const PdeDescriptor& pde, const SolverFamily& f) {
  const Grid& g = spec.grid;
  SIMFORGE_CHECK(std::find(pde.dims.begin(), pde.dims.end(), g.dim) != pde.dims.end(), "PDE ", pde.name, " does not support ", g.dim,
                 "D grids; allowed: ", join(pde.dims));
  SIMFORGE_CHECK(g.cell_centered, pde.name, ": finite volumes need a cell-centred grid");
  const std::vector<int> store = spec.stored_extents();
  SIMFORGE_CHECK(int(store.size()) == g.dim, "simulation: store grid has ", store.size(), " axes, grid has ", g.dim);
  for (int a = 0; a < g.dim; ++a) {
    SIMFORGE_CHECK(f.accepts_extent(g.n[a]), "grid extent ", g.n[a], " is not allowed; allowed: ", f.extent_rule);
    SIMFORGE_CHECK(f.accepts_store(store[std::size_t(a)], g.n[a]), "store grid ", store[std::size_t(a)], " is not allowed for the solve grid ",
                   g.n[a], "; allowed: ", f.store_rule);
    for (const Boundary& b : {g.lower[a], g.upper[a]}) {
      SIMFORGE_CHECK(f.supports(b.kind), pde.name, ": boundary '", boundary_info(b.kind).name, "' is not solved by the ", f.name, " family; allowed: ", join(boundary_names(f)));
      // The Robin ghost u (2 + h dx) / (2 - h dx) is singular at h dx = 2 and flips sign beyond.
      SIMFORGE_CHECK(b.kind != BoundaryKind::Robin || b.value * g.spacing(a) < 1.0, pde.name, ": a robin face with h = ", b.value,
                     " needs h dx < 1 (dx = ", g.spacing(a), "); allowed: h < ", 1.0 / g.spacing(a), " (h <= 0 for an outflow)");
    }
  }
  SIMFORGE_CHECK(f.has_stepper(spec.stepper), pde.name, ": time stepper '", spec.stepper, "' is not allowed; allowed: ",
                 join(f.stepper_names()));
}

}  // namespace simforge::finite_volume

SIMFORGE_REGISTER_SOLVER_FAMILY(simforge::SolverFamily{
    .name = "finite_volume",
    .summary = "cell-centred finite volumes on boxes with walls, open faces, Dirichlet and Neumann conditions; explicit SSP-RK3 / RK4",
    .accepts_extent = [](int n) { return n >= 2; },
    .extent_rule = "integers >= 2",
    .accepts_store = simforge::finite_volume::store_divides,
    .store_rule = "divides grid.n: each stored cell is the average of the solved cells it covers",
    .boundaries = {simforge::BoundaryKind::Periodic, simforge::BoundaryKind::Wall, simforge::BoundaryKind::Open,
                   simforge::BoundaryKind::Dirichlet, simforge::BoundaryKind::Neumann, simforge::BoundaryKind::Robin},
    .cell_centered = true,
    .time_steppers =
        [] {
          return std::vector<simforge::TimeSchemeInfo>{
              {"rk4", "classical fourth-order Runge–Kutta (explicit; stable to dt x rate <= 2.78)"},
              {"ssp_rk3", "Shu–Osher strong-stability-preserving RK3 (explicit, order 3; stable to dt x rate <= 2.51)"}};
        },
    .default_stepper = "ssp_rk3",
});
