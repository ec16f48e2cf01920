// The Kelvin–Helmholtz instability of a periodic 2-D shear layer (device source): a dense band
// |y - 1/2| < 1/4 moving at +U/2 through a light fluid at -U/2 (tanh profiles), uniform pressure,
// and a transverse velocity perturbation of mode k localized at the two interfaces, its phase and
// amplitude (x U(1/2, 3/2)) drawn per sample. Fields: density, pressure, velocity_y, velocity_x.
#include <cmath>

#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

template <class Real>
struct ShearLayer {
  Grid g;
  double density_ratio, jump, pressure, amplitude, thickness;
  int mode;
  std::uint64_t seed, first;
  Real* out;  // [count, 4, points]
  SIMFORGE_HD void operator()(std::size_t b, std::size_t p) const {
    const std::size_t nx = std::size_t(g.n[1]), pts = g.points();
    const double x = g.unit_position(1, p % nx), y = g.unit_position(0, p / nx), twopi = 6.283185307179586;
    const PhiloxStream rng(seed, first + b, 0);
    const double phase = twopi * rng.uniform(0), amp = amplitude * (0.5 + rng.uniform(1));
    const double band = 0.5 * (tanh((y - 0.25) / thickness) - tanh((y - 0.75) / thickness));
    const double s2 = 4 * thickness * thickness;
    const double bump = exp(-(y - 0.25) * (y - 0.25) / s2) + exp(-(y - 0.75) * (y - 0.75) / s2);
    Real* o = out + b * 4 * pts + p;
    o[0] = Real(1.0 + (density_ratio - 1.0) * band);
    o[pts] = Real(pressure);
    o[2 * pts] = Real(amp * sin(twopi * mode * x + phase) * bump);
    o[3 * pts] = Real(jump * (band - 0.5));
  }
};

template <class Real>
class KelvinHelmholtz final : public InitialCondition<Real> {
 public:
  explicit KelvinHelmholtz(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    SIMFORGE_CHECK(r.fields == 4, "kelvin_helmholtz gives density, pressure and a 2-D velocity (4 fields), not ", r.fields,
                   " fields: use it with euler or compressible_navier_stokes");
    for_each_index(*r.stream, r.count, r.grid.points(),
                   ShearLayer<Real>{r.grid, values_("density_ratio"), values_("velocity_jump"), values_("pressure"), values_("amplitude"),
                                    values_("thickness"), int(values_("mode")), r.seed, r.first, out});
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::KelvinHelmholtz, {
    .name = "kelvin_helmholtz",
    .summary = "a periodic shear layer with a seeded interface perturbation (Kelvin–Helmholtz instability; euler, 2-D)",
    .parameters = {{.name = "density_ratio", .default_value = 2.0, .min = 0.0, .max = 1e6, .min_exclusive = true, .may_vary = false,
                    .doc = "density of the band over the outer fluid's (1)"},
                   {.name = "velocity_jump", .default_value = 1.0, .min = -1e6, .max = 1e6, .may_vary = false,
                    .doc = "band velocity minus outer velocity U (x-velocities +U/2 and -U/2)"},
                   {.name = "pressure", .default_value = 2.5, .min = 0.0, .max = 1e12, .min_exclusive = true, .may_vary = false,
                    .doc = "the uniform pressure"},
                   {.name = "amplitude", .default_value = 0.01, .min = 0.0, .max = 1e6, .may_vary = false,
                    .doc = "mean amplitude of the y-velocity perturbation (each sample: x U(1/2, 3/2))"},
                   {.name = "thickness", .default_value = 0.025, .min = 0.0, .max = 1.0, .min_exclusive = true, .may_vary = false,
                    .doc = "tanh width of the interfaces, in units of the box length"},
                   {.name = "mode", .default_value = 2, .min = 1, .max = 1e4, .may_vary = false, .integer = true,
                    .doc = "wavenumber of the perturbation along x"}},
    .per_field = {false, false, false, false, false, false},
    .dims = {2},
});
