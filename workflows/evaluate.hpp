#pragma once
// `simforge eval` as a library call: roll a model file's surrogate out on a split of its dataset
// from the first `history` frames to the last frame, score the rollouts (surrogate/metrics.hpp),
// and time the surrogate against the solver that made the data, on the same device and the same
// trajectories.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "kernels/device.hpp"
#include "workflows/eval_report.hpp"

namespace simforge::workflows {

struct EvalOptions {
  std::optional<std::string> dataset;     // evaluate on another dataset with the same fields (default: the training one)
  std::string split = "test";             // test | val | train
  std::optional<std::size_t> max_samples;
  std::size_t batch = 16;                 // trajectories rolled out together
  bool time_solver = true;                // measure the solver on the first batch of trajectories
  // After each batch: trajectories scored of the total, wall seconds since the start.
  std::function<void(std::size_t done, std::size_t total, double seconds)> progress;
};

EvalReport evaluate_surrogate(const std::filesystem::path& model_file, const EvalOptions& options, const Stream& stream);

}  // namespace simforge::workflows
