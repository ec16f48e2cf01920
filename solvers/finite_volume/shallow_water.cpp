// The shallow-water equations over an optional bed (device source), by the Godunov family in 1-D
// and 2-D: PDEBench's radial dam break, and, with a bed, a well-balanced scheme (hydrostatic
// reconstruction) that keeps a lake at rest at rest to round-off.
#include <cmath>

#include "solvers/finite_volume/conservation_law.hpp"

namespace simforge::physics {

// h_t + div(h u) = 0, (h u)_t + div(h u u + g h^2 / 2 I) = -g h grad z, z a Gaussian bump of
// height bed_height and width bed_width at the box centre. W = [h, u_0 .. u_{D-1}], U = [h, h u].
struct ShallowWater {
  static constexpr int scalars = 1;
  static constexpr bool viscous = false, has_bed = true;

  static PdeDescriptor descriptor() {
    return {.name = "shallow_water",
            .summary = "shallow-water equations over an optional Gaussian bed (PDEBench radial dam break), well-balanced finite volumes",
            .dims = {1, 2},
            .fields = {"depth"},
            .vectors = {"velocity"},
            .parameters = {{.name = "gravity", .default_value = 1.0, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .doc = "gravitational acceleration g (PDEBench: 1)"},
                           {.name = "bed_height", .default_value = 0.0, .min = 0.0, .max = 1e3, .omitted_at_default = true,
                            .doc = "height of the bed's Gaussian bump at the box centre (0: a flat bed); initial conditions give the surface h + z"},
                           {.name = "bed_width", .default_value = 0.5, .min = 0.0, .max = 1e3, .min_exclusive = true,
                            .omitted_at_default = true, .doc = "the bump's width w: z = bed_height exp(-|x - centre|^2 / w^2)"}},
            .options = {finite_volume::limiter_option(), finite_volume::riemann_option()},
            .solver_diagnostics = {"time_steps", "min_dt"}};
  }
  static std::string admissibility() { return "non-positive depth (dry cells are not supported)"; }
  SIMFORGE_HD static double gravity(const double* p) { return p[0]; }
  SIMFORGE_HD static double bed(int dim, const double* offset, const double* p) {
    double r2 = 0;
    for (int a = 0; a < dim; ++a) r2 += offset[a] * offset[a];
    return p[1] * exp(-r2 / (p[2] * p[2]));
  }
  SIMFORGE_HD static double shear_viscosity(const double*) { return 0.0; }
  SIMFORGE_HD static double bulk_viscosity(const double*) { return 0.0; }

  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void primitive(const T* u, const double*, T* w) {
    const T inv = T(1) / u[0];
    w[0] = u[0];
    for (int a = 0; a < D; ++a) w[1 + a] = u[1 + a] * inv;
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void conserved(const T* w, const double*, T* u) {
    u[0] = w[0];
    for (int a = 0; a < D; ++a) u[1 + a] = w[0] * w[1 + a];
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void flux(int axis, const T* w, const double* p, T* f) {
    const T un = w[1 + axis];
    f[0] = w[0] * un;
    for (int k = 0; k < D; ++k) f[1 + k] = w[0] * un * w[1 + k] + (k == axis ? T(0.5 * p[0]) * w[0] * w[0] : T(0));
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static T signal(int axis, const T* w, const double* p) {
    return finite_volume::magnitude(w[1 + axis]) + finite_volume::sq_root(T(p[0]) * w[0]);
  }
  // Einfeldt-type bounds from the Roe-averaged velocity and the mean celerity; a dry side (the
  // hydrostatic reconstruction cuts a face to h = 0 at a bed step) keeps its neighbour's.
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void speeds(int axis, const T* wl, const T* wr, const double* p, T& sl, T& sr) {
    using finite_volume::sq_root;
    const T g = T(p[0]), rl = sq_root(wl[0]), rr = sq_root(wr[0]);
    const T cl = sq_root(g * wl[0]), cr = sq_root(g * wr[0]);
    const T un = rl + rr > T(0) ? (rl * wl[1 + axis] + rr * wr[1 + axis]) / (rl + rr) : T(0);
    const T c = sq_root(T(0.5) * g * (wl[0] + wr[0]));
    sl = finite_volume::smaller(wl[0] > T(0) ? wl[1 + axis] - cl : wr[1 + axis] - T(2) * cr, un - c);
    sr = finite_volume::larger(wr[0] > T(0) ? wr[1 + axis] + cr : wl[1 + axis] + T(2) * cl, un + c);
  }
  // HLLC's middle (shear) wave s* and the star state beside it: the transverse velocity is carried
  // across s*. No middle wave when the two sides' mass fluxes relative to the waves coincide.
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static bool middle_speed(int axis, const T* wl, const T* wr, const double*, T sl, T sr, T& star) {
    const T ml = wl[0] * (wl[1 + axis] - sl), mr = wr[0] * (wr[1 + axis] - sr), den = mr - ml;
    if (!(finite_volume::magnitude(den) > T(0))) return false;
    star = (sl * mr - sr * ml) / den;
    return true;
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static void star_state(int axis, const T* w, const double*, T s, T star, T* us) {
    const T factor = w[0] * (s - w[1 + axis]) / (s - star);
    us[0] = factor;
    for (int k = 0; k < D; ++k) us[1 + k] = factor * (k == axis ? star : w[1 + k]);
  }
  template <int D, class T>
  SIMFORGE_HD SIMFORGE_INLINE static bool admissible(const T* w) {
    return w[0] > T(0) && w[0] < T(INFINITY);
  }
};

}  // namespace simforge::physics

SIMFORGE_REGISTER_CONSERVATION_LAW_PDE(simforge::physics::ShallowWater);
