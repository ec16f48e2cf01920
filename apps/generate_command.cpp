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

  std::fprintf(stderr, "simforge generate: %s, %zu samples of %s on %s -> %s\n", config.name.c_str(), config.samples,
               config.simulation.pde.type.c_str(), device::description().c_str(), config.output_path.c_str());
  const std::string partial = io::partial_path(config.output_path).string();
  set_interrupt_note("nothing is saved yet; " + config.output_path + " was not started");
  Progress bar("generate");
  const workflows::GenerateReport r = workflows::generate_dataset(
      config, {args.resume, args.overwrite, {args.config}}, stream, [&](const workflows::GenerateProgress& p) {
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
