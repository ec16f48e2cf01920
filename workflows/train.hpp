#pragma once
// `simforge train` as a library call (the analogue of generate_dataset): plans the data, builds or
// resumes the model, runs epochs of training steps fed by the background loader on the given
// stream, writes checkpoints atomically every N steps and at the end, and one JSON line of
// metrics per epoch. Data-parallel under a communicator of R ranks: each rank reads and steps on
// its 1/R of every global batch, and rank 0 alone writes the model file and the metrics log.
#include <filesystem>
#include <functional>
#include <vector>
#include <optional>
#include <string>

#include "config/train_config.hpp"
#include "kernels/communicator.hpp"
#include "kernels/device.hpp"

namespace simforge::workflows {

struct TrainRunOptions {
  bool resume = false;                   // continue from the model file's checkpoint
  std::optional<std::size_t> stop_after;  // stop (with a checkpoint) after this many steps in total
  bool overwrite = false;                // train anew over an existing model file (and metrics log)
  std::vector<std::filesystem::path> inputs;  // files the run reads besides the dataset (its config): never written
  Communicator* communicator = nullptr;       // the ranks of a data-parallel run (nullptr: this process alone)
};

struct TrainProgress {
  std::size_t step = 0, total = 0, epoch = 0;
  double loss = 0, lr = 0, seconds = 0;
};

struct EpochMetrics {
  std::size_t epoch = 0, step = 0;
  // samples_per_second counts the global batch; loader_wait_seconds is the ranks' mean.
  double train_loss = 0, val_loss = -1, lr = 0, seconds = 0, samples_per_second = 0, loader_wait_seconds = 0;
  std::string json() const;
};

struct TrainReport {
  std::string model_path;
  std::size_t steps = 0, total_steps = 0, resumed_from = 0;
  std::size_t parameters = 0;
  double last_loss = 0, seconds = 0;
  double loader_read_seconds = 0, loader_wait_seconds = 0;  // reader busy time vs training waiting for it
  std::vector<double> step_losses;                          // of the steps run in this call
  std::vector<EpochMetrics> epochs;
};

// Where a run keeps its best-validation checkpoint (beside the last one, which `path` holds):
// model.h5 -> model.best.h5. Written at each epoch end whose validation loss is the run's lowest.
std::filesystem::path best_model_path(const std::filesystem::path& model);

TrainReport train_surrogate(const config::TrainConfig& config, const TrainRunOptions& options, const Stream& stream,
                            const std::function<void(const TrainProgress&)>& progress = {});

}  // namespace simforge::workflows
