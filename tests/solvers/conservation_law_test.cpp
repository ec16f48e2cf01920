// The Godunov family against independent references: Sod and Lax against the exact Riemann
// solution (L1 errors and their rate under refinement), the isentropic vortex at order 2, a
// viscous shear wave's exponential decay, conservation to round-off (periodic, walls) and with
// the boundary fluxes accounted for (open faces), positivity on the 1-2-3 problem, a lake at rest
// over a bed, the dam break's symmetry, batch independence and the error a bad state raises.
#include <gtest/gtest.h>

#include <cmath>
#include <functional>

#include "kernels/buffer.hpp"
#include "solvers/exact_riemann.hpp"
#include "solvers/simulation.hpp"

namespace simforge {
namespace {

constexpr double pi = M_PI;

SimulationSpec godunov_spec(const std::string& pde, std::vector<int> n, double length, BoundaryKind kind, double cfl,
                            const std::map<std::string, double>& params = {}, const std::map<std::string, std::string>& options = {}) {
  SimulationSpec s;
  s.pde.type = pde;
  for (const auto& [name, v] : params) s.pde.parameters[name] = ParameterLaw::fixed(v);
  s.pde.options = options;
  s.initial_condition = {"riemann", {}};
  s.grid = Grid::periodic(n, length, /*cell_centered=*/true);
  for (int a = 0; a < s.grid.dim; ++a) s.grid.lower[a] = s.grid.upper[a] = Boundary{kind, 0.0};
  s.dt = 1.0;  // the CFL number sets the steps
  s.stepper = "ssp_rk2";
  s.cfl_max = cfl;
  return s;
}

// The primitive state [count, fields, points] of a simulation, or set from f(sample, field, {x, y, z}).
std::vector<double> state(Simulation<double>& sim, const Stream& stream, std::size_t count = 1) {
  DeviceBuffer<double> d(count * std::size_t(sim.solver().fields()) * sim.grid().points());
  sim.physical_state(d.data());
  const auto h = to_host(d, stream);
  return {h.data(), h.data() + h.size()};
}
void set_state(Simulation<double>& sim, const Stream& stream, const std::function<double(int, const double*)>& f) {
  const Grid& g = sim.grid();
  const int fields = sim.solver().fields();
  HostBuffer<double> h(std::size_t(fields) * g.points());
  for (int k = 0; k < fields; ++k)
    for (std::size_t p = 0; p < g.points(); ++p) {
      double x[3] = {0, 0, 0};
      std::size_t rest = p;
      for (int a = g.dim - 1; a >= 0; --a) {
        x[g.dim - 1 - a] = g.origin + g.length * g.unit_position(a, rest % std::size_t(g.n[a]));
        rest /= std::size_t(g.n[a]);
      }
      h[std::size_t(k) * g.points() + p] = f(k, x);
    }
  DeviceBuffer<double> d(h.size());
  copy(d, h, stream);
  sim.set_physical_state(d.data());
  stream.synchronize();
}

// L1 error of the density at t against the exact solution of the Riemann problem (left | right at x = 1/2).
double riemann_density_error(int n, testing::Primitive left, testing::Primitive right, double t) {
  Stream stream;
  SimulationSpec s = godunov_spec("euler", {n}, 1.0, BoundaryKind::Open, 0.8);
  s.initial_condition.parameters = {{"left", {left.density, left.pressure, left.velocity}},
                                    {"right", {right.density, right.pressure, right.velocity}}};
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  sim.advance(t);
  const std::vector<double> w = state(sim, stream);
  const auto exact = testing::exact_riemann_cells(left, right, 1.4, 0.5, t, 0.0, 1.0, n);
  double e = 0;
  for (int i = 0; i < n; ++i) e += std::abs(w[std::size_t(i)] - exact[std::size_t(i)].density) / n;
  return e;
}

TEST(ConservationLaw, SodAndLaxConvergeToTheExactRiemannSolutionAtOrderOne) {
  const testing::Primitive sod_l{1.0, 0.0, 1.0}, sod_r{0.125, 0.0, 0.1}, lax_l{0.445, 0.698, 3.528}, lax_r{0.5, 0.0, 0.571};
  struct Case {
    testing::Primitive l, r;
    double t, bound;  // bound: the L1 error allowed at 400 cells
  };
  // Bounds: MUSCL-HLLC with the MC limiter on these problems is near 2e-3 (Sod) and 5e-3 (Lax) at 400 cells.
  for (const Case& c : {Case{sod_l, sod_r, 0.2, 3e-3}, Case{lax_l, lax_r, 0.13, 8e-3}}) {
    const double e100 = riemann_density_error(100, c.l, c.r, c.t), e200 = riemann_density_error(200, c.l, c.r, c.t),
                 e400 = riemann_density_error(400, c.l, c.r, c.t);
    const double rate = std::log2(e100 / e400) / 2;
    std::printf("L1 density errors %.3e %.3e %.3e, rate %.2f\n", e100, e200, e400, rate);
    EXPECT_LT(e400, c.bound);
    EXPECT_LT(e200, e100);
    EXPECT_LT(e400, e200);
    // Discontinuities limit any scheme to order 1 in L1 (contacts smear as dx^(1/2) with order-1 schemes, as dx^(2/3) here).
    EXPECT_GT(rate, 0.6);
    EXPECT_LT(rate, 1.3);
  }
}

// The isentropic vortex (Yee et al. 1999) carried diagonally across a periodic box: an exact
// smooth solution, translated.
double vortex_error(int n, double t, const char* limiter = "mc") {
  Stream stream;
  const double L = 10, beta = 5, gamma = 1.4;
  SimulationSpec s = godunov_spec("euler", {n, n}, L, BoundaryKind::Periodic, 0.4, {}, {{"limiter", limiter}});
  s.stepper = "ssp_rk3";
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  auto vortex = [&](int field, const double* x, double shift) {
    // Nearest periodic image of the centre.
    double dx = std::remainder(x[0] - 5 - shift, L), dy = std::remainder(x[1] - 5 - shift, L);
    const double r2 = dx * dx + dy * dy, e = std::exp(1 - r2);
    const double temperature = 1 - (gamma - 1) * beta * beta / (8 * gamma * pi * pi) * e;
    const double rho = std::pow(temperature, 1 / (gamma - 1));
    switch (field) {
      case 0: return rho;
      case 1: return std::pow(rho, gamma);
      case 2: return 1 + beta / (2 * pi) * std::sqrt(e) * dx;  // velocity_y
      default: return 1 - beta / (2 * pi) * std::sqrt(e) * dy;  // velocity_x
    }
  };
  set_state(sim, stream, [&](int f, const double* x) { return vortex(f, x, 0.0); });
  sim.advance(t);
  const std::vector<double> w = state(sim, stream);
  double e = 0;
  const Grid& g = sim.grid();
  for (std::size_t p = 0; p < g.points(); ++p) {
    const double x[2] = {g.length * g.unit_position(1, p % std::size_t(n)), g.length * g.unit_position(0, p / std::size_t(n))};
    e += std::abs(w[p] - vortex(0, x, t)) / double(g.points());
  }
  return e;
}

// Measured (L1 density, t = 1): minmod 3.0e-3, 9.1e-4, 2.5e-4, 6.5e-5 at 32..256 cells (rates
// 1.74, 1.85, 1.95: its clipping at the extrema fades); MC 1.6e-3 .. 1.6e-5 (rates 2.25, 2.25,
// 2.12, from above). The test runs minmod to 128 and asserts the last rate.
TEST(ConservationLaw, IsentropicVortexConvergesAtOrderTwo) {
  const double e32 = vortex_error(32, 1.0, "minmod"), e64 = vortex_error(64, 1.0, "minmod"), e128 = vortex_error(128, 1.0, "minmod");
  const double r1 = std::log2(e32 / e64), r2 = std::log2(e64 / e128);
  std::printf("vortex L1 density errors %.3e %.3e %.3e, rates %.2f %.2f\n", e32, e64, e128, r1, r2);
  EXPECT_GT(r2, r1);  // towards 2 from below
  EXPECT_NEAR(r2, 2.0, 0.2);
  EXPECT_LT(vortex_error(64, 1.0, "mc"), e64);  // MC is the sharper limiter
}

// A shear wave u_x = A sin(2 pi y) in a uniform gas decays as exp(-eta k^2 t / rho): the viscous fluxes.
TEST(ConservationLaw, ViscousShearWaveDecaysAtTheNavierStokesRate) {
  Stream stream;
  const double eta = 0.01, A = 0.01, t = 1.0, k = 2 * pi;
  SimulationSpec s = godunov_spec("compressible_navier_stokes", {32, 32}, 1.0, BoundaryKind::Periodic, 0.4,
                                  {{"shear_viscosity", eta}, {"bulk_viscosity", 0.0}});
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, [&](int f, const double* x) { return f == 0 ? 1.0 : f == 1 ? 10.0 : f == 2 ? 0.0 : A * std::sin(k * x[1]); });
  sim.advance(t);
  const std::vector<double> w = state(sim, stream);
  const std::size_t pts = sim.grid().points();
  double num = 0, den = 0;  // the amplitude now, by projection on sin(k y)
  for (std::size_t p = 0; p < pts; ++p) {
    const double y = sim.grid().unit_position(0, p / 32), s_ = std::sin(k * y);
    num += w[3 * pts + p] * s_;
    den += s_ * s_;
  }
  const double amplitude = num / den, expected = A * std::exp(-eta * k * k * t);
  std::printf("shear wave amplitude %.6e, expected %.6e\n", amplitude, expected);
  // The 2nd-order viscous stencil's symbol at 32 points per wave is within 0.7% of k^2; the
  // limiter clips nothing this smooth, and the numerical dissipation of the HLLC flux adds ~1%.
  EXPECT_NEAR(amplitude / expected, 1.0, 0.03);
  EXPECT_LT(amplitude, A);
}

// Sums of rho, rho u and E over the cells (times the cell volume).
std::vector<double> totals(const std::vector<double>& w, std::size_t pts, int dim, double volume, double gamma = 1.4) {
  std::vector<double> t(std::size_t(2 + dim), 0.0);
  for (std::size_t p = 0; p < pts; ++p) {
    const double rho = w[p], pr = w[pts + p];
    double kinetic = 0;
    for (int a = 0; a < dim; ++a) {
      const double u = w[std::size_t(2 + a) * pts + p];
      t[std::size_t(2 + a)] += rho * u * volume;
      kinetic += u * u;
    }
    t[0] += rho * volume;
    t[1] += (pr / (gamma - 1) + 0.5 * rho * kinetic) * volume;
  }
  return t;
}

TEST(ConservationLaw, PeriodicAndWalledBoxesConserveMassMomentumAndEnergyToRoundOff) {
  for (BoundaryKind kind : {BoundaryKind::Periodic, BoundaryKind::Wall}) {
    Stream stream;
    SimulationSpec s = godunov_spec("euler", {32, 32}, 1.0, kind, 0.4);
    s.initial_condition = {"random_flow", {{"mach", {0.5}}}};
    Simulation<double> sim(s, 1, stream);
    sim.begin(0, 1);
    const std::size_t pts = sim.grid().points();
    const double volume = 1.0 / double(pts);
    const std::vector<double> before = totals(state(sim, stream), pts, 2, volume);
    sim.advance(0.3);
    const std::vector<double> after = totals(state(sim, stream), pts, 2, volume);
    for (int v : {0, 1}) EXPECT_NEAR(after[std::size_t(v)], before[std::size_t(v)], 1e-13 * std::abs(before[std::size_t(v)])) << v;
    // Momentum: conserved with periodic faces; walls take it (their pressure), so only mass and energy there.
    if (kind == BoundaryKind::Periodic)
      for (int v : {2, 3}) EXPECT_NEAR(after[std::size_t(v)], before[std::size_t(v)], 1e-13) << v;
  }
}

// Sod with open ends, before any wave leaves: the faces carry the undisturbed states' fluxes, so
// mass and energy stay and momentum grows by t (p_left - p_right).
TEST(ConservationLaw, OpenFacesBalanceTheirBoundaryFluxes) {
  Stream stream;
  SimulationSpec s = godunov_spec("euler", {200}, 1.0, BoundaryKind::Open, 0.8);
  s.initial_condition.parameters = {{"left", {1.0, 1.0, 0.0}}, {"right", {0.125, 0.1, 0.0}}};
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  const std::vector<double> before = totals(state(sim, stream), 200, 1, 1.0 / 200);
  sim.advance(0.2);
  const std::vector<double> after = totals(state(sim, stream), 200, 1, 1.0 / 200);
  EXPECT_NEAR(after[0], before[0], 1e-13);
  EXPECT_NEAR(after[1], before[1], 1e-13);
  EXPECT_NEAR(after[2], before[2] + 0.2 * (1.0 - 0.1), 1e-13);
}

TEST(ConservationLaw, StrongRarefactionStaysPositiveAndNearTheExactSolution) {
  Stream stream;
  const testing::Primitive left{1.0, -2.0, 0.4}, right{1.0, 2.0, 0.4};
  SimulationSpec s = godunov_spec("euler", {400}, 1.0, BoundaryKind::Open, 0.8);
  s.initial_condition.parameters = {{"left", {1.0, 0.4, -2.0}}, {"right", {1.0, 0.4, 2.0}}};
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  sim.advance(0.15);  // would throw on a non-positive density or pressure
  const std::vector<double> w = state(sim, stream);
  const auto exact = testing::exact_riemann_cells(left, right, 1.4, 0.5, 0.15, 0.0, 1.0, 400);
  double e = 0, lo = 1e9;
  for (int i = 0; i < 400; ++i) {
    e += std::abs(w[std::size_t(i)] - exact[std::size_t(i)].density) / 400;
    lo = std::min({lo, w[std::size_t(i)], w[400 + std::size_t(i)]});
  }
  std::printf("1-2-3: L1 density error %.3e, smallest density or pressure %.3e\n", e, lo);
  EXPECT_GT(lo, 0.0);
  EXPECT_LT(e, 0.02);  // the near-vacuum star density is 0.0219: the error is dominated by the fan edges
}

TEST(ConservationLaw, NonPositiveStatesStopTheRunNamingSampleAndTime) {
  Stream stream;
  SimulationSpec s = godunov_spec("euler", {64}, 1.0, BoundaryKind::Open, 0.8);
  s.initial_condition.parameters = {{"left", {1.0, -1.0, 0.0}}, {"right", {1.0, 1.0, 0.0}}};
  Simulation<double> sim(s, 2, stream);
  try {
    sim.run(3, 2);
    FAIL() << "a negative pressure ran";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("non-positive density or pressure in 32 cells"), std::string::npos) << m;
    EXPECT_NE(m.find("in sample 3 at t = 0;"), std::string::npos) << m;
  }
  // A CFL number far beyond stability: the 1-2-3 problem blows up during the run.
  s.cfl_max = 4.0;
  s.frames = 3;
  s.steps_per_frame = 1;
  s.dt = 0.05;
  s.initial_condition.parameters = {{"left", {1.0, 0.4, -2.0}}, {"right", {1.0, 0.4, 2.0}}};
  Simulation<double> unstable(s, 1, stream);
  try {
    unstable.run(5, 1);
    FAIL() << "an unstable run went through";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("in sample 5 at t = "), std::string::npos) << m;
    EXPECT_EQ(m.find("at t = 0;"), std::string::npos) << m;
    EXPECT_NE(m.find("lower time.cfl_max"), std::string::npos) << m;
  }
}

TEST(ConservationLaw, LakeAtRestOverABedStaysAtRestToRoundOff) {
  Stream stream;
  SimulationSpec s = godunov_spec("shallow_water", {32, 32}, 2.0, BoundaryKind::Wall, 0.4, {{"bed_height", 0.5}, {"bed_width", 0.4}});
  s.initial_condition = {"dam_break", {{"inner_height", {1.0}}, {"outer_height", {1.0}}}};  // a flat surface
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  const std::vector<double> h0 = state(sim, stream);
  sim.advance(1.0);
  const std::vector<double> w = state(sim, stream);
  const std::size_t pts = 32 * 32;
  double du = 0, dh = 0, bump = 0;
  for (std::size_t p = 0; p < pts; ++p) {
    dh = std::max(dh, std::abs(w[p] - h0[p]));
    du = std::max({du, std::abs(w[pts + p]), std::abs(w[2 * pts + p])});
    bump = std::max(bump, 1.0 - h0[p]);
  }
  std::printf("lake at rest: max |dh| %.2e, max |u| %.2e (bed up to %.3f)\n", dh, du, bump);
  EXPECT_GT(bump, 0.4);  // the bed is there: depth 1 - z
  EXPECT_LT(dh, 1e-13);
  EXPECT_LT(du, 1e-13);
}

TEST(ConservationLaw, DamBreakIsSymmetricAcrossItsQuadrants) {
  Stream stream;
  const int n = 64;
  SimulationSpec s = godunov_spec("shallow_water", {n, n}, 5.0, BoundaryKind::Open, 0.4);
  s.grid.origin = -2.5;
  s.initial_condition = {"dam_break", {}};
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  sim.advance(0.5);
  const std::vector<double> w = state(sim, stream);
  double flip_x = 0, flip_y = 0, transpose = 0, moved = 0;
  for (int j = 0; j < n; ++j)
    for (int i = 0; i < n; ++i) {
      const double h = w[std::size_t(j * n + i)];
      flip_x = std::max(flip_x, std::abs(h - w[std::size_t(j * n + (n - 1 - i))]));
      flip_y = std::max(flip_y, std::abs(h - w[std::size_t((n - 1 - j) * n + i)]));
      transpose = std::max(transpose, std::abs(h - w[std::size_t(i * n + j)]));
      moved = std::max(moved, std::abs(w[std::size_t(2 * n * n + j * n + i)]));
    }
  std::printf("dam break asymmetry: x %.2e, y %.2e, x<->y %.2e (max |u_x| %.3f)\n", flip_x, flip_y, transpose, moved);
  EXPECT_GT(moved, 0.1);
  EXPECT_LT(flip_x, 1e-12);
  EXPECT_LT(flip_y, 1e-12);
  EXPECT_LT(transpose, 1e-12);
}

// Steps are chosen per sample: sample 3 of a batch of 8 is bit for bit sample 3 alone.
TEST(ConservationLaw, BatchOfOneAndBatchOfEightGiveTheSameSample) {
  for (const char* pde : {"euler", "shallow_water"}) {
    Stream stream;
    SimulationSpec s = godunov_spec(pde, {24, 24}, 1.0, BoundaryKind::Periodic, 0.4);
    s.initial_condition = std::string(pde) == "euler" ? InitialConditionSpec{"random_flow", {{"mach", {0.8}}}}
                                                      : InitialConditionSpec{"dam_break", {{"radius_min", {0.1}}, {"radius_max", {0.3}}}};
    s.frames = 3;
    s.dt = 0.05;
    Simulation<float> eight(s, 8, stream), one(s, 1, stream);
    const BatchResult all = eight.run(0, 8), single = one.run(3, 1);
    const std::size_t per = s.frames * s.grid.points();
    for (std::size_t f = 0; f < all.fields.size(); ++f)
      for (std::size_t i = 0; i < per; ++i) ASSERT_EQ(all.fields[f][3 * per + i], single.fields[f][i]) << pde << " field " << f;
    // Samples differ in their steps (their wave speeds differ): the diagnostics say so.
    EXPECT_NE(all.diagnostics.back()[0], all.diagnostics.back()[1]);
  }
}

// A planar Riemann problem in a 3-D box with walls across it is the 1-D one.
TEST(ConservationLaw, PlanarSodInThreeDimensionsMatchesTheExactSolution) {
  Stream stream;
  SimulationSpec s = godunov_spec("euler", {4, 4, 100}, 1.0, BoundaryKind::Wall, 0.5);
  for (int a = 0; a < 2; ++a) s.grid.lower[a] = s.grid.upper[a] = Boundary{BoundaryKind::Wall, 0.0};
  s.grid.lower[2] = s.grid.upper[2] = Boundary{BoundaryKind::Open, 0.0};
  s.initial_condition.parameters = {{"left", {1.0, 1.0, 0.0, 0.0, 0.0}}, {"right", {0.125, 0.1, 0.0, 0.0, 0.0}}};
  Simulation<double> sim(s, 1, stream);
  sim.begin(0, 1);
  sim.advance(0.2);
  const std::vector<double> w = state(sim, stream);
  const auto exact = testing::exact_riemann_cells({1.0, 0.0, 1.0}, {0.125, 0.0, 0.1}, 1.4, 0.5, 0.2, 0.0, 1.0, 100);
  double e = 0, transverse = 0;
  for (std::size_t p = 0; p < 1600; ++p) {
    e += std::abs(w[p] - exact[p % 100].density) / 1600;
    transverse = std::max({transverse, std::abs(w[2 * 1600 + p]), std::abs(w[3 * 1600 + p])});
  }
  std::printf("3-D planar Sod: L1 density error %.3e, max transverse velocity %.1e\n", e, transverse);
  EXPECT_LT(e, 1e-2);
  EXPECT_LT(transverse, 1e-14);
}

}  // namespace
}  // namespace simforge
