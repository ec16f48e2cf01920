#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// Kuramoto–Sivashinsky u_t + (u^2/2)_x + u_xx + u_xxxx = 0.
struct KuramotoSivashinsky : BurgersFlux {
  static PdeDescriptor descriptor() {
    return {.name = "kuramoto_sivashinsky",
            .summary = "Kuramoto–Sivashinsky u_t + (u^2/2)_x + u_xx + u_xxxx = 0 (set grid.length, e.g. 22 or 32 pi)",
            .dims = {1},
            .fields = {"u"},
            .stability_limited = true};
  }
  static LinearSymbol linear(int, const double*, int) {
    LinearSymbol s;
    s.c2 = 1;
    s.c4 = -1;
    return s;
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::KuramotoSivashinsky);
