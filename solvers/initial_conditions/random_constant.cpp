// A spatially uniform state whose value is drawn per sample (PDEBench's diffusion–sorption starts
// from u = U(0, 0.2) everywhere), in physical space (device source).
#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

template <class Real>
struct ConstantField {
  std::size_t points;
  int fields;
  double lo[8], hi[8];
  std::uint64_t seed, first;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / std::size_t(fields), f = row % std::size_t(fields);
    const double u = PhiloxStream(seed, first + b, std::uint32_t(f)).uniform(0);  // (0, 1]
    out[row * points + p] = Real(lo[f] + (hi[f] - lo[f]) * u);
  }
};

template <class Real>
class RandomConstant final : public InitialCondition<Real> {
 public:
  explicit RandomConstant(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    SIMFORGE_CHECK(r.fields <= 8, "random_constant: at most 8 fields");
    ConstantField<Real> f{r.grid.points(), r.fields, {}, {}, r.seed, r.first, out};
    values_.per_field("min", r.fields, f.lo);
    values_.per_field("max", r.fields, f.hi);
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(), f);
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::RandomConstant, {
    .name = "random_constant",
    .summary = "the same value everywhere, drawn per sample from U(min, max] (PDEBench diffusion–sorption: U(0, 0.2))",
    .parameters = {{.name = "min", .default_value = 0.0, .min = -1e12, .max = 1e12, .may_vary = false, .doc = "lower bound (per field)"},
                   {.name = "max", .default_value = 1.0, .min = -1e12, .max = 1e12, .may_vary = false, .doc = "upper bound (per field)"}},
    .per_field = {true, true},
    .dims = {1, 2, 3},
});
