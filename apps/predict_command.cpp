// simforge predict: roll a trained model out from one dataset sample (glue over workflows/predict.hpp).
#include <cstdio>
#include <filesystem>
#include <optional>
#include <vector>

#include "commands.hpp"
#include "io/checkpoint.hpp"
#include "io/output_lock.hpp"
#include "workflows/predict.hpp"
#include "kernels/device.hpp"

namespace simforge::app {

int run_predict(const PredictArgs& args, const Stream& stream) {
  workflows::PredictOptions o;
  o.dataset = args.dataset;
  o.sample = args.sample;
  o.steps = args.steps;
  std::fprintf(stderr, "simforge predict: %s on %s\n", args.model.c_str(), device::description().c_str());
  std::optional<io::OutputLock> lock;  // taken before the rollout: never the model or its data
  if (args.output)
    lock.emplace(*args.output, std::vector<std::filesystem::path>{args.model, args.dataset.value_or(io::read_checkpoint(args.model).dataset)},
                 args.overwrite, "prediction file");
  const io::Prediction p = workflows::predict_sample(args.model, o, stream);
  std::printf("%s: sample %zu of %s, %zu input frames, %zu predicted frames in %.4g s\n", p.model.c_str(), p.sample,
              p.dataset.c_str(), p.history, p.steps, p.seconds);
  if (p.truth_steps) {
    std::printf("step  nRMSE\n");
    for (std::size_t t = 0; t < p.truth_steps; ++t) std::printf("%4zu  %.4g\n", t + 1, p.nrmse_per_step[t]);
  }
  if (p.truth_steps < p.steps) std::printf("(steps %zu..%zu go beyond the dataset's frames: not scored)\n", p.truth_steps + 1, p.steps);
  if (args.output) {
    io::write_prediction(*args.output, p);
    std::printf("wrote %s\n", args.output->c_str());
  }
  return 0;
}

}  // namespace simforge::app
