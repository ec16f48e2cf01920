// PDEBench's random initial states of compressible flow (device source): density, pressure and
// every velocity component each a random superposition of sine modes, scaled to a mean and a
// relative amplitude (density, pressure) or to a Mach number (velocity).
#include <cmath>

#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

// f = sum_w A_w sin(2 pi k_w . x / L + phi_w) / sum_w A_w in [-1, 1]: integer wave vectors with
// components in [-k_max, k_max] (not all 0), A_w ~ U(0, 1], phi_w ~ U(0, 2 pi), per (sample, field).
template <class Real>
struct RandomFlowField {
  Grid g;
  int fields, waves, k_max;
  double mean_density, density_amplitude, mean_pressure, pressure_amplitude, velocity_scale;
  std::uint64_t seed, first;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / std::size_t(fields);
    const int f = int(row % std::size_t(fields));
    const PhiloxStream rng(seed, first + b, std::uint32_t(f));
    double pos[Grid::max_dim];
    std::size_t rest = p;
    for (int a = g.dim - 1; a >= 0; --a) pos[a] = g.unit_position(a, rest % std::size_t(g.n[a])), rest /= std::size_t(g.n[a]);
    const double twopi = 6.283185307179586;
    double sum = 0, norm = 0;
    for (int w = 0; w < waves; ++w) {
      const PhiloxCounter r = rng.bits(std::uint64_t(w)), s = rng.bits(std::uint64_t(1000 + w));
      double phase = twopi * uniform_open0(r.v[0]);
      bool zero = true;
      for (int a = 0; a < g.dim; ++a) {
        const int k = int(s.v[a] % std::uint32_t(2 * k_max + 1)) - k_max;
        zero = zero && k == 0;
        phase += twopi * k * pos[a];
      }
      if (zero) phase += twopi * pos[g.dim - 1];  // a constant mode would not vary: make it k_x = 1
      const double amp = uniform_open0(r.v[1]);
      sum += amp * sin(phase);
      norm += amp;
    }
    const double v = sum / norm;
    double value;
    if (f == 0) value = mean_density * (1.0 + density_amplitude * v);
    else if (f == 1) value = mean_pressure * (1.0 + pressure_amplitude * v);
    else value = velocity_scale * v;
    out[row * g.points() + p] = Real(value);
  }
};

template <class Real>
class RandomFlow final : public InitialCondition<Real> {
 public:
  explicit RandomFlow(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    SIMFORGE_CHECK(r.fields == 2 + r.grid.dim, "random_flow gives density, pressure and a ", r.grid.dim, "-D velocity (", 2 + r.grid.dim,
                   " fields), not ", r.fields, " fields: use it with euler or compressible_navier_stokes");
    const double rho = values_("mean_density"), pressure = values_("mean_pressure");
    const double sound = std::sqrt(values_("gamma") * pressure / rho);
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(),
                   RandomFlowField<Real>{r.grid, r.fields, int(values_("waves")), int(values_("max_wavenumber")), rho,
                                         values_("density_amplitude"), pressure, values_("pressure_amplitude"), values_("mach") * sound,
                                         r.seed, r.first, out});
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::RandomFlow, {
    .name = "random_flow",
    .summary = "PDEBench's random compressible states: sine superpositions in density, pressure and velocity at a Mach number",
    .parameters = {{.name = "waves", .default_value = 4, .min = 1, .max = 64, .may_vary = false, .integer = true, .doc = "sine modes per field"},
                   {.name = "max_wavenumber", .default_value = 4, .min = 1, .max = 1e4, .may_vary = false, .integer = true,
                    .doc = "wave-vector components drawn from -k .. k"},
                   {.name = "mean_density", .default_value = 1.0, .min = 0.0, .max = 1e12, .min_exclusive = true, .may_vary = false,
                    .doc = "mean density rho0"},
                   {.name = "density_amplitude", .default_value = 0.5, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "density = rho0 (1 + a f), |f| <= 1 (< 1 keeps it positive)"},
                   {.name = "mean_pressure", .default_value = 1.0, .min = 0.0, .max = 1e12, .min_exclusive = true, .may_vary = false,
                    .doc = "mean pressure p0"},
                   {.name = "pressure_amplitude", .default_value = 0.5, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "pressure = p0 (1 + a f)"},
                   {.name = "mach", .default_value = 0.1, .min = 0.0, .max = 1e3, .may_vary = false,
                    .doc = "velocity components = M c0 f, c0 = sqrt(gamma p0 / rho0) (PDEBench: 0.1, 1)"},
                   {.name = "gamma", .default_value = 1.4, .min = 1.0, .max = 10.0, .min_exclusive = true, .may_vary = false,
                    .doc = "the gas's gamma, for c0 (give the PDE's)"}},
    .per_field = {false, false, false, false, false, false, false, false},
    .dims = {1, 2, 3},
});
