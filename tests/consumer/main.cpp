// Built against the installed package: two samples of 2D Navier–Stokes for a few steps.
#include <cmath>
#include <cstdio>

#include "solvers/simulation.hpp"

int main() {
  simforge::SimulationSpec s;
  s.pde = {"navier_stokes_2d",
           {simforge::ParameterLaw::fixed(1e-3), simforge::ParameterLaw::fixed(0.1), simforge::ParameterLaw::fixed(4)},
           {"fno"}};
  s.initial_condition = {"grf", {{2.5}, {7.0}, {0.0}}};
  s.grid = s.store_grid = {32, 32};
  s.dt = 1e-3;
  s.steps_per_frame = 10;
  s.frames = 3;
  simforge::Stream stream;
  simforge::Simulation<float> sim(s, 2, stream);
  const simforge::BatchResult r = sim.run(0, 2);
  const double rms = r.diagnostics.back()[0];
  std::printf("consumer: %zu samples, final vorticity rms %.4f\n", r.count, rms);
  return std::isfinite(rms) && rms > 0 ? 0 : 1;
}
