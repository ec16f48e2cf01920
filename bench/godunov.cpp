// The Godunov family against Clawpack's PyClaw (the Fortran wave-propagation solver PDEBench used
// for its dam break; bench/pyclaw/, installed by bench/pyclaw/setup_venv.sh) on the same problem,
// grid and CFL number, on the same machine in the same run:
//   quadrant   2-D Euler, Lax & Liu's configuration 3 on [0, 1]^2, outflow faces (256^2, t = 0.8)
//   dam_break  2-D shallow water, PDEBench's radial dam break on [-2.5, 2.5]^2, r = 0.5 (128^2, t = 1)
// Prints Simforge's cell-updates/s with 1 thread and with all threads (medians), PyClaw's (one
// thread: it has no threading), the ratios, the time to the final time of each, and the relative
// L1 difference of the final density (depth) between the two.
// Usage: bench_godunov [--problem quadrant|dam_break] [--n N] [--t-end T] [--cfl 0.4] [--reps 3]
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "bench_support.hpp"
#include "kernels/device.hpp"
#include "solvers/simulation.hpp"

using namespace simforge;

namespace {

SimulationSpec problem(const std::string& name, int n, double t_end, double cfl) {
  SimulationSpec s;
  s.grid = Grid::periodic({n, n}, 1.0, /*cell_centered=*/true);
  for (int a = 0; a < 2; ++a) s.grid.lower[a] = s.grid.upper[a] = Boundary{BoundaryKind::Open, 0.0};
  s.dt = t_end;  // one frame after t = 0: the CFL number sets the steps
  s.steps_per_frame = 1;
  s.frames = 2;
  s.stepper = "ssp_rk2";
  s.cfl_max = cfl;
  if (name == "quadrant") {  // as examples/euler_quadrants_2d.yaml; fields density, pressure, velocity_y, velocity_x
    s.pde.type = "euler";
    s.initial_condition = {"quadrants",
                           {{"upper_right", {1.5, 1.5, 0.0, 0.0}},
                            {"upper_left", {0.5323, 0.3, 0.0, 1.206}},
                            {"lower_left", {0.138, 0.029, 1.206, 1.206}},
                            {"lower_right", {0.5323, 0.3, 1.206, 0.0}},
                            {"x_split", {0.8}},
                            {"y_split", {0.8}}}};
  } else if (name == "dam_break") {
    s.pde.type = "shallow_water";
    s.grid.length = 5.0;
    s.grid.origin = -2.5;
    s.initial_condition = {"dam_break", {{"radius_min", {0.5}}, {"radius_max", {0.5}}}};
  } else {
    SIMFORGE_FAIL("--problem ", name, " is not known; allowed: quadrant, dam_break");
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) try {
  std::map<std::string, std::string> a = {{"problem", "quadrant"}, {"n", ""}, {"t-end", ""}, {"cfl", "0.4"}, {"reps", "3"}};
  for (int i = 1; i + 1 < argc; i += 2) a[argv[i] + 2] = argv[i + 1];
  const std::string name = a["problem"];
  const bool quadrant = name == "quadrant";
  const int n = a["n"].empty() ? (quadrant ? 256 : 128) : std::stoi(a["n"]);
  const double t_end = a["t-end"].empty() ? (quadrant ? 0.8 : 1.0) : std::stod(a["t-end"]);
  const int reps = std::stoi(a["reps"]);
  const SimulationSpec s = problem(name, n, t_end, std::stod(a["cfl"]));

  Stream stream;
  Simulation<float> sim(s, 1, stream);
  BatchResult last;
  auto run = [&] { last = sim.run(0, 1); };
  const int all_threads = device::thread_count();
  std::map<int, double> seconds;
  // On a GPU the host threads do not matter: one timing.
  const std::vector<int> thread_counts = SIMFORGE_CUDA ? std::vector<int>{all_threads} : std::vector<int>{1, all_threads};
  for (int threads : thread_counts) {
    device::set_thread_count(threads);
    run();  // warm-up
    seconds[threads] = bench::median_seconds(reps, run);
  }
  device::set_thread_count(all_threads);
  const double steps = last.diagnostics[last.diagnostics.size() - 2][0], cells = double(n) * n;
  auto rate = [&](int threads) { return cells * steps / seconds[threads]; };
  if (SIMFORGE_CUDA)
    std::printf("simforge %s %d^2 to t = %g (cfl %s, %.0f steps) on %s: %.3g cell-updates/s (%.3g s; median of %d)\n", name.c_str(), n,
                t_end, a["cfl"].c_str(), steps, device::description().c_str(), rate(all_threads), seconds[all_threads], reps);
  else
    std::printf("simforge %s %d^2 to t = %g (cfl %s, %.0f steps) on %s: %.3g cell-updates/s with 1 thread, %.3g with %d (%.3g s, %.3g s; medians of %d)\n",
                name.c_str(), n, t_end, a["cfl"].c_str(), steps, device::description().c_str(), rate(1), rate(all_threads), all_threads,
                seconds[1], seconds[all_threads], reps);

  // The final density (depth) for the peer's agreement check: raw float32 [n, n], y slow.
  const std::filesystem::path ours = std::filesystem::temp_directory_path() / ("simforge_bench_godunov_" + name + ".f32");
  if (FILE* f = std::fopen(ours.c_str(), "wb")) {
    std::fwrite(last.fields[0].data() + std::size_t(cells), sizeof(float), std::size_t(cells), f);  // frame 1
    std::fclose(f);
  }
  const char* venv = std::getenv("SIMFORGE_PYCLAW_PYTHON");
  const std::string python = venv ? venv : std::string(SIMFORGE_SOURCE_DIR) + "/build/pyclaw-venv/bin/python";
  if (!std::filesystem::exists(python)) {
    std::printf("peer: PyClaw is not installed (bench/pyclaw/setup_venv.sh); no ratio\n");
    return 0;
  }
  std::string line, agreement;
  const std::string script = std::string(SIMFORGE_SOURCE_DIR) + "/bench/pyclaw/" + (quadrant ? "euler_quadrant.py" : "dam_break.py");
  const std::string args = script + " --n " + std::to_string(n) + " --t-end " + std::to_string(t_end) + " --cfl " + a["cfl"] + " --ours " + ours.string();
  const double peer = bench::run_python_with(python, args, "([0-9.eE+-]+) cell-updates/s", reps, &line, &agreement);
  if (peer <= 0) {
    std::printf("peer: PyClaw could not run here; no ratio\n");
    return 0;
  }
  std::printf("%s (median of %d)\n%s\n", line.c_str(), reps, agreement.c_str());
  // Time to t_end: the two count CFL numbers differently (Simforge sums over the axes), so their steps differ.
  std::smatch m;
  const std::regex peer_seconds("steps, ([0-9.eE+-]+) s\\)");
  if (std::regex_search(line, m, peer_seconds))
    std::printf("time to t = %g: simforge %.3g s (%d threads), pyclaw %s s: %.2fx\n", t_end, seconds[all_threads], all_threads, m[1].str().c_str(),
                std::stod(m[1].str()) / seconds[all_threads]);
  if (!SIMFORGE_CUDA)
    std::printf("ratio simforge / pyclaw, cell-updates/s: %.2fx (1 thread each), %.2fx (%d threads against PyClaw's one)\n", rate(1) / peer,
                rate(all_threads) / peer, all_threads);
  else
    std::printf("ratio simforge (GPU) / pyclaw (one CPU thread), cell-updates/s: %.1fx\n", rate(all_threads) / peer);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_godunov: %s\n", e.what());
  return 1;
}
