#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// u_t = nu lap u.
struct Diffusion : LinearOnly {
  static PdeDescriptor descriptor() {
    return {.name = "diffusion",
            .summary = "heat equation u_t = nu lap u",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "diffusivity", .default_value = 0.01, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "diffusivity nu > 0"}},
            .stability_limited = false};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c2 = -p[0];
    return s;
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::Diffusion);
