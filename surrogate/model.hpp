#pragma once
// A surrogate model: the network its ModelConfig names (model_config.hpp), its flat parameter and
// gradient buffers and the forward contexts; the network maps [n, in_channels, (h,) w] to
// [n, out_channels, (h,) w].
#include <string>
#include <vector>

#include "surrogate/layers.hpp"
#include "surrogate/model_config.hpp"

namespace simforge::surrogate {

class Model {
 public:
  explicit Model(const ModelConfig& config);
  const ModelConfig& config() const { return config_; }
  const Layer& network() const { return *net_; }
  std::size_t parameter_count() const { return params_.size(); }

  // Deterministic initialization from the seed (PyTorch's default distributions).
  void initialize(std::uint64_t seed, const Stream& stream);
  void set_parameters(const std::vector<float>& host, const Stream& stream);
  std::vector<float> parameters_host(const Stream& stream) const;

  DeviceBuffer<float>& parameters() { return params_; }
  DeviceBuffer<float>& gradients() { return grads_; }

  // y = net(x). The returned tensor is owned by the model and valid until the next forward.
  const Tensor& forward(Runtime& rt, const Tensor& x);
  // Gradients of the last forward from dy (overwrites gradients()). dx only if requested.
  void backward(Runtime& rt, const Tensor& dy, Tensor* dx = nullptr);

 private:
  ModelConfig config_;
  LayerPtr net_;
  DeviceBuffer<float> params_, grads_;
  std::unique_ptr<Context> ctx_;
  const Tensor* x_ = nullptr;
  Tensor y_;
};

}  // namespace simforge::surrogate
