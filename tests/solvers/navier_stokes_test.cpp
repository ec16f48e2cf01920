// Verification of the 2D Navier–Stokes solver against exact solutions and its design order.
#include <gtest/gtest.h>

#include <cmath>

#include "solvers/ns_fixtures.hpp"

namespace simforge {
namespace {

using testing_ns::ns_spec;
using testing_ns::set_vorticity;
using testing_ns::vorticity;
using testing_ns::advance_steps;
using testing_ns::spectral;

double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

// w = cos(2 pi x) cos(2 pi y) is a Taylor–Green vortex: u.grad w vanishes identically and the
// exact solution decays as exp(-2 nu k^2 t) with k = 2 pi. CN's error per unit time is
// (nu 8 pi^2)^3 dt^2 / 12 ~ 2e-11 for the dt below, far under the 1e-10 asserted.
TEST(NavierStokes2d, TaylorGreenVortexDecaysExactly) {
  Stream stream;
  const double nu = 0.01, dt = 2e-5, t_end = 0.5;
  const std::size_t steps = std::size_t(std::llround(t_end / dt));
  Simulation<double> sim(ns_spec(16, nu, "none", dt, 1, 2), 1, stream);
  sim.begin(0, 1);
  auto tg = [](double x, double y) { return std::cos(2 * M_PI * x) * std::cos(2 * M_PI * y); };
  set_vorticity(sim, stream, tg);
  advance_steps(sim, steps);
  const auto w = vorticity(sim, stream);
  const double decay = std::exp(-2 * nu * 4 * M_PI * M_PI * t_end);
  double err = 0;
  for (int iy = 0; iy < 16; ++iy)
    for (int ix = 0; ix < 16; ++ix) err = std::max(err, std::abs(w[iy * 16 + ix] - decay * tg(ix / 16.0, iy / 16.0)));
  EXPECT_LT(err / decay, 1e-10);
}

// Kolmogorov forcing A sin(2 pi k y) drives a shear flow whose advection vanishes, so from rest
// w(t) = A / (nu K^2) (1 - exp(-nu K^2 t)) sin(2 pi k y), K = 2 pi k. Crank–Nicolson's fixed point
// is the exact steady state.
TEST(NavierStokes2d, SingleModeForcingReachesExactSteadyState) {
  Stream stream;
  const double nu = 0.1, amp = 0.5, dt = 0.01;
  const int k = 1;
  Simulation<double> sim(ns_spec(16, nu, "kolmogorov", dt, 1, 2, amp, k), 1, stream);
  sim.begin(0, 1);
  set_vorticity(sim, stream, [](double, double) { return 0.0; });
  advance_steps(sim, 1000);  // nu K^2 t = 39: the transient has decayed by e^-39
  const auto w = vorticity(sim, stream);
  const double kk = 2 * M_PI * k, steady = amp / (nu * kk * kk);
  double err = 0;
  for (int iy = 0; iy < 16; ++iy)
    for (int ix = 0; ix < 16; ++ix) err = std::max(err, std::abs(w[iy * 16 + ix] - steady * std::sin(kk * iy / 16.0)));
  EXPECT_LT(err / steady, 1e-10);
}

// The measured temporal order of CN–Heun on a nonlinear flow (GRF initial condition, FNO forcing)
// against a fine-step reference is 2.
TEST(NavierStokes2d, CnHeunIsSecondOrderInTime) {
  Stream stream;
  const double nu = 1e-3, t_end = 0.5;
  auto run = [&](std::size_t steps) {
    Simulation<double> sim(ns_spec(32, nu, "fno", t_end / steps, steps, 2), 1, stream);
    sim.begin(0, 1);
    advance_steps(sim, steps);
    return vorticity(sim, stream);
  };
  const auto ref = run(2048);
  const double e1 = max_abs_diff(run(32), ref), e2 = max_abs_diff(run(64), ref), e3 = max_abs_diff(run(128), ref);
  const double p1 = std::log2(e1 / e2), p2 = std::log2(e2 / e3);
  EXPECT_NEAR(p1, 2.0, 0.2) << "errors " << e1 << " " << e2 << " " << e3;
  EXPECT_NEAR(p2, 2.0, 0.2) << "errors " << e1 << " " << e2 << " " << e3;
  EXPECT_GT(e3, 1e-13) << "errors must be temporal, not round-off";
}

// Sample i is the same whether it runs alone or inside a batch of 8: the initial spectrum bit for
// bit, the evolved frames to round-off.
TEST(NavierStokes2d, BatchOneAndBatchEightGiveTheSameSample) {
  Stream stream;
  const auto spec = ns_spec(32, 1e-3, "fno", 1e-3, 20, 3);
  Simulation<float> one(spec, 1, stream), eight(spec, 8, stream);
  one.begin(3, 1);
  eight.begin(0, 8);
  const std::size_t modes = spectral(one).spectral_grid().modes();
  const auto a = to_host_span(spectral(one).spectral_state(), modes, stream);
  const auto b = to_host_span(spectral(eight).spectral_state() + 3 * modes, modes, stream);
  for (std::size_t m = 0; m < modes; ++m) ASSERT_EQ(a[m], b[m]) << "mode " << m;

  const BatchResult r1 = one.run(3, 1), r8 = eight.run(0, 8);
  const std::size_t per_sample = spec.frames * one.grid().points();
  double diff = 0, scale = 0;
  for (std::size_t i = 0; i < per_sample; ++i) {
    diff = std::max(diff, double(std::abs(r1.fields[0][i] - r8.fields[0][3 * per_sample + i])));
    scale = std::max(scale, double(std::abs(r1.fields[0][i])));
  }
  EXPECT_LT(diff, 1e-5 * scale);
  EXPECT_GT(scale, 0.1);
}

TEST(NavierStokes2d, DivergenceStopsTheRunNamingSampleAndTime) {
  Stream stream;
  // An absurd time step with strong forcing: the explicit advection blows up.
  auto spec = ns_spec(32, 1e-5, "fno", 0.5, 4, 40, 50.0);
  spec.cfl_max = 1e30;  // let it diverge instead of stopping on CFL
  Simulation<float> sim(spec, 2, stream);
  try {
    sim.run(5, 2);
    FAIL() << "expected divergence";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("diverged"), std::string::npos) << msg;
    EXPECT_NE(msg.find("sample 5"), std::string::npos) << msg;
    EXPECT_NE(msg.find("at t = "), std::string::npos) << msg;
  }
}

TEST(NavierStokes2d, CflAboveTheBoundIsReportedWithASafeTimeStep) {
  Stream stream;
  auto spec = ns_spec(32, 1e-3, "none", 0.05, 1, 3);
  spec.initial_condition.parameters = {{"sigma", {2000.0}}};  // strong vortices
  Simulation<float> sim(spec, 1, stream);
  try {
    sim.run(0, 1);
    FAIL() << "expected a CFL error";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find("CFL number"), std::string::npos) << msg;
    EXPECT_NE(msg.find("time.dt"), std::string::npos) << msg;
  }
}

}  // namespace
}  // namespace simforge
