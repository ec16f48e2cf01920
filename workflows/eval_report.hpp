#pragma once
// What `simforge eval` reports: the rollout metrics of a model on a split, and its speed against
// the solver; written as one JSON object (eval --json, the pipeline's report) and read back.
#include <cstddef>
#include <filesystem>
#include <string>

#include "surrogate/metrics.hpp"

namespace simforge::workflows {

struct EvalReport {
  std::string model, dataset, split;
  surrogate::MetricSummary metrics;
  std::size_t history = 0;
  bool steady = false;                          // a steady map (one prediction per sample), not a rollout
  std::size_t step = 0;                         // the scored checkpoint's training step
  bool best_validation = false;                 // it is the run's best-validation checkpoint, not its last
  double surrogate_seconds_per_trajectory = 0;  // rollout only (device-resident, no file I/O)
  double solver_seconds_per_trajectory = -1;    // same frames by the solver; < 0: not measured
  std::string json() const;
};

// The summary of a report written by EvalReport::json(); throws naming the file if it is unreadable.
EvalReport read_eval_report(const std::filesystem::path& path);

}  // namespace simforge::workflows
