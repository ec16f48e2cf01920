#include <cstdio>

#include "commands.hpp"
#include "interrupt.hpp"
#include "io/commit.hpp"
#include "kernels/device.hpp"
#include "progress.hpp"
#include "workflows/generate.hpp"

namespace simforge::app {

int run_generate(const GenerateArgs& args, const Stream& stream) {
  config::Overrides overrides;
  if (args.output) overrides.emplace_back("output.path", *args.output);
  if (args.samples) overrides.emplace_back("samples", *args.samples);
  if (args.batch) overrides.emplace_back("batch", *args.batch);
  if (args.seed) overrides.emplace_back("seed", *args.seed);
  const config::GenerateConfig config = config::load_generate_config(args.config, overrides);
  const workflows::Shard shard = args.shard ? parse_shard(*args.shard) : workflows::Shard{};
  const std::string out = workflows::output_file(config, shard).string();

  std::string part = std::to_string(config.samples) + " samples";
  if (shard.count > 1) {
    const workflows::SampleRange r = workflows::shard_range(config, shard);
    part = "shard " + std::to_string(shard.index) + " of " + std::to_string(shard.count) + ": samples [" + std::to_string(r.first) +
           ", " + std::to_string(r.first + r.count) + ") of " + std::to_string(config.samples);
  }
  std::fprintf(stderr, "simforge generate: %s, %s of %s on %s -> %s\n", config.name.c_str(), part.c_str(),
               config.simulation.pde.type.c_str(), device::description().c_str(), out.c_str());
  const std::string partial = io::partial_path(out).string();
  set_interrupt_note("nothing is saved yet; " + out + " was not started");
  Progress bar("generate");
  const workflows::GenerateReport r = workflows::generate_dataset(
      config, {args.resume, args.overwrite, {args.config}, shard}, stream, [&](const workflows::GenerateProgress& p) {
        bar.update(p.done, p.total, p.computed, p.seconds);
        set_interrupt_note(std::to_string(p.done) + " of " + std::to_string(p.total) + " samples are saved in " + partial +
                           "; continue with: " + args.resume_command);
      });
  bar.finish();
  if (r.nothing_to_do) {
    std::fprintf(stderr, "%s is complete; nothing to do\n", r.path.c_str());
    return 0;
  }
  std::fprintf(stderr, "wrote %s: %zu samples computed%s in %.2f s (%.2f samples/s)\n", r.path.c_str(), r.computed,
               r.resumed ? (", " + std::to_string(r.resumed) + " resumed").c_str() : "", r.seconds,
               r.seconds > 0 ? double(r.computed) / r.seconds : 0.0);
  return 0;
}

}  // namespace simforge::app
