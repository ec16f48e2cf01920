#include "io/dataset_generator.hpp"

#include <filesystem>

#include "kernels/error.hpp"

namespace simforge::io {

namespace {

std::vector<std::string> axis_names(int dim) {
  static const std::vector<std::string> all = {"z", "y", "x"};
  return {all.end() - dim, all.end()};
}

template <class Real>
GenerateReport run(const GenerateConfig& config, const GenerateOptions& options,
                   const std::function<void(const GenerateProgress&)>& progress) {
  namespace fs = std::filesystem;
  GenerateReport report;
  report.path = config.output_path;
  const fs::path out = config.output_path;
  const fs::path partial = out.string() + ".partial";
  const DatasetSpec spec = dataset_spec(config);

  if (options.resume && fs::exists(out) && !fs::exists(partial)) {
    const DatasetReader existing(out);
    SIMFORGE_CHECK(existing.info().complete, out.string(), " exists but is not complete");
    report.nothing_to_do = true;
    return report;
  }
  SIMFORGE_CHECK(options.resume || options.overwrite || !fs::exists(partial), partial.string(),
                 " exists from an interrupted run; pass --resume to continue it or --overwrite to start over");
  DatasetWriter writer = options.resume && fs::exists(partial) ? DatasetWriter::resume(out, spec)
                                                               : DatasetWriter::create(out, spec, options.overwrite);
  report.resumed = writer.completed_count();

  Stream stream;
  const std::size_t batch = std::min(config.batch, config.samples);
  Simulation<Real> sim(config.simulation, batch, stream);
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  GenerateProgress p{writer.completed_count(), config.samples, 0, 0};
  if (progress) progress(p);

  const PdeDescriptor& d = sim.pde_descriptor();
  for (std::size_t first = 0; first < config.samples; first += batch) {
    const std::size_t count = std::min(batch, config.samples - first);
    bool done = true;
    for (std::size_t i = first; i < first + count; ++i) done = done && writer.completed()[i];
    if (done) continue;
    const BatchResult r = sim.run(first, count);

    SampleBlock block;
    block.first = first;
    block.count = count;
    for (const auto& f : r.fields) block.fields.push_back(f.data());
    std::vector<std::vector<double>> scalars;
    for (std::size_t i = 0; i < d.parameters.size(); ++i)
      if (config.simulation.pde.parameters[i].varies()) {
        std::vector<double> v(count);
        for (std::size_t b = 0; b < count; ++b) v[b] = r.parameters.at(b, i);
        scalars.push_back(std::move(v));
      }
    for (const auto& s : scalars) block.scalars.push_back(s.data());
    for (const auto& diag : r.diagnostics) block.diagnostics.push_back(diag.data());
    writer.write(block);

    report.computed += count;
    p = {writer.completed_count(), config.samples, report.computed, elapsed()};
    if (progress) progress(p);
  }
  writer.finish();
  report.seconds = elapsed();
  return report;
}

}  // namespace

DatasetSpec dataset_spec(const GenerateConfig& config) {
  const SimulationSpec& sim = config.simulation;
  const PdeDescriptor& d = find_pde(sim.pde.type);
  DatasetSpec s;
  s.dataset_name = config.name;
  const int dim = int(sim.store_grid.size());
  s.spatial_dims = axis_names(dim);
  for (int a = 0; a < dim; ++a) {
    const int n = sim.store_grid[a];
    s.spatial_shape.push_back(std::size_t(n));
    std::vector<double> c(n);
    for (int i = 0; i < n; ++i) c[i] = sim.length * (i + (sim.cell_centered ? 0.5 : 0.0)) / n;
    s.coordinates.push_back(std::move(c));
  }
  s.times = sim.times();
  s.n_trajectories = config.samples;
  s.t0_fields = d.fields;
  for (std::size_t i = 0; i < d.parameters.size(); ++i) {
    const ParameterLaw& law = sim.pde.parameters[i];
    if (law.varies()) {
      s.sample_scalars.push_back(d.parameters[i].name);
    } else {
      s.constant_parameters.push_back(d.parameters[i].name);
      s.constant_values.push_back(law.lo);
    }
  }
  s.diagnostics = simulation_diagnostics(d);
  s.config_yaml = config.effective_yaml();
  s.seed = config.seed;
  s.storage = config.storage;
  return s;
}

GenerateReport generate_dataset(const GenerateConfig& config, const GenerateOptions& options,
                                const std::function<void(const GenerateProgress&)>& progress) {
  return config.precision == Precision::Float64 ? run<double>(config, options, progress)
                                                : run<float>(config, options, progress);
}

}  // namespace simforge::io
