#pragma once
// `simforge predict` as a library call: roll a trained model out from one dataset sample's first
// `history` frames, score it against the sample's later frames, and write it to HDF5.
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace simforge::io {

struct PredictOptions {
  std::optional<std::string> dataset;  // default: the model's training dataset
  std::size_t sample = 0;
  std::optional<std::size_t> steps;    // default: every frame after the history
};

struct Prediction {
  std::string model, dataset;
  std::size_t sample = 0, history = 0, steps = 0;
  std::size_t truth_steps = 0;             // predicted frames that the dataset also has (scored)
  std::vector<std::string> fields;
  int h = 1, w = 0;
  std::vector<float> frames;               // [steps, fields, h, w], physical units
  std::vector<float> truth;                // [truth_steps, fields, h, w]
  std::vector<double> nrmse_per_step;      // [truth_steps]: per field ||e|| / ||u||, averaged over fields
  double seconds = 0;                      // the rollout's wall time on the device
};

Prediction predict_sample(const std::filesystem::path& model_file, const PredictOptions& options);

// HDF5: prediction/<field> [steps, (h,) w] float32, truth/<field> [truth_steps, (h,) w],
// nrmse_per_step [truth_steps]; root attributes model, dataset, sample, history, steps.
void write_prediction(const std::filesystem::path& path, const Prediction& p);

}  // namespace simforge::io
