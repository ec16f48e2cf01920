// Model configuration checks, the FNO network, and the Model wrapper (flat parameters and
// gradients, one context).
#include "surrogate/model.hpp"

#include "kernels/error.hpp"

namespace simforge::surrogate {

LayerPtr make_unet(const ModelConfig& m);

void ModelConfig::validate() const {
  SIMFORGE_CHECK(type == "unet" || type == "fno", "model.type: '", type, "' is not allowed; allowed: unet, fno");
  SIMFORGE_CHECK(rank == 1 || rank == 2, "model: rank ", rank, " is not allowed; allowed: 1, 2");
  SIMFORGE_CHECK(in_channels >= 1 && out_channels >= 1, "model: channel counts must be positive");
  SIMFORGE_CHECK(width >= 1, "model.width: ", width, " is not allowed; allowed: >= 1");
  if (type == "unet") {
    SIMFORGE_CHECK(!multipliers.empty(), "model.multipliers: needs at least one level");
    for (int m : multipliers) {
      SIMFORGE_CHECK(m >= 1, "model.multipliers: ", m, " is not allowed; allowed: integers >= 1");
      SIMFORGE_CHECK(!group_norm || (width * m) % groups == 0, "model.groups: ", groups, " does not divide the ", width * m,
                     " channels of a level (width * multiplier)");
    }
    SIMFORGE_CHECK(kernel >= 1 && kernel % 2 == 1, "model.kernel: ", kernel, " is not allowed; allowed: odd sizes (1, 3, 5, ...)");
  } else {
    SIMFORGE_CHECK(modes >= 1 && layers >= 1 && projection >= 1, "model: modes, layers and projection must be >= 1");
  }
}

int ModelConfig::size_divisor() const { return type == "unet" ? 1 << (int(multipliers.size()) - 1) : 1; }

namespace {
// FNO (Li et al. 2021): lifting 1x1 conv, `layers` Fourier layers (the last without activation,
// as in the paper), projection 1x1 -> activation -> 1x1.
LayerPtr make_fno(const ModelConfig& m) {
  auto s = std::make_unique<Sequential>();
  s->add(std::make_unique<Conv>(ConvSpec{m.rank, m.in_channels, m.width, 1, 1, Padding::Zero, true}));
  for (int l = 0; l < m.layers; ++l)
    s->add(std::make_unique<FnoBlock>(m.rank, m.width, m.modes, m.modes, l + 1 < m.layers ? m.activation : ops::Activation::Identity));
  s->add(std::make_unique<Conv>(ConvSpec{m.rank, m.width, m.projection, 1, 1, Padding::Zero, true}));
  s->add(std::make_unique<Activation>(m.activation));
  s->add(std::make_unique<Conv>(ConvSpec{m.rank, m.projection, m.out_channels, 1, 1, Padding::Zero, true}));
  return s;
}
}  // namespace

LayerPtr make_network(const ModelConfig& config) {
  config.validate();
  return config.type == "unet" ? make_unet(config) : make_fno(config);
}

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
                 " (the U-Net halves it ", config_.multipliers.size() - 1, " times)");
  net_->forward(rt, params_.data(), x, y_, *ctx_);
  x_ = &x;
  return y_;
}

void Model::backward(Runtime& rt, const Tensor& dy, Tensor* dx) {
  SIMFORGE_CHECK(x_ != nullptr, "model: backward without a forward");
  net_->backward(rt, params_.data(), *x_, y_, dy, dx, grads_.data(), *ctx_);
}

}  // namespace simforge::surrogate
