#include <cstdio>

#include "commands.hpp"
#include "workflows/generate.hpp"
#include "kernels/device.hpp"
#include "progress.hpp"

namespace simforge::app {

int run_generate(const GenerateArgs& args, const Stream& stream) {
  config::GenerateConfig config = config::load_generate_config(args.config);
  if (args.output) config.output_path = *args.output;
  if (args.samples) config.samples = *args.samples;
  if (args.batch) config.batch = *args.batch;
  if (args.seed) config.seed = *args.seed;
  config.finalize();

  std::fprintf(stderr, "simforge generate: %s, %zu samples of %s on %s -> %s\n", config.name.c_str(), config.samples,
               config.simulation.pde.type.c_str(), device::description().c_str(), config.output_path.c_str());
  Progress bar("generate");
  const workflows::GenerateReport r =
      workflows::generate_dataset(config, {args.resume, args.overwrite}, stream, [&](const workflows::GenerateProgress& p) {
        bar.update(p.done, p.total, p.computed, p.seconds);
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
