#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// Swift–Hohenberg u_t = r u - (k0^2 + lap)^2 u + g u^2 - u^3.
struct SwiftHohenberg {
  static constexpr int fields = 1;
  static constexpr bool reaction = true, flux = false;
  static PdeDescriptor descriptor() {
    return {.name = "swift_hohenberg",
            .summary = "Swift–Hohenberg u_t = r u - (k0^2 + lap)^2 u + g u^2 - u^3 (set grid.length, e.g. 20 pi)",
            .dims = {1, 2, 3},
            .fields = {"u"},
            .parameters = {{.name = "r", .default_value = 0.2, .min = -1e3, .max = 1e3, .doc = "bifurcation parameter r"},
                           {.name = "g", .default_value = 0.0, .min = -1e3, .max = 1e3, .doc = "quadratic coefficient g"},
                           {.name = "k0", .default_value = 1.0, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "critical wavenumber k0 > 0"}},
            .stability_limited = true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    const double k2 = p[2] * p[2];
    LinearSymbol s;
    s.c0 = p[0] - k2 * k2;
    s.c2 = 2 * k2;
    s.c4 = -1;
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double* p, T* r, T*) const {
    r[0] = T(p[1]) * u[0] * u[0] - u[0] * u[0] * u[0];
  }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double* p, double) const {
    return fabs(2 * p[1] * double(u[0])) + 3.0 * double(u[0]) * double(u[0]);
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::SwiftHohenberg);
