#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "interrupt.hpp"
#include "io/commit.hpp"
#include "io/shards.hpp"
#include "kernels/device.hpp"
#include "mpi_session.hpp"
#include "progress.hpp"
#include "workflows/generate.hpp"

namespace simforge::app {

namespace {

// Generates `shard` of `config` (the whole dataset for shard 0 of 1) with progress and notes.
void generate_part(const config::GenerateConfig& config, const GenerateArgs& args, workflows::Shard shard, const Stream& stream,
                   const std::string& who) {
  const std::string out = workflows::output_file(config, shard).string();
  std::string part = std::to_string(config.samples) + " samples";
  if (shard.count > 1) {
    const workflows::SampleRange r = workflows::shard_range(config, shard);
    part = "shard " + std::to_string(shard.index) + " of " + std::to_string(shard.count) + ": samples [" + std::to_string(r.first) +
           ", " + std::to_string(r.first + r.count) + ") of " + std::to_string(config.samples);
  }
  std::fprintf(stderr, "simforge generate%s: %s, %s of %s on %s -> %s\n", who.c_str(), config.name.c_str(), part.c_str(),
               config.simulation.pde.type.c_str(), device::description().c_str(), out.c_str());
  const std::string partial = io::partial_path(out).string();
  set_interrupt_note("nothing is saved yet; " + out + " was not started");
  Progress bar("generate" + who);
  const workflows::GenerateReport r = workflows::generate_dataset(
      config, {args.resume, args.overwrite, {args.config}, shard}, stream, [&](const workflows::GenerateProgress& p) {
        bar.update(p.done, p.total, p.computed, p.seconds);
        set_interrupt_note(std::to_string(p.done) + " of " + std::to_string(p.total) + " samples are saved in " + partial +
                           "; continue with: " + args.resume_command);
      });
  bar.finish();
  if (r.nothing_to_do) {
    std::fprintf(stderr, "%s is complete; nothing to do\n", r.path.c_str());
    return;
  }
  std::fprintf(stderr, "wrote %s: %zu samples computed%s in %.2f s (%.2f samples/s)\n", r.path.c_str(), r.computed,
               r.resumed ? (", " + std::to_string(r.resumed) + " resumed").c_str() : "", r.seconds,
               r.seconds > 0 ? double(r.computed) / r.seconds : 0.0);
}

// R ranks: rank r generates shard r of R (crash-safe and resumable on its own), then rank 0 merges
// the shards into the configured output, the file one process would have written.
int generate_ranks(const config::GenerateConfig& config, const GenerateArgs& args, const Stream& stream, const MpiSession& mpi) {
  namespace fs = std::filesystem;
  SIMFORGE_CHECK(!args.shard, "--shard in an MPI job: the ranks split the samples themselves (rank r writes shard r of R); "
                 "give one or the other");
  const workflows::GenerateOptions whole{args.resume, args.overwrite, {args.config}};
  if (workflows::output_complete(config, whole)) {
    if (mpi.rank() == 0) std::fprintf(stderr, "%s is complete; nothing to do\n", config.output_path.c_str());
    return 0;
  }
  SIMFORGE_CHECK(args.overwrite || !fs::exists(config.output_path), config.output_path, " exists; pass --overwrite to replace it");
  const workflows::Shard shard{std::size_t(mpi.rank()), std::size_t(mpi.size())};
  const std::string who = " [rank " + std::to_string(mpi.rank()) + " of " + std::to_string(mpi.size()) + "]";
  bool ok = true;
  try {
    generate_part(config, args, shard, stream, who);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "simforge: error%s: %s\n", who.c_str(), e.what());
    ok = false;
  }
  if (!mpi.all(ok)) {
    if (mpi.rank() == 0)
      std::fprintf(stderr, "simforge: error: a rank failed (see above); every shard stored so far is kept: run the same "
                   "command with --resume to continue\n");
    return 1;
  }
  if (mpi.rank() == 0) {
    try {
      std::vector<fs::path> shards;
      for (std::size_t i = 0; i < shard.count; ++i) shards.push_back(io::shard_path(config.output_path, i, shard.count));
      const io::MergeMode mode = args.merge == "virtual" ? io::MergeMode::virtual_dataset : io::MergeMode::copy;
      const io::MergeReport r = io::merge_shards(shards, config.output_path, {mode, args.overwrite});
      if (mode == io::MergeMode::copy)
        for (const auto& s : shards) fs::remove(s);  // the merged copy holds every sample
      std::fprintf(stderr, "wrote %s: %zu samples from %zu ranks (%s) in %.2f s\n", r.path.c_str(), r.samples, r.shards,
                   mode == io::MergeMode::copy ? "merged copy; the shards are removed" : "virtual datasets over the shards",
                   r.seconds);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "simforge: error: merging the ranks' shards: %s\n", e.what());
      ok = false;
    }
  }
  return mpi.all(ok) ? 0 : 1;
}

}  // namespace

int run_generate(const GenerateArgs& args, const Stream& stream, const MpiSession& mpi) {
  config::Overrides overrides;
  if (args.output) overrides.emplace_back("output.path", *args.output);
  if (args.samples) overrides.emplace_back("samples", *args.samples);
  if (args.batch) overrides.emplace_back("batch", *args.batch);
  if (args.seed) overrides.emplace_back("seed", *args.seed);
  const config::GenerateConfig config = config::load_generate_config(args.config, overrides);
  if (mpi.active()) return generate_ranks(config, args, stream, mpi);
  generate_part(config, args, args.shard ? parse_shard(*args.shard) : workflows::Shard{}, stream, "");
  return 0;
}

}  // namespace simforge::app
