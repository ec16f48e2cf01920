// Adam and AdamW as one kernel over the flat parameter buffer (device source).
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "surrogate/optimizer.hpp"

namespace simforge::surrogate {

namespace {

struct AdamUpdate {
  float *p, *m, *v;
  const float* g;
  float lr, b1, b2, eps, wd, grad_scale, bc1, bc2;  // bc: 1 - beta^t (bias corrections)
  bool decoupled;
  SIMFORGE_HD void operator()(std::size_t i) const {
    float gi = g[i] * grad_scale;
    if (!decoupled) gi += wd * p[i];
    const float mi = b1 * m[i] + (1.0f - b1) * gi;
    const float vi = b2 * v[i] + (1.0f - b2) * gi * gi;
    m[i] = mi;
    v[i] = vi;
    float update = (mi / bc1) / (sqrtf(vi / bc2) + eps);
    if (decoupled) update += wd * p[i];
    p[i] -= lr * update;
  }
};

// Adam (Kingma & Ba) with L2 decay added to the gradient, or AdamW (Loshchilov & Hutter) with the
// decay applied to the weights (`decoupled`). State: first and second moments.
class Adam final : public Optimizer {
 public:
  Adam(std::size_t n, const OptimizerConfig& config, bool decoupled, const Stream& s)
      : config_(config), decoupled_(decoupled), m_(n), v_(n) {
    device::memset_zero(m_.data(), m_.bytes(), s);
    device::memset_zero(v_.data(), v_.bytes(), s);
    s.synchronize();
  }

  void step(const Stream& s, float* params, const float* grads, double lr, double grad_scale) override {
    ++steps_;
    const double bc1 = 1.0 - std::pow(config_.beta1, double(steps_)), bc2 = 1.0 - std::pow(config_.beta2, double(steps_));
    for_each_index(s, m_.size(),
                   AdamUpdate{params, m_.data(), v_.data(), grads, float(lr), float(config_.beta1), float(config_.beta2),
                              float(config_.eps), float(config_.weight_decay), float(grad_scale), float(bc1), float(bc2),
                              decoupled_});
  }

  std::vector<std::string> state_names() const override { return {"adam_m", "adam_v"}; }
  std::vector<float> state(const std::string& name, const Stream& s) const override {
    const DeviceBuffer<float>& b = moment(name);
    return to_host_span(b.data(), b.size(), s);
  }
  void restore(const std::vector<std::pair<std::string, std::vector<float>>>& state, std::size_t steps,
               const Stream& s) override {
    SIMFORGE_CHECK(state.size() == 2, "Adam needs its state adam_m and adam_v, got ", state.size(), " vectors");
    for (const auto& [name, values] : state) {
      DeviceBuffer<float>& b = moment(name);
      SIMFORGE_CHECK(values.size() == b.size(), "optimizer state ", name, " has ", values.size(), " entries, the model has ",
                     b.size(), " parameters");
      copy_n(b.data(), values.data(), values.size(), CopyKind::HostToDevice, s);
    }
    s.synchronize();
    steps_ = steps;
  }

 private:
  DeviceBuffer<float>& moment(const std::string& name) {
    if (name == "adam_m") return m_;
    if (name == "adam_v") return v_;
    SIMFORGE_FAIL("Adam has no state '", name, "' (it has adam_m, adam_v)");
  }
  const DeviceBuffer<float>& moment(const std::string& name) const { return const_cast<Adam*>(this)->moment(name); }

  OptimizerConfig config_;
  bool decoupled_;
  DeviceBuffer<float> m_, v_;
};

}  // namespace

}  // namespace simforge::surrogate

SIMFORGE_REGISTER_OPTIMIZER(simforge::surrogate::OptimizerEntry{
    .name = "adam",
    .summary = "Adam, weight decay as L2 added to the gradient",
    .default_weight_decay = 0.0,
    .make = [](std::size_t n, const simforge::surrogate::OptimizerConfig& c, const simforge::Stream& s)
        -> std::unique_ptr<simforge::surrogate::Optimizer> { return std::make_unique<simforge::surrogate::Adam>(n, c, false, s); },
});
SIMFORGE_REGISTER_OPTIMIZER(simforge::surrogate::OptimizerEntry{
    .name = "adamw",
    .summary = "AdamW, decoupled weight decay",
    .default_weight_decay = 1e-4,
    .make = [](std::size_t n, const simforge::surrogate::OptimizerConfig& c, const simforge::Stream& s)
        -> std::unique_ptr<simforge::surrogate::Optimizer> { return std::make_unique<simforge::surrogate::Adam>(n, c, true, s); },
});
