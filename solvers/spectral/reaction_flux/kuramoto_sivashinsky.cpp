#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// Kuramoto–Sivashinsky u_t + (u^2/2)_x + u_xx + u_xxxx = 0.
struct KuramotoSivashinsky {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = true;
  static PdeDescriptor descriptor() {
    return {.name = "kuramoto_sivashinsky",
            .summary = "Kuramoto–Sivashinsky u_t + (u^2/2)_x + u_xx + u_xxxx = 0 (set grid.length, e.g. 22 or 32 pi)",
            .dims = {1},
            .fields = {"u"},
            .stability_limited = true};
  }
  static LinearSymbol linear(int, const double*, int) {
    LinearSymbol s;
    s.c2 = 1;
    s.c4 = -1;
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double*, T*, T* q) const { q[0] = T(-0.5) * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double inv_dx) const { return fabs(double(u[0])) * inv_dx; }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::KuramotoSivashinsky);
