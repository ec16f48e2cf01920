// The finite-volume family against exact solutions of the heat equation with walls (orders of
// convergence), conservation with no-flux walls, FitzHugh–Nagumo's uniform state against its
// ODE, batch independence and block-averaged storage.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>

#include "kernels/buffer.hpp"
#include "solvers/simulation.hpp"

namespace simforge {
namespace {

constexpr double pi = M_PI;

SimulationSpec fv_spec(const std::string& pde, std::vector<int> n, double length, Boundary lo[], Boundary hi[], double dt,
                       const std::map<std::string, double>& params = {}) {
  SimulationSpec s;
  s.pde.type = pde;
  for (const auto& [name, v] : params) s.pde.parameters[name] = ParameterLaw::fixed(v);
  s.initial_condition = {"white_noise", {}};
  s.grid = Grid::periodic(n, length, /*cell_centered=*/true);
  for (int a = 0; a < s.grid.dim; ++a) s.grid.lower[a] = lo[a], s.grid.upper[a] = hi[a];
  s.grid.validate();
  s.dt = dt;
  s.stepper = "rk4";
  s.cfl_max = 2.5;
  return s;
}

// The cell centre of point p as {x, y, z} (x is the last array axis).
struct CellCentres {
  const Grid& g;
  std::vector<std::vector<double>> c;
  explicit CellCentres(const Grid& grid) : g(grid) {
    for (int a = 0; a < g.dim; ++a) c.push_back(g.coordinates(a));
  }
  void operator()(std::size_t p, double x[3]) const {
    x[0] = x[1] = x[2] = 0;
    for (int a = g.dim - 1; a >= 0; --a) {
      x[g.dim - 1 - a] = c[std::size_t(a)][p % std::size_t(g.n[a])];
      p /= std::size_t(g.n[a]);
    }
  }
};

// f(field, {x, y, z}) at the cell centres.
void set_state(Simulation<double>& sim, const Stream& stream, int fields, const std::function<double(int, const double*)>& f) {
  const Grid& g = sim.grid();
  const CellCentres centre(g);
  HostBuffer<double> h(std::size_t(fields) * g.points());
  for (int k = 0; k < fields; ++k)
    for (std::size_t p = 0; p < g.points(); ++p) {
      double x[3];
      centre(p, x);
      h[std::size_t(k) * g.points() + p] = f(k, x);
    }
  DeviceBuffer<double> d(h.size());
  copy(d, h, stream);
  sim.set_physical_state(d.data());
  stream.synchronize();
}

std::vector<double> state(Simulation<double>& sim, const Stream& stream, int fields = 1) {
  DeviceBuffer<double> d(std::size_t(fields) * sim.grid().points());
  sim.physical_state(d.data());
  const auto h = to_host(d, stream);
  return {h.data(), h.data() + h.size()};
}

// Max error at time t against `exact`, on n cells per axis.
double heat_error(int n, int dim, Boundary lo[], Boundary hi[], double D, double t,
                  const std::function<double(const double*, double)>& exact) {
  Stream stream;
  const double dx = 1.0 / n, dt = 0.2 * dx * dx / D;  // RK4's time error is far below the O(dx^2) space error
  const int steps = int(std::ceil(t / dt));
  Simulation<double> sim(fv_spec("heat", std::vector<int>(std::size_t(dim), n), 1.0, lo, hi, t / steps, {{"diffusivity", D}}), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [&](int, const double* x) { return exact(x, 0.0); });
  sim.advance(t);
  const std::vector<double> u = state(sim, stream);
  const CellCentres centre(sim.grid());
  double err = 0;
  for (std::size_t p = 0; p < sim.grid().points(); ++p) {
    double x[3];
    centre(p, x);
    err = std::max(err, std::abs(u[p] - exact(x, t)));
  }
  return err;
}

// log2 of successive error ratios under halving dx: 2 for a second-order scheme.
std::vector<double> orders(const std::function<double(int)>& error, std::vector<int> ns) {
  std::vector<double> o;
  for (std::size_t i = 1; i < ns.size(); ++i) o.push_back(std::log2(error(ns[i - 1]) / error(ns[i])));
  return o;
}

const Boundary wall{BoundaryKind::Wall, 0.0};

TEST(FiniteVolume, HeatWithNeumannFacesIsSecondOrder) {
  const double D = 0.1, t = 0.5, g = 0.5;
  // Outward derivative -g at x = 0 and +g at x = 1: the linear profile g x carries a constant flux.
  Boundary lo[] = {{BoundaryKind::Neumann, -g}}, hi[] = {{BoundaryKind::Neumann, g}};
  auto exact = [&](const double* x, double time) { return g * x[0] + std::cos(pi * x[0]) * std::exp(-D * pi * pi * time); };
  for (double o : orders([&](int n) { return heat_error(n, 1, lo, hi, D, t, exact); }, {16, 32, 64})) {
    EXPECT_GT(o, 1.9);
    EXPECT_LT(o, 2.1);
  }
}

TEST(FiniteVolume, HeatWithDirichletFacesIsSecondOrder) {
  const double D = 0.1, t = 0.5, a = 1.0, b = -0.5;
  Boundary lo[] = {{BoundaryKind::Dirichlet, a}}, hi[] = {{BoundaryKind::Dirichlet, b}};
  auto exact = [&](const double* x, double time) { return a + (b - a) * x[0] + std::sin(pi * x[0]) * std::exp(-D * pi * pi * time); };
  for (double o : orders([&](int n) { return heat_error(n, 1, lo, hi, D, t, exact); }, {16, 32, 64})) {
    EXPECT_GT(o, 1.9);
    EXPECT_LT(o, 2.1);
  }
}

TEST(FiniteVolume, Heat2DWithDirichletAndWallAxesIsSecondOrder) {
  const double D = 0.05, t = 0.4;
  // Array axes [y, x]: y has walls (zero flux), x zero Dirichlet faces.
  Boundary lo[] = {wall, {BoundaryKind::Dirichlet, 0.0}}, hi[] = {wall, {BoundaryKind::Dirichlet, 0.0}};
  auto exact = [&](const double* x, double time) {
    return std::sin(pi * x[0]) * std::cos(pi * x[1]) * std::exp(-2 * D * pi * pi * time);
  };
  for (double o : orders([&](int n) { return heat_error(n, 2, lo, hi, D, t, exact); }, {16, 32})) {
    EXPECT_GT(o, 1.9);
    EXPECT_LT(o, 2.1);
  }
}

TEST(FiniteVolume, NoFluxWallsConserveTheTotalToRoundOff) {
  Stream stream;
  Boundary lo[] = {wall, {BoundaryKind::Neumann, 0.0}}, hi[] = {wall, {BoundaryKind::Open, 0.0}};
  Simulation<double> sim(fv_spec("heat", {24, 40}, 2.0, lo, hi, 1e-3, {{"diffusivity", 0.5}}), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [](int, const double* x) { return std::sin(7 * x[0]) * std::exp(x[1]) + 0.1 * std::floor(3 * x[0]); });
  auto total = [&] {
    double s = 0;
    for (double v : state(sim, stream)) s += v;
    return s;
  };
  const double before = total();
  sim.advance(0.2);
  const std::vector<double> u = state(sim, stream);
  double spread = 0;
  for (double v : u) spread = std::max(spread, std::abs(v - u[0]));
  EXPECT_NEAR(total(), before, 1e-12 * std::abs(before) + 1e-12);
  EXPECT_GT(spread, 1e-3);  // still far from uniform: the test is not trivially satisfied
}

// With walls a uniform state stays uniform and follows u' = u - u^3 - k - v, v' = u - v.
TEST(FiniteVolume, FitzHughNagumoUniformStateFollowsItsOde) {
  Stream stream;
  Boundary lo[] = {wall, wall}, hi[] = {wall, wall};
  const double dt = 1e-3, k = 5e-3;
  Simulation<double> sim(fv_spec("fitzhugh_nagumo", {8, 8}, 2.0, lo, hi, dt), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 2, [](int f, const double*) { return f == 0 ? 0.8 : -0.3; });
  sim.advance(1.0);
  const std::vector<double> s = state(sim, stream, 2);
  double u = 0.8, v = -0.3;  // the same ODE by RK4 at dt / 10
  for (int i = 0; i < 10000; ++i) {
    auto fu = [&](double a, double b) { return a - a * a * a - k - b; };
    auto fv = [&](double a, double b) { return a - b; };
    const double h = dt / 10;
    const double k1u = fu(u, v), k1v = fv(u, v);
    const double k2u = fu(u + h / 2 * k1u, v + h / 2 * k1v), k2v = fv(u + h / 2 * k1u, v + h / 2 * k1v);
    const double k3u = fu(u + h / 2 * k2u, v + h / 2 * k2v), k3v = fv(u + h / 2 * k2u, v + h / 2 * k2v);
    const double k4u = fu(u + h * k3u, v + h * k3v), k4v = fv(u + h * k3u, v + h * k3v);
    u += h / 6 * (k1u + 2 * k2u + 2 * k3u + k4u);
    v += h / 6 * (k1v + 2 * k2v + 2 * k3v + k4v);
  }
  for (std::size_t p = 0; p < 64; ++p) {
    EXPECT_NEAR(s[p], u, 1e-10);
    EXPECT_NEAR(s[64 + p], v, 1e-10);
  }
}

// Diffusion–sorption with PDEBench's faces (u = 1 at x = 0, the Cauchy outflow u = -D u_x at
// x = 1) against a 512-cell reference, each coarse cell compared with the average of the fine
// cells it covers: second order (the initial jump at x = 0 is smoothed out by t = 5).
TEST(FiniteVolume, DiffusionSorptionConvergesAtSecondOrderToAFineGridReference) {
  const double D = 1e-2, t = 5.0;
  Boundary lo[] = {{BoundaryKind::Dirichlet, 1.0}}, hi[] = {{BoundaryKind::Robin, -1.0 / D}};
  auto solve = [&](int n) {
    Stream stream;
    const double dx = 1.0 / n, dt = 0.3 * dx * dx / D;
    const int steps = int(std::ceil(t / dt));
    Simulation<double> sim(fv_spec("diffusion_sorption", {n}, 1.0, lo, hi, t / steps, {{"diffusivity", D}}), 1, stream);
    sim.begin(0, 1);
    set_state(sim, stream, 1, [](int, const double*) { return 0.1; });
    sim.advance(t);
    return state(sim, stream);
  };
  const std::vector<double> ref = solve(512);
  auto error = [&](int n) {
    const std::vector<double> u = solve(n);
    const int r = 512 / n;
    double e = 0;
    for (int i = 0; i < n; ++i) {
      double avg = 0;
      for (int k = 0; k < r; ++k) avg += ref[std::size_t(i * r + k)] / r;
      e = std::max(e, std::abs(u[std::size_t(i)] - avg));
    }
    return e;
  };
  const double e16 = error(16), e32 = error(32), e64 = error(64);
  std::printf("diffusion-sorption max errors at 16 / 32 / 64 cells: %.3g / %.3g / %.3g (orders %.2f, %.2f)\n", e16, e32, e64,
              std::log2(e16 / e32), std::log2(e32 / e64));
  EXPECT_GT(std::log2(e16 / e32), 1.8) << e16 << " " << e32;
  EXPECT_GT(std::log2(e32 / e64), 1.8) << e32 << " " << e64;
  EXPECT_LT(e64, 1e-3);
  // Between the inflow value and the outflow's drain: in [0, 1], and below the start far downstream.
  for (double v : ref) {
    EXPECT_GE(v, 0.0);
    EXPECT_LE(v, 1.0 + 1e-12);
  }
  EXPECT_LT(ref.back(), 0.1);
}

TEST(FiniteVolume, ARobinFaceMatchesItsExactSteadyProfile) {
  // u'' = 0 with u(0) = 1 and u'(1) = h u(1): u = 1 + h x / (1 - h), exact for the linear profile.
  Stream stream;
  const double h = -3.0;
  Boundary lo[] = {{BoundaryKind::Dirichlet, 1.0}}, hi[] = {{BoundaryKind::Robin, h}};
  Simulation<double> sim(fv_spec("heat", {16}, 1.0, lo, hi, 1e-3, {{"diffusivity", 1.0}}), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [](int, const double*) { return 0.0; });
  sim.advance(5.0);  // many diffusion times: the steady state
  const std::vector<double> u = state(sim, stream);
  const std::vector<double> x = sim.grid().coordinates(0);
  for (std::size_t i = 0; i < 16; ++i) EXPECT_NEAR(u[i], 1 + h * x[i] / (1 - h), 1e-10) << i;
}

TEST(FiniteVolume, ASampleIsTheSameInABatchOfOneAndOfFour) {
  Stream stream;
  Boundary lo[] = {wall, {BoundaryKind::Dirichlet, 0.5}}, hi[] = {wall, {BoundaryKind::Neumann, 0.1}};
  SimulationSpec s = fv_spec("fitzhugh_nagumo", {16, 12}, 2.0, lo, hi, 2e-3);
  s.steps_per_frame = 25;
  s.frames = 3;
  s.store_extents = {8, 6};
  Simulation<float> one(s, 1, stream), four(s, 4, stream);
  const BatchResult a = one.run(2, 1), b = four.run(0, 4);
  for (std::size_t f = 0; f < 2; ++f) {
    const std::size_t per = a.fields[f].size();
    ASSERT_EQ(b.fields[f].size(), 4 * per);
    for (std::size_t i = 0; i < per; ++i) ASSERT_EQ(a.fields[f][i], b.fields[f][2 * per + i]) << f << " " << i;
  }
}

TEST(FiniteVolume, StoredCellsAreBlockAveragesThatKeepTheTotal) {
  Stream stream;
  Boundary lo[] = {wall, wall}, hi[] = {wall, wall};
  SimulationSpec s = fv_spec("heat", {8, 12}, 1.0, lo, hi, 1e-4);
  s.steps_per_frame = 1;
  s.frames = 1;
  s.store_extents = {4, 3};
  s.seed = 9;
  Simulation<float> sim(s, 1, stream);
  const BatchResult r = sim.run(0, 1);  // frame 0: the white-noise initial state, block averaged
  ASSERT_EQ(r.fields[0].size(), 12u);
  SimulationSpec fs = s;
  fs.store_extents = {};
  Simulation<float> fine(fs, 1, stream);
  const BatchResult f = fine.run(0, 1);
  for (int Y = 0; Y < 4; ++Y)
    for (int X = 0; X < 3; ++X) {
      double sum = 0;
      for (int y = 0; y < 2; ++y)
        for (int x = 0; x < 4; ++x) sum += f.fields[0][std::size_t((2 * Y + y) * 12 + 4 * X + x)];
      EXPECT_NEAR(r.fields[0][std::size_t(Y * 3 + X)], sum / 8, 1e-6);
    }
}

TEST(FiniteVolume, RejectsWhatTheFamilyDoesNotSolve) {
  Stream stream;
  Boundary lo[] = {wall}, hi[] = {wall};
  SimulationSpec s = fv_spec("heat", {16}, 1.0, lo, hi, 1e-3);
  s.store_extents = {5};  // does not divide 16
  EXPECT_THROW(Simulation<float>(s, 1, stream), Error);
  s.store_extents = {};
  s.grid.cell_centered = false;
  EXPECT_THROW(Simulation<float>(s, 1, stream), Error);
  s.grid.cell_centered = true;
  s.stepper = "etdrk4";
  EXPECT_THROW(Simulation<float>(s, 1, stream), Error);
}

}  // namespace
}  // namespace simforge
