// PDEBench's 1D initial condition (init_multi), in physical space (device source).
#include <cmath>
#include <limits>

#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

// A sum of `waves` sines with integer wavenumbers drawn from [1, k_max], amplitudes U(0, 1) and
// phases U(0, 2 pi); then, per sample, with probability p_abs the absolute value, a random sign,
// and with probability p_window a tanh window on [x_L, x_R], x_L ~ U(0.1, 0.45),
// x_R ~ U(0.55, 0.9), width 0.01. Wavenumbers are 2 pi n / L, exactly periodic (PDEBench's own
// uses the distance between the first and last cell centres).
template <class Real>
struct SineWaveField {
  Grid g;
  int fields, waves, k_max;
  double p_abs, p_window;
  std::uint64_t seed, first;
  Real* out;  // [rows, points]
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / fields, f = row % fields;
    const PhiloxStream rng(seed, first + b, std::uint32_t(f));
    const double xl = g.unit_position(g.dim - 1, p % std::size_t(g.n[g.dim - 1])), twopi = 6.283185307179586;
    double u = 0;
    for (int w = 0; w < waves; ++w) {
      const PhiloxCounter r = rng.bits(std::uint64_t(w));
      const int n = 1 + int(r.v[0] % std::uint32_t(k_max));
      u += uniform_open0(r.v[1]) * sin(twopi * n * xl + twopi * uniform_open0(r.v[2]));
    }
    const PhiloxCounter s = rng.bits(1000);
    if (uniform_open0(s.v[0]) <= p_abs) u = fabs(u);
    if (s.v[1] & 1u) u = -u;
    if (uniform_open0(s.v[2]) <= p_window) {
      const PhiloxCounter e = rng.bits(1001);
      const double left = 0.1 + 0.35 * uniform_open0(e.v[0]), right = 0.55 + 0.35 * uniform_open0(e.v[1]);
      u *= 0.5 * (tanh((xl - left) / 0.01) - tanh((xl - right) / 0.01));
    }
    out[row * g.points() + p] = Real(u);
  }
};

template <class Real>
struct Value {
  const Real* u;
  SIMFORGE_HD double operator()(std::size_t i) const { return double(u[i]); }
};
template <class Real>
struct Rescale {
  Real* u;
  double lo, inv_range;
  SIMFORGE_HD void operator()(std::size_t i) const { u[i] = Real((double(u[i]) - lo) * inv_range); }
};

template <class Real>
class SineWaves final : public InitialCondition<Real> {
 public:
  explicit SineWaves(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    const std::size_t rows = r.count * std::size_t(r.fields), pts = r.grid.points();
    for_each_index(*r.stream, rows, pts,
                   SineWaveField<Real>{r.grid, r.fields, int(values_("waves")), int(values_("max_wavenumber")),
                                       values_("abs_probability"), values_("window_probability"), r.seed, r.first, out});
    if (values_("normalize") == 0) return;
    // PDEBench's reaction–diffusion data: each sample shifted and scaled onto [0, 1].
    for (std::size_t row = 0; row < rows; ++row) {
      Real* u = out + row * pts;
      const double lo = transform_reduce_index(*r.stream, pts, Value<Real>{u}, std::numeric_limits<double>::infinity(), detail::MinOp<double>());
      const double hi = transform_reduce_index(*r.stream, pts, Value<Real>{u}, -std::numeric_limits<double>::infinity(), detail::MaxOp<double>());
      for_each_index(*r.stream, pts, Rescale<Real>{u, lo, hi > lo ? 1.0 / (hi - lo) : 0.0});
    }
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::SineWaves, {
    .name = "sine_waves",
    .summary = "PDEBench's 1D initial condition: random sine superpositions, random |.|, sign and tanh window",
    .parameters = {{.name = "waves", .default_value = 2, .min = 1, .max = 64, .may_vary = false, .integer = true, .doc = "sines per sample (PDEBench: 2)"},
                   {.name = "max_wavenumber", .default_value = 8, .min = 1, .max = 1e4, .may_vary = false, .integer = true,
                    .doc = "wavenumbers drawn from 1..max_wavenumber (PDEBench: 8)"},
                   {.name = "abs_probability", .default_value = 0.1, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "probability of taking |u| (PDEBench: 0.1)"},
                   {.name = "window_probability", .default_value = 0.1, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "probability of a tanh window (PDEBench: 0.1)"},
                   {.name = "normalize", .default_value = 0, .min = 0, .max = 1, .may_vary = false, .integer = true,
                    .omitted_at_default = true, .doc = "1: shift and scale each sample onto [0, 1] (PDEBench's reaction–diffusion)"}},
    .per_field = {false, false, false, false, false},
    .dims = {1},
});
