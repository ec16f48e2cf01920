#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// Gray–Scott u_t = Du lap u - u v^2 + f (1 - u),  v_t = Dv lap v + u v^2 - (f + k) v.
struct GrayScott {
  static constexpr int fields = 2;
  static constexpr bool reaction = true, flux = false;
  static PdeDescriptor descriptor() {
    return {.name = "gray_scott",
            .summary = "Gray–Scott reaction-diffusion (Pearson 1993): feed f, kill k",
            .dims = {2, 3},
            .fields = {"u", "v"},
            .parameters = {{.name = "feed", .default_value = 0.04, .min = 0.0, .max = 0.1,
                            .doc = "feed rate f in [0, 0.1] (Pearson's patterns: 0.01-0.08)"},
                           {.name = "kill", .default_value = 0.06, .min = 0.0, .max = 0.1,
                            .doc = "kill rate k in [0, 0.1] (Pearson's patterns: 0.045-0.07)"},
                           {.name = "diffusivity_u", .default_value = 2e-5, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "diffusivity of u (> 0)"},
                           {.name = "diffusivity_v", .default_value = 1e-5, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "diffusivity of v (> 0)"}},
            .stability_limited = true};
  }
  static LinearSymbol linear(int field, const double* p, int) {
    LinearSymbol s;
    s.c2 = -p[2 + field];
    s.c0 = field == 0 ? -p[0] : -(p[0] + p[1]);
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double* p, T* r, T*) const {
    const T uvv = u[0] * u[1] * u[1];
    r[0] = -uvv + T(p[0]);
    r[1] = uvv;
  }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double) const {
    const double a = fabs(double(u[0])), b = fabs(double(u[1]));
    return b * b + 2 * a * b;  // largest Jacobian entry of the reaction
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::GrayScott);
