#pragma once
// Model files and checkpoints (one format: a checkpoint is a model file that can also resume
// training). HDF5, written atomically: `<path>.tmp` is written, flushed to disk and renamed over
// `<path>`, so a crash or a failed step never leaves a half-written file where the last good one was.
//
// Layout: root attributes format ("simforge-surrogate"), format_version, config (the effective
// training YAML), dataset, fields, scalars, history, step, epoch, increment, optimizer_state (the
// names of the optimizer's state datasets; absent in inference-only files); datasets parameters
// [P], one [P] dataset per optimizer state vector (Adam: adam_m, adam_v), norm_mean / norm_std
// [fields + scalars], split_train / split_val / split_test (sample indices).
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace simforge::io {

inline constexpr int checkpoint_format_version = 1;

struct Checkpoint {
  std::string config_yaml;                  // effective TrainConfig
  std::string dataset;                      // path of the training dataset
  std::string dataset_identity;             // io::dataset_identity of it when training started (empty: unknown)
  std::vector<std::string> fields, scalars;
  int history = 1;
  int targets = 0;  // a steady map: the last `targets` fields are its outputs (absent in older files: 0)
  int coordinates = 0;  // grid-coordinate input channels (absent in older files: 0)
  bool increment = false;
  std::uint64_t step = 0, epoch = 0;
  double epoch_loss_sum = 0;                // losses of the steps of the unfinished epoch (a resumed run's metrics)
  std::uint64_t epoch_steps = 0;
  double val_loss = -1;                     // validation loss of these weights (-1: not measured)
  double best_val_loss = -1;                // the lowest validation loss of the run so far (-1: none yet)
  bool best = false;                        // the run's best-validation checkpoint, not its last
  std::vector<float> parameters;
  std::vector<std::pair<std::string, std::vector<float>>> optimizer_state;  // by name, as the optimizer names them
  std::vector<float> norm_mean, norm_std;   // per field, then per scalar: x_normalized = (x - mean) / std
  std::vector<std::uint64_t> train, val, test;
};

void write_checkpoint(const std::filesystem::path& path, const Checkpoint& c);
// Throws one simforge::Error naming the file and what is wrong for a missing, truncated, corrupt
// or inconsistent file.
Checkpoint read_checkpoint(const std::filesystem::path& path);

}  // namespace simforge::io
