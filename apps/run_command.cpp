#include <cstdio>

#include "commands.hpp"
#include "interrupt.hpp"
#include "workflows/pipeline.hpp"
#include "kernels/device.hpp"
#include "progress.hpp"

namespace simforge::app {

int run_pipeline(const RunArgs& args, const Stream& stream) {
  const config::PipelineConfig config = config::load_pipeline_config(args.pipeline);  // all cross-checks before any compute
  std::fprintf(stderr, "simforge run: %s on %s\n", args.pipeline.c_str(), device::description().c_str());
  set_interrupt_note("every stage's output is crash-safe; run the same command again to continue where it stopped");
  StageBars bars;
  const workflows::PipelineReport r = workflows::run_pipeline(
      config, {args.overwrite, {args.pipeline}}, stream,
      [&](const std::string& line) {
        bars.finish();
        std::fprintf(stderr, "%s\n", line.c_str());
      },
      [&](const workflows::StageProgress& p) { bars.update(p.stage, p.unit, p.done, p.total, p.rate_units, p.seconds); });
  std::printf("\n");
  print_evaluation(r.evaluation);
  std::printf("  dataset %s, model %s, report %s\n", r.dataset.c_str(), r.model.c_str(), r.report_path.c_str());
  return 0;
}

}  // namespace simforge::app
