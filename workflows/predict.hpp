#pragma once
// `simforge predict` as a library call: roll a trained model out from one dataset sample's first
// `history` frames and score it against the sample's later frames (io::write_prediction stores it).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>

#include "io/prediction_file.hpp"
#include "kernels/device.hpp"

namespace simforge::workflows {

struct PredictOptions {
  std::optional<std::string> dataset;  // default: the model's training dataset
  std::size_t sample = 0;
  std::optional<std::size_t> steps;    // default: every frame after the history
};

io::Prediction predict_sample(const std::filesystem::path& model_file, const PredictOptions& options, const Stream& stream);

}  // namespace simforge::workflows
