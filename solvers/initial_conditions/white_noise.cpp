// Independent normal values at every grid point (PDEBench's 2D diffusion–reaction starts from
// N(0, 1) noise), in physical space (device source).
#include <cmath>

#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

// mean + std * z, z ~ N(0, 1) from the sample's Philox stream (one draw pair per two points), so
// a point's value depends on (seed, sample, field, point) only.
template <class Real>
struct NoiseField {
  std::size_t points;
  int fields;
  double mean[8], std_dev[8];
  std::uint64_t seed, first;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / std::size_t(fields), f = row % std::size_t(fields);
    double z0, z1;
    PhiloxStream(seed, first + b, std::uint32_t(f)).normal2(p / 2, z0, z1);
    out[row * points + p] = Real(mean[f] + std_dev[f] * (p % 2 ? z1 : z0));
  }
};

template <class Real>
class WhiteNoise final : public InitialCondition<Real> {
 public:
  explicit WhiteNoise(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    SIMFORGE_CHECK(r.fields <= 8, "white_noise: at most 8 fields");
    NoiseField<Real> f{r.grid.points(), r.fields, {}, {}, r.seed, r.first, out};
    values_.per_field("mean", r.fields, f.mean);
    values_.per_field("std", r.fields, f.std_dev);
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(), f);
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::WhiteNoise, {
    .name = "white_noise",
    .summary = "independent normal values at every point (PDEBench 2D diffusion–reaction: N(0, 1))",
    .parameters = {{.name = "mean", .default_value = 0.0, .min = -1e12, .max = 1e12, .may_vary = false, .doc = "mean (per field)"},
                   {.name = "std", .default_value = 1.0, .min = 0.0, .max = 1e12, .may_vary = false,
                    .doc = "standard deviation (per field)"}},
    .per_field = {true, true},
    .dims = {1, 2, 3},
});
