#pragma once
// How a dataset becomes training data: which fields and scalars, the train/val/test split by
// sample index, and the per-channel normalization from the training split. Also the one check
// that a model's fields and scalars are in a dataset.
#include <cstdint>
#include <string>
#include <vector>

#include "data/window_loader.hpp"
#include "io/checkpoint.hpp"
#include "io/dataset_spec.hpp"
#include "surrogate/normalization.hpp"
#include "surrogate/objective.hpp"

namespace simforge::data {

// What a training run takes from a dataset (the config's `data:` section).
struct DataSelection {
  std::string path;                   // HDF5 dataset from `simforge generate`
  std::vector<std::string> fields;    // empty: every t0 field of the dataset (but the targets)
  std::vector<std::string> targets;   // non-empty: a steady map from `fields` to these, at the same frame
  bool coordinates = false;           // append the grid coordinates as input channels (the FNO paper's (x, y))
  std::vector<std::string> scalars;   // per-sample scalars fed as constant channels
  int history = 1;                    // input frames per field
  double train_fraction = 0.8, val_fraction = 0.1;  // by sample index: train, then val, then test
};

struct TrainingData {
  std::string dataset;
  std::vector<std::string> fields, scalars;
  int history = 1, rank = 2;
  std::size_t h = 1, w = 1, frames = 0;
  std::vector<std::uint64_t> train, val, test;
  surrogate::Normalization normalization;

  int targets = 0;      // a steady map: the last `targets` of `fields` are its outputs
  int coordinates = 0;  // grid-coordinate input channels (0 or the rank)
  surrogate::WindowLayout layout() const { return {int(fields.size()), history, int(scalars.size()), targets, coordinates}; }
  LoaderSpec loader_spec(int unroll) const { return {dataset, fields, scalars, history, unroll, normalization, targets, coordinates}; }
};

// Checks the dataset against the selection (fields, scalars, enough frames for history + unroll,
// enough samples for a training split) and computes the split and the normalization.
TrainingData plan_training_data(const DataSelection& selection, int unroll);
// The data description recorded in a model file (for evaluation and resumption).
TrainingData training_data_from(const io::Checkpoint& c);

// Throws unless `spec` (of the file `dataset`) has every field and per-sample scalar; `who` says
// who needs them in the message ("data.fields", "model m.h5").
void require_fields(const io::DatasetSpec& spec, const std::string& dataset, const std::vector<std::string>& fields,
                    const std::vector<std::string>& scalars, const std::string& who);

}  // namespace simforge::data
