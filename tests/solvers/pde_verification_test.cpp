// Verification of the PDE family against exact solutions, conservation laws and ETDRK4's order.
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/pde_fixtures.hpp"

namespace simforge {
namespace {

using namespace testing_pde;
constexpr double pi = M_PI;

// ETDRK4 integrates L exactly and N = 0 here, so advection is a pure phase shift: exact to round-off.
TEST(PdeVerification, AdvectionTranslatesExactlyIn1DAnd2D) {
  Stream stream;
  const double t = 1.3, dt = 0.01;
  {
    Simulation<double> sim(spec("advection", {{"velocity_x", 0.7}}, {64}, 1.0, dt), 1, stream);
    sim.begin(0, 1);
    auto u0 = [](double x) { return std::sin(2 * pi * x) + 0.5 * std::cos(6 * pi * x); };
    set_state(sim, stream, 1, [&](int, const std::vector<double>& x) { return u0(x[0]); });
    advance_steps(sim, 130);
    const auto u = state(sim, stream);
    double err = 0;
    for (int i = 0; i < 64; ++i) err = std::max(err, std::abs(u[i] - u0(i / 64.0 - 0.7 * t)));
    EXPECT_LT(err, 1e-12);
  }
  {
    Simulation<double> sim(spec("advection", {{"velocity_x", 0.3}, {"velocity_y", -0.5}}, {32, 32}, 1.0, dt), 1, stream);
    sim.begin(0, 1);
    auto u0 = [](double x, double y) { return std::sin(2 * pi * (x + 2 * y)) + std::cos(4 * pi * x); };
    set_state(sim, stream, 1, [&](int, const std::vector<double>& x) { return u0(x[0], x[1]); });
    advance_steps(sim, 130);
    const auto u = state(sim, stream);
    double err = 0;
    for (int j = 0; j < 32; ++j)
      for (int i = 0; i < 32; ++i) err = std::max(err, std::abs(u[j * 32 + i] - u0(i / 32.0 - 0.3 * t, j / 32.0 + 0.5 * t)));
    EXPECT_LT(err, 1e-12);
  }
}

TEST(PdeVerification, DiffusionDecaysModeByModeIn3D) {
  Stream stream;
  const double nu = 0.01, t = 2.0;
  Simulation<double> sim(spec("diffusion", {{"diffusivity", nu}}, {16, 16, 16}, 1.0, 0.05), 1, stream);
  sim.begin(0, 1);
  auto u = [&](const std::vector<double>& x, double time) {
    return std::exp(-nu * 4 * pi * pi * time) * std::cos(2 * pi * x[0]) +
           0.3 * std::exp(-nu * 16 * pi * pi * 2 * time) * std::sin(4 * pi * x[1]) * std::cos(4 * pi * x[2]);
  };
  set_state(sim, stream, 1, [&](int, const std::vector<double>& x) { return u(x, 0.0); });
  advance_steps(sim, 40);
  const auto v = state(sim, stream);
  double err = 0;
  for (std::size_t p = 0; p < v.size(); ++p) {
    const std::vector<double> x = {double(p % 16) / 16, double((p / 16) % 16) / 16, double(p / 256) / 16};
    err = std::max(err, std::abs(v[p] - u(x, t)));
  }
  EXPECT_LT(err, 1e-12);
}

// Cole–Hopf: phi = 1 + a e^{-4 pi^2 nu t} cos(2 pi x) solves the heat equation, so
// u = -2 nu phi_x / phi solves u_t + u u_x = nu u_xx exactly.
TEST(PdeVerification, BurgersMatchesTheColeHopfSolution) {
  Stream stream;
  const double nu = 0.1, a = 0.5, t = 0.5, dt = 1e-3;
  auto exact = [&](double x, double time) {
    const double e = a * std::exp(-4 * pi * pi * nu * time);
    return 4 * pi * nu * e * std::sin(2 * pi * x) / (1 + e * std::cos(2 * pi * x));
  };
  Simulation<double> sim(spec("burgers", {{"viscosity", nu}}, {128}, 1.0, dt), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [&](int, const std::vector<double>& x) { return exact(x[0], 0.0); });
  advance_steps(sim, 500);
  const auto u = state(sim, stream);
  double err = 0, scale = 0;
  for (int i = 0; i < 128; ++i) {
    err = std::max(err, std::abs(u[i] - exact(i / 128.0, t)));
    scale = std::max(scale, std::abs(exact(i / 128.0, t)));
  }
  EXPECT_LT(err / scale, 1e-9);
}

// u = (c/2) sech^2(sqrt(c)/2 (x - x0 - c t)) for u_t + 6 u u_x + u_xxx = 0: after t = 5 the
// soliton must have moved by c t with its shape intact. The box (L = 40) makes the periodic images'
// overlap ~e^{-20}; spectral and ETDRK4 errors are far below the 1e-6 asserted.
TEST(PdeVerification, KdvSolitonKeepsItsShapeAndSpeed) {
  Stream stream;
  const double c = 1.0, length = 40.0, x0 = 12.0, t = 5.0;
  auto soliton = [&](double x, double time) {
    double d = std::fmod(x - x0 - c * time + 1.5 * length, length) - 0.5 * length;
    const double s = 1.0 / std::cosh(0.5 * std::sqrt(c) * d);
    return 0.5 * c * s * s;
  };
  Simulation<double> sim(spec("kdv", {{"nonlinearity", 6.0}, {"dispersion", 1.0}}, {256}, length, 0.005), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [&](int, const std::vector<double>& x) { return soliton(x[0], 0.0); });
  advance_steps(sim, 1000);
  const auto u = state(sim, stream);
  double err = 0;
  for (int i = 0; i < 256; ++i) err = std::max(err, std::abs(u[i] - soliton(length * i / 256, t)));
  EXPECT_LT(err / (0.5 * c), 1e-6);
}

// Mean conservation: the k = 0 mode of a conservative flux's derivative is exactly zero.
TEST(PdeVerification, AdvectionBurgersAndKdvConserveTheMean) {
  Stream stream;
  struct Case {
    const char* pde;
    std::map<std::string, double> params;
    double length, dt;
  };
  for (const Case& c : {Case{"advection", {{"velocity_x", 0.9}, {"diffusivity", 0.01}}, 1.0, 1e-3},
                        Case{"burgers", {{"viscosity", 0.02}}, 1.0, 1e-3},
                        Case{"kdv", {{"nonlinearity", 6.0}, {"dispersion", 1.0}}, 40.0, 1e-3}}) {
    Simulation<double> sim(spec(c.pde, c.params, {64}, c.length, c.dt), 1, stream);
    sim.begin(0, 1);
    set_state(sim, stream, 1, [&](int, const std::vector<double>& x) {
      const double s = x[0] / c.length;
      return 0.3 + 0.5 * std::sin(2 * pi * s) + 0.2 * std::cos(4 * pi * s);
    });
    advance_steps(sim, 200);
    const auto u = state(sim, stream);
    double mean = 0;
    for (double v : u) mean += v / 64;
    EXPECT_NEAR(mean, 0.3, 1e-13) << c.pde;
  }
}

// The measured order of ETDRK4 against a fine-step reference is 4.
double etdrk4_order(const char* pde, std::map<std::string, double> params, int n, double length, double t_end,
                    const std::function<double(double)>& u0, std::vector<int> steps) {
  Stream stream;
  auto run = [&](int s) {
    Simulation<double> sim(spec(pde, params, {n}, length, t_end / s), 1, stream);
    sim.begin(0, 1);
    set_state(sim, stream, 1, [&](int, const std::vector<double>& x) { return u0(x[0]); });
    advance_steps(sim, std::size_t(s));
    return state(sim, stream);
  };
  const auto ref = run(steps.back());
  const double e1 = max_abs_diff(run(steps[0]), ref), e2 = max_abs_diff(run(steps[1]), ref);
  EXPECT_GT(e2, 1e-13) << pde << ": errors must be temporal, not round-off";
  return std::log2(e1 / e2);
}

TEST(PdeVerification, Etdrk4IsFourthOrderOnKuramotoSivashinskyAndBurgers) {
  // Kassam & Trefethen's test problem, u0 = cos(x/16)(1 + sin(x/16)) on [0, 32 pi], to t = 2 (later,
  // the chaotic growth of errors blurs the asymptotic ratio).
  const double ks = etdrk4_order("kuramoto_sivashinsky", {}, 128, 32 * pi, 2.0,
                                 [](double x) { return std::cos(x / 16) * (1 + std::sin(x / 16)); }, {10, 20, 640});
  EXPECT_NEAR(ks, 4.0, 0.3);
  const double burgers = etdrk4_order("burgers", {{"viscosity", 0.05}}, 128, 1.0, 0.5, [](double x) { return std::sin(2 * pi * x); },
                                      {20, 40, 640});
  EXPECT_NEAR(burgers, 4.0, 0.3);
}

// Uniform states reduce each reaction PDE to its ODE: Allen–Cahn's has a closed form.
TEST(PdeVerification, AllenCahnUniformStateFollowsItsOde) {
  Stream stream;
  const double u0 = 0.2, t = 2.0;
  Simulation<double> sim(spec("allen_cahn", {{"epsilon", 0.01}}, {16, 16}, 1.0, 0.01), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [&](int, const std::vector<double>&) { return u0; });
  advance_steps(sim, 200);
  const auto u = state(sim, stream);
  const double exact = u0 * std::exp(t) / std::sqrt(1 - u0 * u0 + u0 * u0 * std::exp(2 * t));
  for (double v : u) ASSERT_NEAR(v, exact, 1e-9);
}

// Fisher–KPP's uniform state is the logistic curve 1 / (1 + (1/u0 - 1) e^{-rho t}); a travelling
// mode decays by nu k^2 while it is small (linearized about u = 0 it grows at rho - nu k^2).
TEST(PdeVerification, ReactionDiffusionUniformStateIsTheLogisticCurve) {
  Stream stream;
  const double u0 = 0.1, rho = 2.0, t = 1.5;
  Simulation<double> sim(spec("reaction_diffusion", {{"diffusivity", 0.5}, {"rho", rho}}, {32}, 1.0, 0.01), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [&](int, const std::vector<double>&) { return u0; });
  advance_steps(sim, 150);
  const double exact = 1.0 / (1.0 + (1.0 / u0 - 1.0) * std::exp(-rho * t));
  for (double v : state(sim, stream)) ASSERT_NEAR(v, exact, 1e-9);
}

TEST(PdeVerification, ReactionDiffusionSmallModeFollowsItsLinearRate) {
  Stream stream;
  const double nu = 0.01, rho = 0.5, a = 1e-7, t = 1.0;
  Simulation<double> sim(spec("reaction_diffusion", {{"diffusivity", nu}, {"rho", rho}}, {64}, 1.0, 0.01), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 1, [&](int, const std::vector<double>& x) { return a * std::cos(2 * pi * 3 * x[0]); });
  advance_steps(sim, 100);
  const auto u = state(sim, stream);
  const double k2 = std::pow(2 * pi * 3, 2), growth = std::exp((rho - nu * k2) * t);
  for (int i = 0; i < 64; ++i) ASSERT_NEAR(u[i], a * growth * std::cos(2 * pi * 3 * i / 64.0), 1e-6 * a);  // rho u^2 ~ 1e-14: negligible
}

// Gray–Scott's two coupled fields against a fine RK4 solution of the uniform-state ODE system.
TEST(PdeVerification, GrayScottUniformStateFollowsItsOdeSystem) {
  Stream stream;
  const double f = 0.04, k = 0.06, t = 20.0;
  Simulation<double> sim(spec("gray_scott", {{"feed", f}, {"kill", k}}, {8, 8}, 1.0, 0.05), 1, stream);
  sim.begin(0, 1);
  set_state(sim, stream, 2, [&](int field, const std::vector<double>&) { return field == 0 ? 0.6 : 0.3; });
  advance_steps(sim, 400);
  const auto uv = state(sim, stream, 2);
  double u = 0.6, v = 0.3;
  auto rhs = [&](double a, double b, double& da, double& db) {
    da = -a * b * b + f * (1 - a);
    db = a * b * b - (f + k) * b;
  };
  const int n = 200000;
  const double h = t / n;
  for (int i = 0; i < n; ++i) {
    double a1, b1, a2, b2, a3, b3, a4, b4;
    rhs(u, v, a1, b1);
    rhs(u + 0.5 * h * a1, v + 0.5 * h * b1, a2, b2);
    rhs(u + 0.5 * h * a2, v + 0.5 * h * b2, a3, b3);
    rhs(u + h * a3, v + h * b3, a4, b4);
    u += h / 6 * (a1 + 2 * a2 + 2 * a3 + a4);
    v += h / 6 * (b1 + 2 * b2 + 2 * b3 + b4);
  }
  EXPECT_NEAR(uv[0], u, 1e-7);
  EXPECT_NEAR(uv[64], v, 1e-7);
}

TEST(PdeVerification, Rk4RejectsATimeStepOutsideItsStabilityRegionBeforeStepping) {
  Stream stream;
  Simulation<double> sim(spec("kuramoto_sivashinsky", {}, {128}, 32 * pi, 0.1, "rk4"), 1, stream);
  try {
    sim.begin(0, 1);
    FAIL() << "expected a stability error";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("time.dt = 0.1"), std::string::npos) << m;
    EXPECT_NE(m.find("stability region"), std::string::npos) << m;
    EXPECT_NE(m.find("etdrk4"), std::string::npos) << m;
  }
}

TEST(PdeVerification, UnsupportedDimensionIsAnError) {
  Stream stream;
  EXPECT_THROW(Simulation<double>(spec("burgers", {{"viscosity", 0.01}}, {16, 16}, 1.0, 0.01), 1, stream), Error);
  EXPECT_THROW(Simulation<double>(spec("gray_scott", {}, {16}, 1.0, 0.01), 1, stream), Error);
}

}  // namespace
}  // namespace simforge
