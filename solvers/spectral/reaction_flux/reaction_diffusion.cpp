#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// PDEBench's 1D reaction–diffusion (Fisher–KPP): u_t = nu lap u + rho u (1 - u), periodic.
struct ReactionDiffusion {
  static constexpr int fields = 1;
  static constexpr bool reaction = true, flux = false;
  static PdeDescriptor descriptor() {
    return {.name = "reaction_diffusion",
            .summary = "Fisher–KPP reaction–diffusion u_t = nu lap u + rho u (1 - u) (PDEBench 1D ReacDiff)",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "diffusivity", .default_value = 0.5, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "diffusivity nu > 0 (PDEBench: Nu)"},
                           {.name = "rho", .default_value = 1.0, .min = 0.0, .max = 1e3, .doc = "reaction rate rho >= 0 (PDEBench: Rho)"}},
            .stability_limited = true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c0 = p[1];   // rho u
    s.c2 = -p[0];  // nu lap u
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double* p, T* r, T*) const { r[0] = -T(p[1]) * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double* p, double) const { return 2.0 * p[1] * fabs(double(u[0])); }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::ReactionDiffusion);
