// The Darcy solver: second order against a manufactured solution, the multigrid V-cycle's
// convergence factor, CG iteration counts that stay bounded as the grid is refined, and a sample
// solved alone equal to the same sample in a batch.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <functional>
#include <utility>

#include "kernels/buffer.hpp"
#include "kernels/philox.hpp"
#include "solvers/elliptic/darcy_multigrid.hpp"

namespace simforge::elliptic {
namespace {

constexpr double pi = M_PI;

// g(x, y) at the cell centres of `count` samples on n x n cells, [count, n, n] (y slow).
template <class Real>
std::vector<Real> cells(int n, std::size_t count, const std::function<double(std::size_t, double, double)>& g) {
  std::vector<Real> v(count * std::size_t(n) * std::size_t(n));
  for (std::size_t b = 0; b < count; ++b)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) v[(b * n + j) * n + i] = Real(g(b, (i + 0.5) / n, (j + 0.5) / n));
  return v;
}

// A piecewise-constant coefficient as in the FNO paper: 12 where a smooth random field is >= 0,
// 3 elsewhere (the field: a few random Fourier modes, per sample).
double two_phase(std::size_t sample, double x, double y) {
  const PhiloxStream rng(11, sample);
  double psi = 0;
  for (int k = 0; k < 12; ++k) {
    const double kx = 1 + int(rng.uniform(3 * k) * 4), ky = 1 + int(rng.uniform(3 * k + 1) * 4), ph = 2 * pi * rng.uniform(3 * k + 2);
    psi += std::cos(pi * (kx * x + ky * y) + ph) / (kx * kx + ky * ky);
  }
  return psi >= 0 ? 12.0 : 3.0;
}

template <class Real>
DeviceBuffer<Real> device(const std::vector<Real>& h, const Stream& s) {
  return to_device<Real>(h, s);
}

double max_error(int n) {
  Stream stream;
  auto a = [](std::size_t, double x, double y) { return 1 + x + 2 * y * y; };
  auto u = [](double x, double y) { return std::sin(pi * x) * std::sin(pi * y); };
  auto f = [&](std::size_t, double x, double y) {
    const double ax = 1, ay = 4 * y, ux = pi * std::cos(pi * x) * std::sin(pi * y), uy = pi * std::sin(pi * x) * std::cos(pi * y);
    return -(ax * ux + ay * uy - 2 * pi * pi * a(0, x, y) * u(x, y));
  };
  DarcyMultigrid<double> mg(n, 1, stream);
  const auto ad = device(cells<double>(n, 1, a), stream), fd = device(cells<double>(n, 1, f), stream);
  mg.set_coefficient(ad.data(), 1);
  DeviceBuffer<double> ud = device(std::vector<double>(std::size_t(n) * n, 0.0), stream);
  const DarcyReport r = mg.solve(fd.data(), ud.data(), {.tolerance = 1e-11});
  EXPECT_LE(r.relative_residual[0], 1e-11);
  const auto uh = to_host(ud, stream);
  const auto exact = cells<double>(n, 1, [&](std::size_t, double x, double y) { return u(x, y); });
  double e = 0;
  for (std::size_t i = 0; i < exact.size(); ++i) e = std::max(e, std::abs(uh[i] - exact[i]));
  return e;
}

TEST(Darcy, ManufacturedSolutionConvergesAtSecondOrder) {
  const double e32 = max_error(32), e64 = max_error(64), e128 = max_error(128);
  std::printf("darcy manufactured max errors at 32 / 64 / 128: %.3g / %.3g / %.3g\n", e32, e64, e128);
  EXPECT_NEAR(std::log2(e32 / e64), 2.0, 0.15);
  EXPECT_NEAR(std::log2(e64 / e128), 2.0, 0.15);
}

// Stationary iteration x += V(f - A x): the residual shrinks by the V-cycle's factor each time.
// V(4,4) stays below 0.15 on the FNO paper's two-phase coefficient; V(2,2), the preconditioner's
// default (less work per CG iteration), below 0.3.
TEST(Darcy, AVCycleReducesTheResidualBelowAFactorOf015) {
  Stream stream;
  for (const auto& [smooth, bound] : {std::pair{2, 0.30}, std::pair{4, 0.15}})
    for (bool two : {false, true}) {
      const int n = 128;
      DarcyMultigrid<double> mg(n, 2, stream);
      const auto ad = device(cells<double>(n, 2, [&](std::size_t b, double x, double y) { return two ? two_phase(b, x, y) : 1.0; }), stream);
      mg.set_coefficient(ad.data(), 2);
      const auto fd = device(cells<double>(n, 2, [](std::size_t b, double x, double y) { return std::cos(3 * x + b) + y; }), stream);
      const std::size_t m = 2 * std::size_t(n) * n;
      DeviceBuffer<double> x = device(std::vector<double>(m, 0.0), stream), r(m), e(m), ax(m);
      auto norm = [&] {
        mg.apply(x.data(), ax.data());
        const auto fh = to_host(fd, stream), ah = to_host(ax, stream);
        std::vector<double> rh(m);
        double s = 0;
        for (std::size_t i = 0; i < m; ++i) rh[i] = fh[i] - ah[i], s += rh[i] * rh[i];
        copy_n(r.data(), rh.data(), m, CopyKind::HostToDevice, stream);
        return std::sqrt(s);
      };
      double before = norm(), first = before, rate = 0;
      const int cycles = 6;
      for (int c = 0; c < cycles; ++c) {
        mg.vcycle(r.data(), e.data(), {.pre_smooth = smooth, .post_smooth = smooth});
        const auto xh = to_host(x, stream), eh = to_host(e, stream);
        std::vector<double> nx(m);
        for (std::size_t i = 0; i < m; ++i) nx[i] = xh[i] + eh[i];
        copy_n(x.data(), nx.data(), m, CopyKind::HostToDevice, stream);
        const double after = norm();
        rate = after / before;
        before = after;
      }
      const double mean = std::pow(before / first, 1.0 / cycles);
      std::printf("darcy V(%d,%d) residual factor (%s): mean %.3f, last %.3f\n", smooth, smooth, two ? "two-phase 12/3" : "uniform", mean,
                  rate);
      EXPECT_LT(mean, bound);
      EXPECT_LT(rate, bound);
    }
}

TEST(Darcy, CgIterationsStayBoundedFrom64To512) {
  Stream stream;
  std::vector<int> its;
  for (int n : {64, 128, 256, 512}) {
    DarcyMultigrid<float> mg(n, 1, stream);
    const auto ad = device(cells<float>(n, 1, two_phase), stream);
    const auto fd = device(cells<float>(n, 1, [](std::size_t, double, double) { return 1.0; }), stream);
    mg.set_coefficient(ad.data(), 1);
    DeviceBuffer<float> u = device(std::vector<float>(std::size_t(n) * n, 0.0f), stream);
    const DarcyReport r = mg.solve(fd.data(), u.data(), {.tolerance = 1e-5});
    EXPECT_LE(r.relative_residual[0], 1e-5) << n;
    its.push_back(r.iterations[0]);
  }
  std::printf("darcy CG iterations to 1e-5 at 64 / 128 / 256 / 512: %d / %d / %d / %d\n", its[0], its[1], its[2], its[3]);
  for (int i : its) EXPECT_LE(i, 12);
  EXPECT_LE(its[3] - its[0], 2);
}

TEST(Darcy, ASampleSolvedAloneEqualsItInABatchOfEight) {
  Stream stream;
  const int n = 64;
  const auto a8 = cells<float>(n, 8, two_phase);
  const auto f8 = cells<float>(n, 8, [](std::size_t b, double x, double y) { return 1.0 + 0.1 * double(b) * x * y; });
  auto run = [&](std::size_t first, std::size_t count) {
    DarcyMultigrid<float> mg(n, count, stream);
    const std::size_t per = std::size_t(n) * n;
    const auto ad = device(std::vector<float>(a8.begin() + first * per, a8.begin() + (first + count) * per), stream);
    const auto fd = device(std::vector<float>(f8.begin() + first * per, f8.begin() + (first + count) * per), stream);
    mg.set_coefficient(ad.data(), count);
    DeviceBuffer<float> u = device(std::vector<float>(count * per, 0.0f), stream);
    const DarcyReport r = mg.solve(fd.data(), u.data(), {.tolerance = 1e-5});
    return std::make_pair(to_host(u, stream), r);
  };
  const auto [all, report8] = run(0, 8);
  const auto [one, report1] = run(5, 1);
  const std::size_t per = std::size_t(n) * n;
  for (std::size_t i = 0; i < per; ++i) ASSERT_EQ(one[i], all[5 * per + i]) << i;
  EXPECT_EQ(report1.iterations[0], report8.iterations[5]);
}

}  // namespace
}  // namespace simforge::elliptic

#include "solvers/simulation.hpp"

namespace simforge::elliptic {
namespace {

// Through the solver seam: one frame per sample holding a two-phase coefficient and its solution,
// the same whether solved alone or in a batch.
TEST(Darcy, GeneratesOneFrameOfCoefficientAndSolutionPerSample) {
  Stream stream;
  SimulationSpec s;
  s.pde.type = "darcy";
  s.initial_condition = {"grf", {{"alpha", {2.0}}, {"tau", {3.0}}}};
  s.grid = Grid::periodic({32, 32}, 1.0, true);
  for (int a = 0; a < 2; ++a) s.grid.lower[a] = s.grid.upper[a] = Boundary{BoundaryKind::Dirichlet, 0.0};
  s.stepper = "mg_pcg";
  s.frames = 1;
  Simulation<float> batch(s, 3, stream), alone(s, 1, stream);
  const BatchResult r = batch.run(0, 3), one = alone.run(2, 1);
  ASSERT_EQ(r.fields.size(), 2u);
  const std::size_t pts = 32 * 32;
  ASSERT_EQ(r.fields[0].size(), 3 * pts);
  std::size_t high = 0;
  for (float a : r.fields[0]) {
    ASSERT_TRUE(a == 12.0f || a == 3.0f) << a;
    high += a == 12.0f;
  }
  EXPECT_GT(high, pts / 4);  // both phases present
  EXPECT_LT(high, 3 * pts - pts / 4);
  for (float u : r.fields[1]) EXPECT_GT(u, 0.0f);  // f = 1 > 0 and u = 0 on the faces: u > 0 inside
  for (std::size_t f = 0; f < 2; ++f)
    for (std::size_t i = 0; i < pts; ++i) ASSERT_EQ(one.fields[f][i], r.fields[f][2 * pts + i]);
  s.grid.lower[0] = s.grid.upper[0] = Boundary{};  // periodic: not this family's
  EXPECT_THROW(Simulation<float>(s, 1, stream), Error);
}

}  // namespace
}  // namespace simforge::elliptic
