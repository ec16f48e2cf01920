// Adam/AdamW as one kernel over the flat parameter buffer (device source).
#include "surrogate/optimizer.hpp"

#include <cmath>

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"

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
}  // namespace

Adam::Adam(std::size_t n, AdamConfig config) : config_(config), m_(n), v_(n) {
  Stream s;
  device::memset_zero(m_.data(), m_.bytes(), s);
  device::memset_zero(v_.data(), v_.bytes(), s);
  s.synchronize();
}

void Adam::step(const Stream& s, float* params, const float* grads, double lr, double grad_scale) {
  ++t_;
  const double bc1 = 1.0 - std::pow(config_.beta1, double(t_)), bc2 = 1.0 - std::pow(config_.beta2, double(t_));
  for_each_index(s, m_.size(),
                 AdamUpdate{params, m_.data(), v_.data(), grads, float(lr), float(config_.beta1), float(config_.beta2),
                            float(config_.eps), float(config_.weight_decay), float(grad_scale), float(bc1), float(bc2),
                            config_.decoupled});
}

std::vector<float> Adam::first_moment(const Stream& s) const { return to_host_span(m_.data(), m_.size(), s); }
std::vector<float> Adam::second_moment(const Stream& s) const { return to_host_span(v_.data(), v_.size(), s); }

void Adam::restore(const std::vector<float>& m, const std::vector<float>& v, std::size_t steps, const Stream& s) {
  SIMFORGE_CHECK(m.size() == m_.size() && v.size() == v_.size(), "optimizer state has ", m.size(), " entries, the model has ",
                 m_.size(), " parameters");
  copy_n(m_.data(), m.data(), m.size(), CopyKind::HostToDevice, s);
  copy_n(v_.data(), v.data(), v.size(), CopyKind::HostToDevice, s);
  s.synchronize();
  t_ = steps;
}

double gradient_norm(const Stream& s, const float* g, std::size_t n) { return std::sqrt(l2_norm_squared(s, g, n)); }

double cosine_schedule(std::size_t step, std::size_t total, std::size_t warmup, double base, double final_fraction) {
  if (step < warmup) return base * double(step + 1) / double(warmup);
  const double span = double(total > warmup ? total - warmup : 1);
  const double progress = std::min(1.0, double(step - warmup) / span);
  return base * (final_fraction + (1.0 - final_fraction) * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

}  // namespace simforge::surrogate
