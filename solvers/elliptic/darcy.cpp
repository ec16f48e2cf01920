// Steady Darcy flow as a PDE of the `elliptic` family (device source): the per-sample coefficient
// is a two-phase field thresholded from the initial condition's first field (the FNO paper's and
// PDEBench's construction), the solution comes from the batched multigrid-preconditioned CG of
// darcy_multigrid.hpp, and the one stored frame holds both: the surrogate's input and its target.
#include <cmath>
#include <memory>

#include "kernels/buffer.hpp"
#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "kernels/strings.hpp"
#include "solvers/elliptic/darcy_multigrid.hpp"
#include "solvers/pde.hpp"
#include "solvers/simulation_spec.hpp"
#include "solvers/solver.hpp"
#include "solvers/solver_family.hpp"

namespace simforge::elliptic {

namespace {

enum Param { Forcing, High, Low, Tolerance };

// a = high where the random field is >= 0, low elsewhere; f = the sample's forcing.
template <class Real>
struct TwoPhase {
  std::size_t points, n_params;
  const double* params;
  const Real* field;  // [count, 2, points]: the initial condition; field 0 is thresholded
  Real *a, *f, *u;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t p) const {
    const double* row = params + b * n_params;
    a[b * points + p] = Real(field[b * 2 * points + p] >= Real(0) ? row[High] : row[Low]);
    f[b * points + p] = Real(row[Forcing]);
    u[b * points + p] = Real(0);
  }
};

// [count, 2, points] of (coefficient, solution), in Real or as float.
template <class Real, class Out>
struct Interleave {
  std::size_t points;
  const Real *a, *u;
  Out* out;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t p) const {
    out[b * 2 * points + p] = Out(a[b * points + p]);
    out[(b * 2 + 1) * points + p] = Out(u[b * points + p]);
  }
};

const SolverFamily& elliptic_family() { return find_solver_family("elliptic"); }

template <class Real>
class DarcySolver final : public Solver<Real> {
 public:
  DarcySolver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream)
      : grid_(spec.grid), max_batch_(max_batch), stream_(stream), mg_(check(spec), max_batch, stream, spec.grid.length),
        a_(max_batch * grid_.points()), f_(max_batch * grid_.points()), u_(max_batch * grid_.points()) {}

  const Grid& grid() const override { return grid_; }
  int fields() const override { return 2; }
  void begin(const ParameterTable& t) override {
    SIMFORGE_CHECK(t.count >= 1 && t.count <= max_batch_, "darcy: batch of ", t.count, " samples, at most ", max_batch_);
    count_ = t.count;
    names_ = t.names;
    host_params_ = t.values;
    params_ = to_device<double>(t.values, stream_);
  }
  // The initial condition's first field becomes the coefficient; the solve happens here, so the
  // state is always the solution of its coefficient.
  void set_state(const Real* physical) override {
    const std::size_t pts = grid_.points();
    for_each_index(stream_, count_, pts, TwoPhase<Real>{pts, names_.size(), params_.data(), physical, a_.data(), f_.data(), u_.data()});
    mg_.set_coefficient(a_.data(), count_);
    const double tol = host_params_[Tolerance];
    const DarcyReport r = mg_.solve(f_.data(), u_.data(), {.tolerance = tol});
    for (std::size_t b = 0; b < count_; ++b)
      SIMFORGE_CHECK(r.relative_residual[b] <= tol, "darcy: batch sample ", b, " reached relative residual ", r.relative_residual[b],
                     " after ", r.iterations[b], " CG iterations, not pde.tolerance = ", tol);
    report_ = r;
  }
  void state(Real* physical) override {
    for_each_index(stream_, count_, grid_.points(), Interleave<Real, Real>{grid_.points(), a_.data(), u_.data(), physical});
    stream_.synchronize();
  }
  void advance(double duration) override {
    SIMFORGE_CHECK(duration == 0, "darcy is steady: there is no time to advance (", duration, ")");
  }
  void stored_frame(float* frame) override {
    for_each_index(stream_, count_, grid_.points(), Interleave<Real, float>{grid_.points(), a_.data(), u_.data(), frame});
  }
  std::vector<double> stability_rate() override { return {}; }
  std::vector<std::vector<double>> diagnostics() override {
    return {std::vector<double>(report_.iterations.begin(), report_.iterations.end()), report_.relative_residual};
  }

 private:
  static int check(const SimulationSpec& spec) {
    const SolverFamily& fam = elliptic_family();
    const Grid& g = spec.grid;
    SIMFORGE_CHECK(g.dim == 2 && g.n[0] == g.n[1], "darcy: a square 2-D grid (n x n), got ", bracketed(g.extents()));
    SIMFORGE_CHECK(fam.accepts_extent(g.n[0]), "grid extent ", g.n[0], " is not allowed; allowed: ", fam.extent_rule);
    SIMFORGE_CHECK(g.cell_centered, "darcy: finite volumes need a cell-centred grid");
    SIMFORGE_CHECK(spec.stored_extents() == g.extents(), "darcy: the stored grid must be the solved one (", fam.store_rule, ")");
    for (int a = 0; a < 2; ++a)
      for (const Boundary& b : {g.lower[a], g.upper[a]})
        SIMFORGE_CHECK(b.kind == BoundaryKind::Dirichlet && b.value == 0.0, "darcy: u = 0 on every face ({dirichlet: 0}); got ",
                       boundary_info(b.kind).name, " ", b.value);
    return g.n[0];
  }

  Grid grid_;
  std::size_t max_batch_, count_ = 0;
  const Stream& stream_;
  DarcyMultigrid<Real> mg_;
  DeviceBuffer<Real> a_, f_, u_;
  std::vector<std::string> names_;
  std::vector<double> host_params_;
  DeviceBuffer<double> params_;
  DarcyReport report_;
};

PdeDescriptor darcy_descriptor() {
  return {.name = "darcy",
          .summary = "steady Darcy flow -div(a grad u) = f, u = 0 on the faces, a two-phase coefficient (FNO paper, PDEBench)",
          .family = "elliptic",
          .dims = {2},
          .fields = {"coefficient", "solution"},
          .parameters = {{.name = "forcing", .default_value = 1.0, .min = -1e6, .max = 1e6, .doc = "the constant source f (PDEBench: beta)"},
                         {.name = "coefficient_high", .default_value = 12.0, .min = 0.0, .max = 1e6, .min_exclusive = true,
                          .doc = "a where the random field is >= 0 (FNO paper: 12, PDEBench: 1)"},
                         {.name = "coefficient_low", .default_value = 3.0, .min = 0.0, .max = 1e6, .min_exclusive = true,
                          .doc = "a elsewhere (FNO paper: 3, PDEBench: 0.1)"},
                         {.name = "tolerance", .default_value = 1e-6, .min = 0.0, .max = 1.0, .min_exclusive = true, .may_vary = false,
                          .doc = "CG stops at this relative residual ||f - A u|| / ||f|| per sample"}},
          .steady = true,
          .solver_diagnostics = {"cg_iterations", "relative_residual"}};
}

PdeEntry darcy_entry() {
  PdeEntry e{.name = "darcy", .descriptor = darcy_descriptor(), .make_float = {}, .make_double = {}};
  e.make_float = [](const SimulationSpec& s, std::size_t b, const Stream& st) -> std::unique_ptr<Solver<float>> {
    return std::make_unique<DarcySolver<float>>(s, b, st);
  };
  e.make_double = [](const SimulationSpec& s, std::size_t b, const Stream& st) -> std::unique_ptr<Solver<double>> {
    return std::make_unique<DarcySolver<double>>(s, b, st);
  };
  return e;
}

}  // namespace

}  // namespace simforge::elliptic

SIMFORGE_REGISTER(::simforge::pde_registry(), ::simforge::elliptic::darcy_entry());

SIMFORGE_REGISTER_SOLVER_FAMILY(simforge::SolverFamily{
    .name = "elliptic",
    .summary = "steady problems by cell-centred finite volumes and multigrid-preconditioned conjugate gradients; one stored frame",
    .accepts_extent = [](int n) { return n >= 2; },
    .extent_rule = "integers >= 2 (multigrid coarsens while the count is even: powers of two solve fastest)",
    .accepts_store = [](int stored, int solved) { return stored == solved; },
    .store_rule = "equal to grid.n",
    .boundaries = {simforge::BoundaryKind::Dirichlet},
    .cell_centered = true,
    .default_boundary = {simforge::BoundaryKind::Dirichlet, 0.0},
    .time_steppers = [] {
      return std::vector<simforge::TimeSchemeInfo>{
          {"mg_pcg", "not a time stepper: conjugate gradients preconditioned by a geometric-multigrid V(2,2) cycle"}};
    },
    .default_stepper = "mg_pcg",
});
