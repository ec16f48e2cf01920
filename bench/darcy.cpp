// Darcy flow at 256^2 x batch 64, solved to 1e-6 relative residual by the multigrid-preconditioned
// CG (the FNO paper's two-phase 12 / 3 coefficient, f = 1): samples/s, CG iterations, and the
// work in fine-grid stencil sweeps per sample (a multigrid-optimal solve is a few tens). No peer:
// PhysicsNeMo's Warp multigrid needs a GPU and Warp, neither installed here.
// Usage: bench_darcy [--n 256] [--batch 64] [--reps 3]
#include <cstdio>
#include <map>
#include <string>

#include "bench_support.hpp"
#include "kernels/device.hpp"
#include "solvers/elliptic/darcy_multigrid.hpp"
#include "solvers/simulation.hpp"

using namespace simforge;

int main(int argc, char** argv) try {
  std::map<std::string, std::string> a = {{"n", "256"}, {"batch", "64"}, {"reps", "3"}};
  for (int i = 1; i + 1 < argc; i += 2) a[argv[i] + 2] = argv[i + 1];
  const int n = std::stoi(a["n"]);
  const std::size_t batch = std::stoul(a["batch"]);
  SimulationSpec s;  // as examples/fno_darcy_2d.yaml
  s.pde.type = "darcy";
  s.pde.parameters["tolerance"] = ParameterLaw::fixed(1e-6);
  s.initial_condition = {"grf", {{"alpha", {2.0}}, {"tau", {3.0}}}};
  s.grid = Grid::periodic({n, n}, 1.0, true);
  for (int d = 0; d < 2; ++d) s.grid.lower[d] = s.grid.upper[d] = Boundary{BoundaryKind::Dirichlet, 0.0};
  s.stepper = "mg_pcg";
  s.frames = 1;
  Stream stream;
  Simulation<float> sim(s, batch, stream);
  sim.run(0, batch);  // warm-up
  const double seconds = bench::median_seconds(std::stoi(a["reps"]), [&] { sim.run(0, batch); });
  std::printf("simforge darcy %d^2 x %zu to 1e-6 on %s: %.3g samples/s (%.3g s per batch, median)\n", n, batch,
              device::description().c_str(), double(batch) / seconds, seconds);
  // The solver's own accounting, on a fresh solve of the same batch.
  elliptic::DarcyMultigrid<float> mg(n, batch, stream);
  Simulation<float> probe(s, batch, stream);
  const BatchResult r = probe.run(0, batch);
  DeviceBuffer<float> coef = to_device<float>(r.fields[0], stream), f = to_device<float>(std::vector<float>(r.fields[0].size(), 1.0f), stream),
                      u = to_device<float>(std::vector<float>(r.fields[0].size(), 0.0f), stream);
  mg.set_coefficient(coef.data(), batch);
  const elliptic::DarcyReport rep = mg.solve(f.data(), u.data(), {.tolerance = 1e-6});
  int lo = rep.iterations[0], hi = lo;
  for (int it : rep.iterations) lo = std::min(lo, it), hi = std::max(hi, it);
  std::printf("CG iterations %d to %d over the batch; work %.1f fine-grid sweeps per sample (%d levels)\n", lo, hi, mg.sweeps(), mg.levels());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_darcy: %s\n", e.what());
  return 1;
}
