#pragma once
// `simforge eval` and the model-file side of inference: load a trained surrogate, roll it out on
// the test split of its dataset from the first `history` frames to the last frame, score the
// rollouts (surrogate/metrics.hpp), and time the surrogate against the solver that made the data,
// on the same device and the same trajectories.
#include <filesystem>
#include <optional>
#include <string>

#include "io/checkpoint.hpp"
#include "io/dataset.hpp"
#include "surrogate/metrics.hpp"
#include "surrogate/predictor.hpp"

namespace simforge::io {

// Everything needed to run a model file's network (model config, layout, normalization, weights).
surrogate::PredictorSpec predictor_spec(const Checkpoint& c);
// The C++ inference API's entry point: a ready Predictor on `stream`.
std::unique_ptr<surrogate::Predictor> load_predictor(const std::filesystem::path& model_file, const Stream& stream);

struct EvalOptions {
  std::optional<std::string> dataset;     // evaluate on another dataset with the same fields (default: the training one)
  std::string split = "test";             // test | val | train
  std::optional<std::size_t> max_samples;
  std::size_t batch = 16;                 // trajectories rolled out together
  bool time_solver = true;                // measure the solver on the first batch of trajectories
};

struct EvalReport {
  std::string model, dataset, split;
  surrogate::MetricSummary metrics;
  std::size_t history = 0;
  double surrogate_seconds_per_trajectory = 0;  // rollout only (device-resident, no file I/O)
  double solver_seconds_per_trajectory = -1;    // same frames by the solver; < 0: not measured
  std::string json() const;
};

// Throws naming the mismatch unless the dataset holds every field and scalar the model was trained on.
void check_model_fits_dataset(const Checkpoint& ck, const DatasetSpec& spec, const std::filesystem::path& model_file);

EvalReport evaluate_surrogate(const std::filesystem::path& model_file, const EvalOptions& options);

}  // namespace simforge::io
