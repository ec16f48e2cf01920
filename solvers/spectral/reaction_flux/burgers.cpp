#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// Viscous Burgers u_t + (u^2/2)_x = nu u_xx.
struct Burgers : BurgersFlux {
  static PdeDescriptor descriptor() {
    return {.name = "burgers",
            .summary = "viscous Burgers u_t + (u^2/2)_x = nu u_xx",
            .dims = {1},
            .fields = {"u"},
            .parameters = {{.name = "viscosity", .default_value = 0.01, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "viscosity nu > 0"}},
            .stability_limited = true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c2 = -p[0];
    return s;
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::Burgers);
