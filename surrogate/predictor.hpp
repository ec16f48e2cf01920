#pragma once
// Inference with a trained surrogate on device buffers, for driver programs that call it in situ
// (load one with workflows::load_predictor). Inputs and outputs are in physical units; the
// normalization stored with the model is applied on the device.
#include <vector>

#include "surrogate/model.hpp"
#include "surrogate/normalization.hpp"
#include "surrogate/objective.hpp"

namespace simforge::surrogate {

struct PredictorSpec {
  ModelConfig model;
  WindowLayout layout;
  bool increment = false;
  Normalization normalization;
  std::vector<float> parameters;
};

class Predictor {
 public:
  Predictor(const PredictorSpec& spec, const Stream& stream, dnn::DnnOptions options = {});
  const WindowLayout& layout() const { return spec_.layout; }
  const ModelConfig& model_config() const { return spec_.model; }

  // window: [n, fields * history + scalars, h, w] (device, physical units, layout of objective.hpp);
  // frames: [steps, n, fields, h, w] (device): the next `steps` frames, each predicted from the
  // previous predictions (autoregressive rollout). steps = 1 is a one-step prediction.
  void rollout(const float* window, int n, int h, int w, int steps, float* frames);

 private:
  PredictorSpec spec_;
  const Stream& stream_;
  Runtime rt_;
  Model model_;
  DeviceBuffer<float> scale_in_, shift_in_, scale_out_, shift_out_;
  Tensor x_[2], pred_;
};

}  // namespace simforge::surrogate
