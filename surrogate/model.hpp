#pragma once
// The surrogate models: a PDEArena-style U-Net and an FNO, 1-D or 2-D, built from layers.hpp.
// A Model owns its flat parameter and gradient buffers and the forward contexts; the network maps
// [n, in_channels, (h,) w] to [n, out_channels, (h,) w].
#include <string>
#include <vector>

#include "surrogate/layers.hpp"

namespace simforge::surrogate {

struct ModelConfig {
  std::string type = "unet";  // "unet" | "fno"
  int rank = 2;               // spatial dimensions: 1 or 2
  int in_channels = 1, out_channels = 1;
  int width = 32;             // channels of the first U-Net level; FNO hidden channels
  ops::Activation activation = ops::Activation::Gelu;
  Padding padding = Padding::Circular;  // U-Net convolutions (periodic PDEs want circular)
  // U-Net
  std::vector<int> multipliers = {1, 2, 4};  // channels per level = width * multiplier; depth = size
  int kernel = 3;
  bool group_norm = true;
  int groups = 8;
  // FNO
  int modes = 12;             // kept Fourier modes per axis
  int layers = 4;
  int projection = 128;       // hidden channels of the projection

  void validate() const;      // throws naming the bad field
  // Input extents must be divisible by this (the U-Net halves them depth - 1 times).
  int size_divisor() const;
};

LayerPtr make_network(const ModelConfig& config);

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
