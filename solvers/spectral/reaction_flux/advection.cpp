#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// u_t + c . grad u = nu lap u  (pure advection when nu = 0).
struct Advection : LinearOnly {
  static PdeDescriptor descriptor() {
    return {.name = "advection",
            .summary = "linear advection-diffusion u_t + c.grad u = nu lap u",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "velocity_x", .default_value = 1.0, .min = -1e6, .max = 1e6,
                            .doc = "advection velocity along x"},
                           {.name = "velocity_y", .default_value = 0.0, .min = -1e6, .max = 1e6,
                            .doc = "advection velocity along y (2D, 3D)"},
                           {.name = "velocity_z", .default_value = 0.0, .min = -1e6, .max = 1e6,
                            .doc = "advection velocity along z (3D)"},
                           {.name = "diffusivity", .default_value = 0.0, .min = 0.0, .max = 1e3, .doc = "diffusivity nu >= 0"}},
            .stability_limited = false};
  }
  static LinearSymbol linear(int, const double* p, int dim) {
    LinearSymbol s;
    for (int a = 0; a < dim; ++a) s.b[a] = -p[dim - 1 - a];  // axis dim-1 is x: velocity_x
    s.c2 = -p[3];
    return s;
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::Advection);
