// CPU and CUDA builds give the same trajectories to round-off: both compare against reference
// trajectories committed in tests/data, computed in double precision by the CPU build. On the
// CPU it is a regression check; on a GPU (cuFFT, CUDA kernels) it is the cross-backend check.
// Regenerate (CPU build only) with SIMFORGE_UPDATE_GOLDEN=1 build/cpu/tests/test_solvers
//   --gtest_filter=BackendAgreement.*
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>

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
  Boundary lower = {}, upper = {};  // on every axis (periodic: the spectral cases)
  std::map<std::string, double> params = {};
  double cfl = 1.0;  // time.cfl_max: the godunov family's steps
};

std::vector<double> trajectory(const Case& c) {
  SimulationSpec s;
  s.pde.type = c.pde;
  if (s.pde.type == "navier_stokes_2d") s.pde.options = {{"forcing", "fno"}};
  for (const auto& [name, v] : c.params) s.pde.parameters[name] = ParameterLaw::fixed(v);
  s.initial_condition = c.ic;
  const bool walls = c.lower.kind != BoundaryKind::Periodic;
  s.grid = Grid::periodic(c.grid, c.length, /*cell_centered=*/walls);
  for (int a = 0; walls && a < s.grid.dim; ++a) s.grid.lower[a] = c.lower, s.grid.upper[a] = c.upper;
  s.dt = c.dt;
  s.steps_per_frame = c.steps;
  s.frames = find_pde(c.pde).steady ? 1 : 2;
  s.stepper = c.stepper;
  s.cfl_max = c.cfl;
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
    // The finite-volume family with walls, and the elliptic one (CG to 1e-12, so that a different
    // iteration count on another backend cannot show).
    {"fitzhugh_nagumo_walls_ssp_rk3", "fitzhugh_nagumo", {32, 32}, 2.0, 5e-3, "ssp_rk3",
     {"white_noise", {{"std", {0.3}}}}, 100, {BoundaryKind::Wall, 0.0}, {BoundaryKind::Wall, 0.0}},
    {"diffusion_sorption_robin", "diffusion_sorption", {64}, 1.0, 1e-3, "ssp_rk3", {"random_constant", {{"max", {0.2}}}}, 200,
     {BoundaryKind::Dirichlet, 1.0}, {BoundaryKind::Robin, -10.0}, {{"diffusivity", 5e-3}}},
    {"darcy_mg_pcg", "darcy", {32, 32}, 1.0, 1e-3, "mg_pcg", {"grf", {{"alpha", {2.0}}, {"tau", {3.0}}}}, 1,
     {BoundaryKind::Dirichlet, 0.0}, {BoundaryKind::Dirichlet, 0.0}, {{"tolerance", 1e-12}}},
    // The godunov family: steps chosen by the CFL number (the limiters are continuous, so
    // round-off differences between backends stay round-off).
    {"euler_random_flow_open", "euler", {32, 32}, 1.0, 0.05, "ssp_rk2", {"random_flow", {{"mach", {0.5}}}}, 2,
     {BoundaryKind::Open, 0.0}, {BoundaryKind::Open, 0.0}, {}, 0.4},
    {"shallow_water_bed_walls", "shallow_water", {32, 32}, 5.0, 0.1, "ssp_rk3", {"dam_break", {}}, 5, {BoundaryKind::Wall, 0.0},
     {BoundaryKind::Wall, 0.0}, {{"bed_height", 0.3}}, 0.4},
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
