#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// Allen–Cahn u_t = eps^2 lap u + u - u^3.
struct AllenCahn {
  static constexpr int fields = 1;
  static constexpr bool reaction = true, flux = false;
  static PdeDescriptor descriptor() {
    return {.name = "allen_cahn",
            .summary = "Allen–Cahn u_t = eps^2 lap u + u - u^3",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "epsilon", .default_value = 0.01, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "interface width eps > 0"}},
            .stability_limited = true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c0 = 1;
    s.c2 = -p[0] * p[0];
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double*, T* r, T*) const { r[0] = -u[0] * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double) const { return 3.0 * double(u[0]) * double(u[0]); }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::AllenCahn);
