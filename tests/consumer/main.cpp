// Built against the installed package: two samples of 2D Navier–Stokes for a few steps through the
// solver seam, and a dataset written and read back through the workflows layer (so the package's
// registries, shared libraries and HDF5 all resolve downstream).
#include <cmath>
#include <cstdio>

#include <filesystem>

#include "io/dataset_reader.hpp"
#include "solvers/simulation.hpp"
#include "workflows/generate.hpp"

int main() {
  simforge::SimulationSpec s;
  s.pde = {"navier_stokes_2d", {{"viscosity", simforge::ParameterLaw::fixed(1e-3)}}, {{"forcing", "fno"}}};
  s.initial_condition = {"grf", {{"alpha", {2.5}}, {"tau", {7.0}}}};
  s.grid = simforge::Grid::periodic({32, 32});
  s.dt = 1e-3;
  s.steps_per_frame = 10;
  s.frames = 3;
  simforge::Stream stream;
  simforge::Simulation<float> sim(s, 2, stream);
  const simforge::BatchResult r = sim.run(0, 2);
  const double rms = r.diagnostics.back()[0];
  std::printf("consumer: %zu samples, final vorticity rms %.4f\n", r.count, rms);
  if (!(std::isfinite(rms) && rms > 0)) return 1;

  simforge::config::GenerateConfig g =
      simforge::config::parse_generate_config("samples: 2\npde: {type: burgers}\ngrid: {n: 32}\ntime: {dt: 1.0e-3, t_end: 0.01}\n", "consumer");
  g.output_path = (std::filesystem::temp_directory_path() / "simforge_consumer.h5").string();
  simforge::workflows::generate_dataset(g, {false, true}, stream);
  const simforge::io::DatasetReader d(g.output_path);
  std::printf("consumer: %s holds %zu complete samples of %s\n", g.output_path.c_str(), d.info().samples_complete,
              d.info().spec.t0_fields.front().c_str());
  std::filesystem::remove(g.output_path);
  return d.info().complete ? 0 : 1;
}
