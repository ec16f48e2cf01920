// PDEBench's radial dam break (device source): still water, a column of one height inside a
// circle (a sphere in 3-D, an interval in 1-D) at the box centre and another outside, the radius
// drawn per sample. Fields: the surface (the depth over a flat bed), then the velocity (0).
#include <cmath>

#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

template <class Real>
struct Column {
  Grid g;
  int fields;
  double inner, outer, r_min, r_max;
  std::uint64_t seed, first;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / std::size_t(fields);
    const int f = int(row % std::size_t(fields));
    if (f > 0) {
      out[row * g.points() + p] = Real(0);
      return;
    }
    const double radius = r_min + (r_max - r_min) * PhiloxStream(seed, first + b, 0).uniform(0);
    double r2 = 0;
    std::size_t rest = p;
    for (int a = g.dim - 1; a >= 0; --a) {
      const double d = (g.unit_position(a, rest % std::size_t(g.n[a])) - 0.5) * g.length;
      rest /= std::size_t(g.n[a]);
      r2 += d * d;
    }
    out[row * g.points() + p] = Real(r2 < radius * radius ? inner : outer);
  }
};

template <class Real>
class DamBreak final : public InitialCondition<Real> {
 public:
  explicit DamBreak(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    SIMFORGE_CHECK(r.fields == 1 + r.grid.dim, "dam_break gives a surface and a ", r.grid.dim, "-D velocity (", 1 + r.grid.dim,
                   " fields), not ", r.fields, " fields: use it with shallow_water");
    SIMFORGE_CHECK(values_("radius_min") <= values_("radius_max"), "dam_break: radius_min ", values_("radius_min"),
                   " exceeds radius_max ", values_("radius_max"));
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(),
                   Column<Real>{r.grid, r.fields, values_("inner_height"), values_("outer_height"), values_("radius_min"),
                                values_("radius_max"), r.seed, r.first, out});
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::DamBreak, {
    .name = "dam_break",
    .summary = "PDEBench's radial dam break: a water column of random radius at the box centre, at rest (shallow_water)",
    .parameters = {{.name = "inner_height", .default_value = 2.0, .min = 0.0, .max = 1e6, .min_exclusive = true, .may_vary = false,
                    .doc = "surface inside the column (PDEBench: 2)"},
                   {.name = "outer_height", .default_value = 1.0, .min = 0.0, .max = 1e6, .min_exclusive = true, .may_vary = false,
                    .doc = "surface outside (PDEBench: 1)"},
                   {.name = "radius_min", .default_value = 0.3, .min = 0.0, .max = 1e6, .may_vary = false,
                    .doc = "the radius is drawn per sample from U(radius_min, radius_max] (PDEBench: 0.3)"},
                   {.name = "radius_max", .default_value = 0.7, .min = 0.0, .max = 1e6, .may_vary = false, .doc = "(PDEBench: 0.7)"}},
    .per_field = {false, false, false, false},
    .dims = {1, 2, 3},
});
