#include "workflows/generate.hpp"

#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>

#include "io/background_sink.hpp"
#include "io/commit.hpp"
#include "io/output_lock.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/shards.hpp"
#include "kernels/error.hpp"
#include "solvers/simulation.hpp"

namespace simforge::workflows {

namespace {

using Clock = std::chrono::steady_clock;

io::FaceBoundary face(const Boundary& b) {
  const BoundaryKindInfo& k = boundary_info(b.kind);
  return {k.well_type, k.name, b.value};
}

std::string gib_text(double bytes) {
  char b[32];
  if (bytes >= double(1ull << 30)) std::snprintf(b, sizeof b, "%.2f GiB", bytes / double(1ull << 30));
  else std::snprintf(b, sizeof b, "%.1f MiB", bytes / double(1ull << 20));
  return b;
}

// A batch's frames are kept in host memory until written: refuse a batch that cannot fit.
void check_batch_memory(const config::GenerateConfig& c, std::size_t batch) {
  const SimulationSpec& s = c.simulation;
  const double bytes = double(batch) * double(s.frames) * double(s.store_grid().points()) *
                       double(find_pde(s.pde.type).field_names(s.grid.dim).size()) * sizeof(float);
  const double physical = double(::sysconf(_SC_PHYS_PAGES)) * double(::sysconf(_SC_PAGESIZE));
  SIMFORGE_CHECK(physical <= 0 || bytes < 0.8 * physical, "a batch of ", batch, " samples needs ", gib_text(bytes),
                 " of host memory for its frames; this machine has ", gib_text(physical), ": lower batch");
}

// A new dataset is allocated in full when created (uncompressed): refuse one larger than the
// space left, before writing anything.
void check_disk_space(const io::DatasetSpec& spec, const std::filesystem::path& out) {
  if (spec.storage.gzip_level > 0 || spec.storage.fletcher32) return;  // sizes known only as chunks are written
  const double bytes = double(spec.n_trajectories) * double(spec.sample_size()) * double(spec.field_names().size()) * sizeof(float);
  const std::filesystem::path folder = std::filesystem::absolute(out).parent_path();
  struct statvfs st {};
  if (::statvfs(folder.c_str(), &st) != 0) return;
  const double free = double(st.f_bavail) * double(st.f_frsize);
  SIMFORGE_CHECK(bytes < free, out.string(), " needs ", gib_text(bytes), " (", spec.n_trajectories, " samples x ", spec.times.size(),
                 " frames x ", spec.frame_size(), " points x ", spec.field_names().size(), " fields x 4 bytes); ", folder.string(),
                 " has ", gib_text(free), " free");
}

// The range's missing samples, batch by batch: each batch's fields, varying coefficients and
// diagnostics go to the sink as one block.
template <class Real>
std::size_t run(const config::GenerateConfig& config, SampleRange range, io::SampleSink& sink, const Stream& stream,
                bool overlap, const GenerateCallback& progress) {
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  const std::size_t end = range.first + range.count;
  std::vector<bool> stored(range.count);  // asked once: only this run writes the sink
  for (std::size_t i = 0; i < range.count; ++i) stored[i] = sink.has_sample(range.first + i);
  auto missing = [&](std::size_t first, std::size_t count) {
    return std::size_t(std::count(stored.begin() + std::ptrdiff_t(first - range.first),
                                  stored.begin() + std::ptrdiff_t(first - range.first + count), false));
  };
  GenerateProgress p{range.count - missing(range.first, range.count), range.count, 0, 0};
  if (progress) progress(p);
  if (p.done == range.count) return 0;

  // The single-process run's batch size even for a shard that is smaller, so that every batch is
  // solved exactly as that run solves it.
  const std::size_t batch = std::min(config.batch, config.samples);
  check_batch_memory(config, batch);
  Simulation<Real> sim(config.simulation, batch, stream);
  const PdeDescriptor& d = sim.pde_descriptor();
  const std::vector<ParameterLaw> laws = d.laws(config.simulation.pde);
  // Overlapped output: batch k is stored on a writer thread while batch k + 1 is computed.
  std::optional<io::BackgroundSink> background;
  if (overlap) background.emplace(sink, config.simulation.frames * config.simulation.store_grid().points());
  io::SampleSink& out = background ? static_cast<io::SampleSink&>(*background) : sink;
  const std::size_t done_before = p.done;
  std::size_t handed = 0;  // samples of the range handed to `out` in this run
  for (std::size_t first = range.first; first < end; first += batch) {
    const std::size_t count = std::min(batch, end - first);
    const std::size_t to_store = missing(first, count);
    if (to_store == 0) continue;
    const BatchResult r = sim.run(first, count);

    io::SampleBlock block;
    block.first = first;
    block.count = count;
    for (const auto& f : r.fields) block.fields.push_back(f.data());
    std::vector<std::vector<double>> scalars;
    for (std::size_t i = 0; i < d.parameters.size(); ++i)
      if (laws[i].varies()) {
        std::vector<double> v(count);
        for (std::size_t b = 0; b < count; ++b) v[b] = r.parameters.at(b, i);
        scalars.push_back(std::move(v));
      }
    for (const auto& s : scalars) block.scalars.push_back(s.data());
    for (const auto& diag : r.diagnostics) block.diagnostics.push_back(diag.data());
    out.write(block);

    handed += to_store;  // the batch's other samples were stored before
    p.computed += count;
    p.done = done_before + handed - (background ? to_store : 0);  // with overlap, this block is still being stored
    p.seconds = elapsed();
    if (progress) progress(p);
  }
  if (background) {
    background->flush();
    p.done = done_before + handed;
    p.seconds = elapsed();
    if (progress) progress(p);
  }
  return p.computed;
}

}  // namespace

SampleRange shard_range(const config::GenerateConfig& config, Shard shard) {
  SIMFORGE_CHECK(shard.count >= 1 && shard.index < shard.count, "shard ", shard.index, " of ", shard.count,
                 ": the index runs from 0 to ", shard.count, " - 1");
  const std::size_t batch = std::min(config.batch, config.samples);
  const std::size_t batches = (config.samples + batch - 1) / batch;
  SIMFORGE_CHECK(shard.count <= batches, shard.count, " shards of ", config.samples, " samples in batches of ", batch, ": only ", batches,
                 " batches to share; use at most ", batches, " shards or a smaller batch");
  const std::size_t b0 = shard.index * batches / shard.count, b1 = (shard.index + 1) * batches / shard.count;
  const std::size_t first = b0 * batch;
  return {first, std::min(b1 * batch, config.samples) - first};
}

std::filesystem::path output_file(const config::GenerateConfig& config, Shard shard) {
  if (shard.count <= 1) return config.output_path;
  return io::shard_path(config.output_path, shard.index, shard.count);
}

io::DatasetSpec dataset_spec(const config::GenerateConfig& config, Shard shard) {
  const SimulationSpec& sim = config.simulation;
  const PdeDescriptor& d = find_pde(sim.pde.type);
  const Grid store = sim.store_grid();
  io::DatasetSpec s;
  s.dataset_name = config.name;
  s.spatial_dims = grid_axis_names(store.dim);
  for (int a = 0; a < store.dim; ++a) {
    s.spatial_shape.push_back(std::size_t(store.n[a]));
    s.coordinates.push_back(store.coordinates(a));
    s.boundaries.push_back({face(store.lower[a]), face(store.upper[a])});
  }
  s.times = sim.times();
  s.n_trajectories = config.samples;
  s.t0_fields = d.fields;
  s.t1_fields = d.vectors;
  const std::vector<ParameterLaw> laws = d.laws(sim.pde);
  for (std::size_t i = 0; i < d.parameters.size(); ++i) {
    if (laws[i].varies()) {
      s.sample_scalars.push_back(d.parameters[i].name);
    } else {
      s.constant_parameters.push_back(d.parameters[i].name);
      s.constant_values.push_back(laws[i].lo);
    }
  }
  s.diagnostics = simulation_diagnostics(d, store.dim);
  s.config_yaml = config.effective_yaml();
  s.seed = config.seed;
  s.storage = config.storage;
  if (shard.count > 1) {
    const SampleRange r = shard_range(config, shard);
    s.n_trajectories = r.count;
    s.shard = {shard.index, shard.count, r.first, config.samples};
  }
  return s;
}

std::size_t generate_samples(const config::GenerateConfig& config, SampleRange range, io::SampleSink& sink, const Stream& stream,
                             const GenerateCallback& progress, bool overlap) {
  SIMFORGE_CHECK(range.first + range.count <= config.samples, "generate: samples [", range.first, ", ", range.first + range.count,
                 ") outside the config's ", config.samples);
  return config.precision == config::Precision::Float64 ? run<double>(config, range, sink, stream, overlap, progress)
                                                        : run<float>(config, range, sink, stream, overlap, progress);
}

bool output_complete(const config::GenerateConfig& config, const GenerateOptions& options) {
  namespace fs = std::filesystem;
  const fs::path out = output_file(config, options.shard);
  if (!options.resume || options.overwrite || !fs::exists(out) || fs::exists(io::partial_path(out))) return false;
  const io::DatasetReader existing(out);
  SIMFORGE_CHECK(existing.info().complete, out.string(), " exists but is not complete");
  const std::string diff = io::spec_difference(existing.info().spec, dataset_spec(config, options.shard));
  SIMFORGE_CHECK(diff.empty(), out.string(), " is complete but holds another dataset than this configuration (", diff,
                 "); pass --overwrite to generate it anew");
  return true;
}

GenerateReport generate_dataset(const config::GenerateConfig& config, const GenerateOptions& options, const Stream& stream,
                                const GenerateCallback& progress) {
  namespace fs = std::filesystem;
  GenerateReport report;
  const fs::path out = output_file(config, options.shard);
  report.path = out.string();
  const fs::path partial = io::partial_path(out);
  const io::DatasetSpec spec = dataset_spec(config, options.shard);
  const SampleRange range = options.shard.count > 1 ? shard_range(config, options.shard) : SampleRange{0, config.samples};
  const io::OutputLock lock(out, options.inputs, options.overwrite || options.resume, "dataset");

  if (output_complete(config, options)) {
    report.nothing_to_do = true;
    return report;
  }
  SIMFORGE_CHECK(options.resume || options.overwrite || !fs::exists(partial), partial.string(),
                 " exists from an interrupted run; pass --resume to continue it or --overwrite to start over");
  const bool resuming = options.resume && fs::exists(partial);
  if (!resuming) check_disk_space(spec, out);
  std::optional<io::DatasetWriter> writer;
  writer.emplace(resuming ? io::DatasetWriter::resume(out, spec) : io::DatasetWriter::create(out, spec, options.overwrite));
  report.resumed = writer->completed_count();
  const auto start = Clock::now();
  try {
    report.computed = generate_samples(config, range, *writer, stream, progress, options.overlap_output);
  } catch (...) {
    // A run that stored nothing leaves nothing behind: no empty .partial to trip the next run.
    if (!resuming && writer->completed_count() == 0) {
      writer.reset();
      std::error_code ec;
      fs::remove(partial, ec);
    }
    throw;
  }
  writer->finish();
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

}  // namespace simforge::workflows
