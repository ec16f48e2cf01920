// CPU and CUDA builds give the same trajectories to round-off: both compare against reference
// trajectories committed in tests/data, computed in double precision by the CPU build. On the
// CPU it is a regression check; on a GPU (cuFFT, CUDA kernels) it is the cross-backend check.
// Regenerate (CPU build only) with SIMFORGE_UPDATE_GOLDEN=1 build/cpu/tests/test_solvers
//   --gtest_filter=BackendAgreement.*
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "kernels/device.hpp"
#include "simforge/version.hpp"
#include "solvers/simulation.hpp"

namespace simforge {
namespace {

struct Case {
  const char* name;
  const char* pde;
  std::vector<int> grid;
  double length, dt;
  const char* stepper;
  InitialConditionSpec ic;
  std::size_t steps;
};

std::vector<double> trajectory(const Case& c) {
  SimulationSpec s;
  s.pde.type = c.pde;
  if (s.pde.type == "navier_stokes_2d") s.pde.options = {{"forcing", "fno"}};
  s.initial_condition = c.ic;
  s.grid = Grid::periodic(c.grid, c.length);
  s.dt = c.dt;
  s.steps_per_frame = c.steps;
  s.frames = 2;
  s.stepper = c.stepper;
  s.seed = 7;
  Stream stream;
  Simulation<double> sim(s, 2, stream);
  const BatchResult r = sim.run(0, 2);
  std::vector<double> out;
  for (const auto& f : r.fields) out.insert(out.end(), f.begin(), f.end());
  return out;
}

const Case cases[] = {
    {"ns2d_cn_heun", "navier_stokes_2d", {32, 32}, 1.0, 1e-3, "cn_heun", {"grf", {{"alpha", {2.5}}, {"tau", {7.0}}}}, 200},
    {"ks_etdrk4", "kuramoto_sivashinsky", {128}, 100.0, 0.1, "etdrk4",
     {"fourier_series", {{"max_wavenumber", {8}}, {"decay", {0.0}}, {"amplitude", {0.2}}}}, 100},
    {"gray_scott_2d_etdrk4", "gray_scott", {32, 32}, 1.0, 0.5, "etdrk4",
     {"gaussian_blobs", {{"count", {4}}, {"radius", {0.08}}, {"background", {1.0, 0.0}}, {"amplitude", {-0.5, 0.25}}}}, 100},
    {"burgers_rk4", "burgers", {64}, 1.0, 1e-3, "rk4", {"grf", {{"alpha", {2.0}}, {"tau", {5.0}}, {"sigma", {5.0}}}}, 200},
};

TEST(BackendAgreement, TrajectoriesMatchTheCommittedCpuReference) {
  for (const Case& c : cases) {
    const std::vector<double> got = trajectory(c);
    const std::string path = std::string(SIMFORGE_SOURCE_DIR) + "/tests/data/golden_" + c.name + ".f64";
    if (std::getenv("SIMFORGE_UPDATE_GOLDEN") && !SIMFORGE_CUDA) {
      std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(got.data()), std::streamsize(got.size() * 8));
      continue;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in.good()) << "missing " << path;
    std::vector<double> ref(got.size());
    in.read(reinterpret_cast<char*>(ref.data()), std::streamsize(ref.size() * 8));
    ASSERT_EQ(std::size_t(in.gcount()), ref.size() * 8) << path << " has another size";
    double diff = 0, scale = 0;
    for (std::size_t i = 0; i < ref.size(); ++i) {
      diff = std::max(diff, std::abs(got[i] - ref[i]));
      scale = std::max(scale, std::abs(ref[i]));
    }
    // Frames are stored in float32 (relative rounding 6e-8); FFT libraries differ in double by ~1e-15
    // per transform, amplified by at most a few hundred steps of smooth dynamics.
    EXPECT_LE(diff, 2e-7 * scale) << c.name << " on " << backend << " (" << device::description() << ")";
    EXPECT_GT(scale, 0.0) << c.name;
  }
}

}  // namespace
}  // namespace simforge
