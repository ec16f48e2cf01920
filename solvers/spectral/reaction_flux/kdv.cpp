#include <cmath>

#include "solvers/spectral/reaction_flux_pde.hpp"

namespace simforge::physics {

// Korteweg–de Vries u_t + a u u_x + delta u_xxx = 0 (a = 6, delta = 1: the classical soliton form).
struct KdV {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = true;
  static PdeDescriptor descriptor() {
    return {.name = "kdv",
            .summary = "Korteweg–de Vries u_t + a u u_x + delta u_xxx = 0",
            .dims = {1},
            .fields = {"u"},
            .parameters = {{.name = "nonlinearity", .default_value = 6.0, .min = -1e6, .max = 1e6,
                            .doc = "coefficient a of u u_x"},
                           {.name = "dispersion", .default_value = 1.0, .min = 0.0, .max = 1e6, .min_exclusive = true,
                            .doc = "coefficient delta > 0 of u_xxx"}},
            .stability_limited = true};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.d3 = p[1];  // -delta (ik)^3 = i delta k^3
    return s;
  }
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double* p, T*, T* q) const { q[0] = T(-0.5 * p[0]) * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double* p, double inv_dx) const {
    return fabs(p[0] * double(u[0])) * inv_dx;
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::physics::KdV);
