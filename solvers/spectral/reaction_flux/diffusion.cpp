#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// u_t = nu lap u.
struct Diffusion {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = false;
  static PdeDescriptor descriptor() {
    return {.name = "diffusion",
            .summary = "heat equation u_t = nu lap u",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "diffusivity", .default_value = 0.01, .min = 0.0, .max = 1e3, .min_exclusive = true, .doc = "diffusivity nu > 0"}},
            .stability_limited = false};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c2 = -p[0];
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T*, const double*, T*, T*) const {}
  template <class T>
  SIMFORGE_HD double rate(const T*, const double*, double) const { return 0; }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::Diffusion);
