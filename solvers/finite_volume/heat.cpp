// The heat equation on a box with walls (device source): the family's plainest member, and the
// one its boundary conditions are verified on (exact solutions in tests/solvers).
#include "solvers/finite_volume/diffusion_reaction.hpp"

namespace simforge::physics {

// u_t = D lap u.
struct Heat : finite_volume::NoReaction, finite_volume::UnitMobility {
  static constexpr int fields = 1;
  static PdeDescriptor descriptor() {
    return {.name = "heat",
            .summary = "heat equation u_t = D lap u with walls, Dirichlet and Neumann faces (finite volumes)",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "diffusivity", .default_value = 1e-2, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "diffusivity D (> 0)"}},
            .stability_limited = true};
  }
  SIMFORGE_HD static double diffusivity(int, const double* p) { return p[0]; }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_DIFFUSION_REACTION_PDE(simforge::physics::Heat);
