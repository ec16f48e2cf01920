// The Model wrapper: flat parameters and gradients, one context.
#include "surrogate/model.hpp"

#include "kernels/error.hpp"

namespace simforge::surrogate {

Model::Model(const ModelConfig& config) : config_(config), net_(make_network(config)) {
  params_ = DeviceBuffer<float>(net_->parameter_count());
  grads_ = DeviceBuffer<float>(net_->parameter_count());
  ctx_ = net_->make_context();
}

void Model::initialize(std::uint64_t seed, const Stream& stream) {
  std::vector<float> host(params_.size());
  net_->initialize(host.data(), seed, 1);
  set_parameters(host, stream);
}

void Model::set_parameters(const std::vector<float>& host, const Stream& stream) {
  SIMFORGE_CHECK(host.size() == params_.size(), "model: ", host.size(), " parameters given, the ", config_.type, " has ",
                 params_.size());
  copy_n(params_.data(), host.data(), host.size(), CopyKind::HostToDevice, stream);
  stream.synchronize();
}

std::vector<float> Model::parameters_host(const Stream& stream) const { return to_host_span(params_.data(), params_.size(), stream); }

const Tensor& Model::forward(Runtime& rt, const Tensor& x) {
  const Dims d = dims_of(x);
  SIMFORGE_CHECK(d.c == config_.in_channels, "model: input has ", d.c, " channels, the model expects ", config_.in_channels);
  const int div = config_.size_divisor();
  SIMFORGE_CHECK(d.w % div == 0 && (d.h == 1 || d.h % div == 0), "model: field ", d.h, "x", d.w, " is not divisible by ", div,
                 " (the ", config_.type, " down-samples it by that factor)");
  net_->forward(rt, params_.data(), x, y_, *ctx_);
  x_ = &x;
  return y_;
}

void Model::backward(Runtime& rt, const Tensor& dy, Tensor* dx) {
  SIMFORGE_CHECK(x_ != nullptr, "model: backward without a forward");
  net_->backward(rt, params_.data(), *x_, y_, dy, dx, grads_.data(), *ctx_);
}

}  // namespace simforge::surrogate
