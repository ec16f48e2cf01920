// PDEBench's 2D diffusion–reaction: FitzHugh–Nagumo with no-flux walls (device source).
#include <cmath>

#include "solvers/finite_volume/diffusion_reaction.hpp"

namespace simforge::physics {

// u_t = Du lap u + u - u^3 - k - v,  v_t = Dv lap v + u - v  (PDEBench 2D_diff-react: Du = 1e-3,
// Dv = 5e-3, k = 5e-3 on [-1, 1]^2 with no-flux walls).
struct FitzHughNagumo : finite_volume::UnitMobility {
  static constexpr int fields = 2;
  static PdeDescriptor descriptor() {
    return {.name = "fitzhugh_nagumo",
            .summary = "FitzHugh–Nagumo activator–inhibitor diffusion–reaction (PDEBench 2D diff-react), finite volumes with walls",
            .dims = {1, 2, 3},
            .fields = {"u", "v"},
            .parameters = {{.name = "diffusivity_u", .default_value = 1e-3, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "diffusivity of the activator u (> 0)"},
                           {.name = "diffusivity_v", .default_value = 5e-3, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "diffusivity of the inhibitor v (> 0)"},
                           {.name = "k", .default_value = 5e-3, .min = -10.0, .max = 10.0, .doc = "threshold constant k in R_u"}},
            .stability_limited = true};
  }
  SIMFORGE_HD static double diffusivity(int field, const double* p) { return p[field]; }
  template <class T>
  SIMFORGE_HD void reaction(const T* u, const double* p, T* r) const {
    r[0] = u[0] - u[0] * u[0] * u[0] - T(p[2]) - u[1];
    r[1] = u[0] - u[1];
  }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*) const {
    const double a = double(u[0]);
    return fmax(fabs(1.0 - 3.0 * a * a) + 1.0, 2.0);  // largest Jacobian row sum
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_DIFFUSION_REACTION_PDE(simforge::physics::FitzHughNagumo);
