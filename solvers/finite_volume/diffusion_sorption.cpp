// PDEBench's 1D diffusion–sorption (device source): a contaminant diffusing through soil that
// adsorbs it, slowed by the Freundlich retardation factor.
#include <cmath>

#include "solvers/finite_volume/diffusion_reaction.hpp"

namespace simforge::physics {

// u_t = D / R(u) u_xx,  R(u) = 1 + (1 - phi) / phi rho_s k_f n_f (u + 1e-6)^(n_f - 1)
// (PDEBench: D = 5e-4, phi = 0.29, rho_s = 2880, k_f = 3.5e-4, n_f = 0.874; u = 1 at x = 0 and the
// Cauchy outflow u = -D u_x at x = 1, i.e. `robin: -1 / D`). The 1e-6 keeps R finite at u = 0, as
// PDEBench's own does.
struct DiffusionSorption : finite_volume::NoReaction {
  static constexpr int fields = 1;
  static PdeDescriptor descriptor() {
    return {.name = "diffusion_sorption",
            .summary = "diffusion–sorption u_t = D / R(u) u_xx with Freundlich retardation R (PDEBench 1D diff-sorp), finite volumes",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "diffusivity", .default_value = 5e-4, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "effective diffusivity D (> 0)"},
                           {.name = "porosity", .default_value = 0.29, .min = 0.0, .max = 1.0, .min_exclusive = true,
                            .doc = "porosity phi in (0, 1]"},
                           {.name = "bulk_density", .default_value = 2880, .min = 0.0, .max = 1e6, .doc = "dry bulk density rho_s"},
                           {.name = "freundlich_k", .default_value = 3.5e-4, .min = 0.0, .max = 1e3, .doc = "Freundlich parameter k_f"},
                           {.name = "freundlich_n", .default_value = 0.874, .min = 0.0, .max = 1.0, .min_exclusive = true,
                            .doc = "Freundlich exponent n_f in (0, 1]"}},
            .stability_limited = true};
  }
  SIMFORGE_HD static double diffusivity(int, const double* p) { return p[0]; }
  // 1 / R(u): R >= 1, so the mobility is in (0, 1].
  // (in the state's precision: the power is most of this PDE's cost).
  template <class T>
  SIMFORGE_HD T mobility(int, const T* u, const double* p) const {
    const T c = (u[0] > T(0) ? u[0] : T(0)) + T(1e-6);
    return T(1) / (T(1) + T((1.0 - p[1]) / p[1] * p[2] * p[3] * p[4]) * pow(c, T(p[4] - 1.0)));
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_DIFFUSION_REACTION_PDE(simforge::physics::DiffusionSorption);
