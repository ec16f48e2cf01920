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
// Per sample (PDEBench's 'rand' states): a background rho0 ~ U(density_min, density_max] and
// T0 ~ U(temperature_min, temperature_max], p0 = rho0 T0; relative amplitudes of density and
// pressure ~ U(amplitude_min, amplitude_max]; velocity M sqrt(gamma T0) f; and with probability
// window_probability a tanh window along each axis (edges U(0.1, 0.45) and U(0.55, 0.9), width
// 0.01) outside which the gas is at rest at rho0, p0.
template <class Real>
struct RandomFlowField {
  Grid g;
  int fields, waves, k_max;
  double rho_lo, rho_hi, t_lo, t_hi, a_lo, a_hi, mach, gamma, p_window;
  std::uint64_t seed, first;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / std::size_t(fields);
    const int f = int(row % std::size_t(fields));
    const PhiloxStream rng(seed, first + b, std::uint32_t(f)), sample(seed, first + b, 100);
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
    double v = sum / norm;
    const double rho0 = rho_lo + (rho_hi - rho_lo) * sample.uniform(0), t0 = t_lo + (t_hi - t_lo) * sample.uniform(1);
    if (sample.uniform(2) <= p_window)
      for (int a = 0; a < g.dim; ++a) {
        const PhiloxCounter e = sample.bits(std::uint64_t(10 + a));
        const double left = 0.1 + 0.35 * uniform_open0(e.v[0]), right = 0.55 + 0.35 * uniform_open0(e.v[1]);
        v *= 0.5 * (tanh((pos[a] - left) / 0.01) - tanh((pos[a] - right) / 0.01));
      }
    double value;
    if (f < 2) {  // density, pressure
      const double amplitude = a_lo + (a_hi - a_lo) * sample.uniform(std::uint64_t(3 + f));
      value = (f == 0 ? rho0 : rho0 * t0) * (1.0 + amplitude * v);
    } else {
      value = mach * sqrt(gamma * t0) * v;
    }
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
    for (const char* range : {"density", "temperature", "amplitude"}) {
      const std::string lo = std::string(range) + "_min", hi = std::string(range) + "_max";
      SIMFORGE_CHECK(values_(lo) <= values_(hi), "random_flow: ", lo, " = ", values_(lo), " exceeds ", hi, " = ", values_(hi));
    }
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(),
                   RandomFlowField<Real>{r.grid, r.fields, int(values_("waves")), int(values_("max_wavenumber")), values_("density_min"),
                                         values_("density_max"), values_("temperature_min"), values_("temperature_max"),
                                         values_("amplitude_min"), values_("amplitude_max"), values_("mach"), values_("gamma"),
                                         values_("window_probability"), r.seed, r.first, out});
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
                    .doc = "wave-vector components drawn from -k .. k (PDEBench: 4)"},
                   {.name = "density_min", .default_value = 1.0, .min = 0.0, .max = 1e12, .min_exclusive = true, .may_vary = false,
                    .doc = "background density rho0 ~ U(density_min, density_max] per sample (PDEBench: 0.1 .. 10)"},
                   {.name = "density_max", .default_value = 1.0, .min = 0.0, .max = 1e12, .min_exclusive = true, .may_vary = false, .doc = "(see density_min)"},
                   {.name = "temperature_min", .default_value = 1.0, .min = 0.0, .max = 1e12, .min_exclusive = true, .may_vary = false,
                    .doc = "background temperature T0 ~ U(min, max], p0 = rho0 T0 (PDEBench: 0.1 .. 10)"},
                   {.name = "temperature_max", .default_value = 1.0, .min = 0.0, .max = 1e12, .min_exclusive = true, .may_vary = false, .doc = "(see temperature_min)"},
                   {.name = "amplitude_min", .default_value = 0.5, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "relative amplitude of density and pressure ~ U(min, max] per sample and field (PDEBench: 0.01 .. 0.2; < 1 keeps them positive)"},
                   {.name = "amplitude_max", .default_value = 0.5, .min = 0.0, .max = 1.0, .may_vary = false, .doc = "(see amplitude_min)"},
                   {.name = "mach", .default_value = 0.1, .min = 0.0, .max = 1e3, .may_vary = false,
                    .doc = "velocity components = M sqrt(gamma T0) f, |f| <= 1 (PDEBench: 0.1, 1)"},
                   {.name = "gamma", .default_value = 1.4, .min = 1.0, .max = 10.0, .min_exclusive = true, .may_vary = false,
                    .doc = "the gas's gamma, for the sound speed (give the PDE's; PDEBench: 5/3)"},
                   {.name = "window_probability", .default_value = 0.0, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "probability of a tanh window per sample, outside which the gas is at rest (PDEBench: 0.5)"}},
    .per_field = {false, false, false, false, false, false, false, false, false, false, false},
    .dims = {1, 2, 3},
});
