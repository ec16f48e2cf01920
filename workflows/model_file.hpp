#pragma once
// A model file as something to run: the network, layout, normalization and weights a checkpoint
// describes, ready on a stream. The C++ inference API's entry point is load_predictor.
#include <filesystem>
#include <memory>

#include "io/checkpoint.hpp"
#include "kernels/device.hpp"
#include "surrogate/predictor.hpp"

namespace simforge::workflows {

// Everything needed to run a model file's network (model config, layout, normalization, weights).
surrogate::PredictorSpec predictor_spec(const io::Checkpoint& c);
// A ready Predictor on `stream` for the model file.
std::unique_ptr<surrogate::Predictor> load_predictor(const std::filesystem::path& model_file, const Stream& stream);

}  // namespace simforge::workflows
