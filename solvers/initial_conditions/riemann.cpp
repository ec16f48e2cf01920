// Piecewise-constant states (device source): a Riemann problem along x (Sod, Lax, the 1-2-3
// problem) and the 2-D four-quadrant problems (Lax & Liu 1998), given per field in the PDE's
// field order (e.g. density, pressure, velocity_y, velocity_x).
#include "kernels/parallel.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

constexpr int max_state_fields = 8;

// Along x (the last axis) at unit position `split`: `left` below it, `right` from it on; the
// same on every line of a 2-D or 3-D box (a planar problem).
template <class Real>
struct TwoStates {
  Grid g;
  int fields;
  double split;
  double left[max_state_fields], right[max_state_fields];
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const int f = int(row % std::size_t(fields)), last = g.dim - 1;
    const bool below = g.unit_position(last, p % std::size_t(g.n[last])) < split;
    out[row * g.points() + p] = Real(below ? left[f] : right[f]);
  }
};

// Four states split at unit positions (x_split, y_split) of a 2-D box.
template <class Real>
struct FourStates {
  Grid g;
  int fields;
  double x_split, y_split;
  double state[4][max_state_fields];  // upper right, upper left, lower left, lower right (quadrants 1..4)
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const int f = int(row % std::size_t(fields));
    const std::size_t nx = std::size_t(g.n[1]);
    const bool right = g.unit_position(1, p % nx) >= x_split, upper = g.unit_position(0, p / nx) >= y_split;
    const int quadrant = upper ? (right ? 0 : 1) : (right ? 3 : 2);
    out[row * g.points() + p] = Real(state[quadrant][f]);
  }
};

template <class Real>
class RiemannProblem final : public InitialCondition<Real> {
 public:
  explicit RiemannProblem(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    SIMFORGE_CHECK(r.fields <= max_state_fields, "riemann: at most ", max_state_fields, " fields");
    TwoStates<Real> f{r.grid, r.fields, values_("position"), {}, {}, out};
    values_.per_field("left", r.fields, f.left);
    values_.per_field("right", r.fields, f.right);
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(), f);
  }

 private:
  InitialConditionValues values_;
};

template <class Real>
class FourQuadrants final : public InitialCondition<Real> {
 public:
  explicit FourQuadrants(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    SIMFORGE_CHECK(r.fields <= max_state_fields, "quadrants: at most ", max_state_fields, " fields");
    FourStates<Real> f{r.grid, r.fields, values_("x_split"), values_("y_split"), {}, out};
    const char* names[4] = {"upper_right", "upper_left", "lower_left", "lower_right"};
    for (int q = 0; q < 4; ++q) values_.per_field(names[q], r.fields, f.state[q]);
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(), f);
  }

 private:
  InitialConditionValues values_;
};

ParameterInfo state(const char* name, const char* doc) {
  return {.name = name, .default_value = 1.0, .min = -1e12, .max = 1e12, .may_vary = false, .doc = doc};
}

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::RiemannProblem, {
    .name = "riemann",
    .summary = "a Riemann problem along x: two constant states (Sod, Lax, 1-2-3), one value per field",
    .parameters = {simforge::state("left", "the state left of the split, per field (Sod: [1, 1, 0] as density, pressure, velocity_x)"),
                   simforge::state("right", "the state from the split on, per field (Sod: [0.125, 0.1, 0])"),
                   {.name = "position", .default_value = 0.5, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "the split along x, in units of the box length"}},
    .per_field = {true, true, false},
    .dims = {1, 2, 3},
});

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::FourQuadrants, {
    .name = "quadrants",
    .summary = "four constant states in the quadrants of a 2-D box (Lax & Liu's four-quadrant Riemann problems), one value per field",
    .parameters = {simforge::state("upper_right", "quadrant 1 (x >= x_split, y >= y_split), per field"),
                   simforge::state("upper_left", "quadrant 2 (x < x_split, y >= y_split), per field"),
                   simforge::state("lower_left", "quadrant 3 (x < x_split, y < y_split), per field"),
                   simforge::state("lower_right", "quadrant 4 (x >= x_split, y < y_split), per field"),
                   {.name = "x_split", .default_value = 0.5, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "the vertical split, in units of the box length"},
                   {.name = "y_split", .default_value = 0.5, .min = 0.0, .max = 1.0, .may_vary = false,
                    .doc = "the horizontal split, in units of the box length"}},
    .per_field = {true, true, true, true, false, false},
    .dims = {2},
});
