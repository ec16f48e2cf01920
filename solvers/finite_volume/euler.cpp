// Compressible flow of an ideal gas (device source): the Euler equations and PDEBench's
// compressible Navier–Stokes (shear and bulk viscosity, no heat conduction), both by the Godunov
// family in 1-D, 2-D and 3-D.
#include <cmath>

#include "solvers/finite_volume/conservation_law.hpp"

namespace simforge::physics {

// rho_t + div(rho u) = 0, (rho u)_t + div(rho u u + p I - tau) = 0, E_t + div((E + p) u - tau u) = 0,
// E = p / (gamma - 1) + rho |u|^2 / 2, tau = eta (grad u + grad u^T) + (zeta - 2 eta / 3) (div u) I.
// W = [rho, p, u_0 .. u_{D-1}], U = [rho, E, m_0 .. m_{D-1}].
template <bool Viscous>
struct IdealGas {
  static constexpr int scalars = 2;
  static constexpr bool viscous = Viscous, has_bed = false;

  static PdeDescriptor descriptor() {
    PdeDescriptor d{.name = Viscous ? "compressible_navier_stokes" : "euler",
                    .summary = Viscous ? "compressible Navier–Stokes of an ideal gas (PDEBench CFD: shear and bulk viscosity), finite volumes"
                                       : "compressible Euler equations of an ideal gas (Riemann problems, shocks), finite volumes",
                    .dims = {1, 2, 3},
                    .fields = {"density", "pressure"},
                    .vectors = {"velocity"},
                    .parameters = {{.name = "gamma", .default_value = 1.4, .min = 1.0, .max = 10.0, .min_exclusive = true,
                                    .doc = "ratio of specific heats (> 1; air 1.4, PDEBench 5/3)"}},
                    .options = {finite_volume::limiter_option(), finite_volume::riemann_option()},
                    .solver_diagnostics = {"time_steps", "min_dt"}};
    if (Viscous) {
      d.parameters.push_back({.name = "shear_viscosity", .default_value = 1e-2, .min = 0.0, .max = 1e3,
                              .doc = "dynamic shear viscosity eta (PDEBench: 1e-8 .. 0.1)"});
      d.parameters.push_back({.name = "bulk_viscosity", .default_value = 1e-2, .min = 0.0, .max = 1e3,
                              .doc = "bulk viscosity zeta (PDEBench: 1e-8 .. 0.1)"});
    }
    return d;
  }
  static std::string admissibility() { return "non-positive density or pressure"; }
  SIMFORGE_HD static double shear_viscosity(const double* p) { return Viscous ? p[1] : 0.0; }
  SIMFORGE_HD static double bulk_viscosity(const double* p) { return Viscous ? p[2] : 0.0; }

  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void primitive(const T* u, const double* p, T* w) {
    const T inv = T(1) / u[0];
    T kinetic = 0;
    for (int a = 0; a < D; ++a) w[2 + a] = u[2 + a] * inv, kinetic += u[2 + a] * w[2 + a];
    w[0] = u[0];
    w[1] = T(p[0] - 1.0) * (u[1] - T(0.5) * kinetic);
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void conserved(const T* w, const double* p, T* u) {
    T kinetic = 0;
    for (int a = 0; a < D; ++a) u[2 + a] = w[0] * w[2 + a], kinetic += w[2 + a] * w[2 + a];
    u[0] = w[0];
    u[1] = w[1] / T(p[0] - 1.0) + T(0.5) * w[0] * kinetic;
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static T energy(const T* w, const double* p) {
    T kinetic = 0;
    for (int a = 0; a < D; ++a) kinetic += w[2 + a] * w[2 + a];
    return w[1] / T(p[0] - 1.0) + T(0.5) * w[0] * kinetic;
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void flux(int axis, const T* w, const double* p, T* f) {
    const T un = w[2 + axis];
    f[0] = w[0] * un;
    f[1] = (energy<D>(w, p) + w[1]) * un;
    for (int k = 0; k < D; ++k) f[2 + k] = w[0] * un * w[2 + k] + (k == axis ? w[1] : T(0));
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static T sound(const T* w, const double* p) {
    return finite_volume::sq_root(T(p[0]) * w[1] / w[0]);
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static T signal(int axis, const T* w, const double* p) {
    return finite_volume::magnitude(w[2 + axis]) + sound<D>(w, p);
  }
  // Einfeldt's bounds: the outer of each side's acoustic speed and the Roe average's.
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void speeds(int axis, const T* wl, const T* wr, const double* p, T& sl, T& sr) {
    using finite_volume::sq_root;
    const T rl = sq_root(wl[0]), rr = sq_root(wr[0]), inv = T(1) / (rl + rr);
    const T hl = (energy<D>(wl, p) + wl[1]) / wl[0], hr = (energy<D>(wr, p) + wr[1]) / wr[0];
    T q2 = 0;
    for (int k = 0; k < D; ++k) {
      const T uk = (rl * wl[2 + k] + rr * wr[2 + k]) * inv;
      q2 += uk * uk;
    }
    const T un = (rl * wl[2 + axis] + rr * wr[2 + axis]) * inv, h = (rl * hl + rr * hr) * inv;
    const T c = sq_root(finite_volume::larger(T(0), T(p[0] - 1.0) * (h - T(0.5) * q2)));
    sl = finite_volume::smaller(wl[2 + axis] - sound<D>(wl, p), un - c);
    sr = finite_volume::larger(wr[2 + axis] + sound<D>(wr, p), un + c);
  }
  // HLLC's contact speed (Toro, Spruce & Speares 1994) and the star state beside it on the side of
  // the wave s (sl or sr) of state w.
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static bool middle_speed(int axis, const T* wl, const T* wr, const double*, T sl, T sr, T& star) {
    const T ml = wl[0] * (sl - wl[2 + axis]), mr = wr[0] * (sr - wr[2 + axis]);
    star = (wr[1] - wl[1] + ml * wl[2 + axis] - mr * wr[2 + axis]) / (ml - mr);
    return true;  // ml > 0 > mr whenever sl < 0 < sr
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void star_state(int axis, const T* w, const double* p, T s, T star, T* us) {
    const T m = w[0] * (s - w[2 + axis]), factor = m / (s - star);
    us[0] = factor;
    us[1] = factor * (energy<D>(w, p) / w[0] + (star - w[2 + axis]) * (star + w[1] / m));
    for (int k = 0; k < D; ++k) us[2 + k] = factor * (k == axis ? star : w[2 + k]);
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static bool admissible(const T* w) {
    return w[0] > T(0) && w[1] > T(0) && w[0] < T(INFINITY) && w[1] < T(INFINITY);
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_CONSERVATION_LAW_PDE(simforge::physics::IdealGas<false>);
SIMFORGE_REGISTER_CONSERVATION_LAW_PDE(simforge::physics::IdealGas<true>);
