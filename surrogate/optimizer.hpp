#pragma once
// Adam / AdamW over the model's one flat parameter buffer (one kernel per step), gradient-norm
// clipping, and the cosine learning-rate schedule with linear warm-up.
#include <cstddef>
#include <vector>

#include "kernels/buffer.hpp"

namespace simforge::surrogate {

struct AdamConfig {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weight_decay = 0.0;
  bool decoupled = true;  // AdamW (decay applied to the weights); false: L2 added to the gradient (Adam)
};

class Adam {
 public:
  Adam(std::size_t parameters, AdamConfig config);
  // One update with learning rate `lr`; the gradient is multiplied by `grad_scale` first (clipping).
  void step(const Stream& s, float* params, const float* grads, double lr, double grad_scale);
  std::size_t steps() const { return t_; }

  // State for checkpoints: first and second moments, and the step count.
  std::vector<float> first_moment(const Stream& s) const;
  std::vector<float> second_moment(const Stream& s) const;
  void restore(const std::vector<float>& m, const std::vector<float>& v, std::size_t steps, const Stream& s);

 private:
  AdamConfig config_;
  DeviceBuffer<float> m_, v_;
  std::size_t t_ = 0;
};

// sqrt(sum g^2), accumulated in double.
double gradient_norm(const Stream& s, const float* g, std::size_t n);

// Learning rate at `step` (0-based) of `total`: linear warm-up from ~0 over `warmup` steps, then
// cosine decay from `base` to `base * final_fraction`.
double cosine_schedule(std::size_t step, std::size_t total, std::size_t warmup, double base, double final_fraction);

}  // namespace simforge::surrogate
