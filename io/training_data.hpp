#pragma once
// How a dataset becomes training data: which fields and scalars, the train/val/test split by
// sample index, per-channel normalization from the training split, and the windows of each epoch
// in a seeded order (so a resumed run sees exactly the batches an uninterrupted one would).
#include <cstdint>
#include <string>
#include <vector>

#include "io/checkpoint.hpp"
#include "io/dataset.hpp"
#include "io/train_config.hpp"
#include "io/window_loader.hpp"
#include "surrogate/objective.hpp"

namespace simforge::io {

struct TrainingData {
  std::string dataset;
  std::vector<std::string> fields, scalars;
  int history = 1, rank = 2;
  std::size_t h = 1, w = 1, frames = 0;
  std::vector<std::uint64_t> train, val, test;
  std::vector<float> mean, std;  // per field, then per scalar

  surrogate::WindowLayout layout() const { return {int(fields.size()), history, int(scalars.size())}; }
  LoaderSpec loader_spec(int unroll) const { return {dataset, fields, scalars, history, unroll, mean, std}; }
};

// Checks the dataset against the config (fields, scalars, enough frames for history + unroll,
// enough samples for a training split) and computes the split and the normalization.
TrainingData plan_training_data(const TrainDataConfig& config, int unroll);
// The data description recorded in a model file (for evaluation and resumption).
TrainingData training_data_from(const Checkpoint& c);

// Every window of the given samples: t0 = 0 .. frames - history - unroll.
std::vector<WindowRef> all_windows(const std::vector<std::uint64_t>& samples, std::size_t frames, int history, int unroll);
// The windows shuffled by (seed, epoch), cut into full batches (a last partial batch is dropped).
std::vector<std::vector<WindowRef>> epoch_batches(const std::vector<WindowRef>& windows, std::size_t batch, std::uint64_t seed,
                                                  std::uint64_t epoch);

}  // namespace simforge::io
