#pragma once
// Optimizers over the model's one flat parameter buffer, with named state vectors that
// checkpoints store by name (fp32 master weights and fp32 state, whatever the compute precision);
// gradient-norm clipping; the cosine learning-rate schedule with linear warm-up. The file that
// defines an optimizer registers it in one line (adam.cpp: adam, adamw).
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/registry.hpp"

namespace simforge::surrogate {

struct OptimizerConfig {
  double beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
  double weight_decay = 0.0;
};

class Optimizer {
 public:
  virtual ~Optimizer() = default;
  // One update with learning rate `lr`; the gradient is multiplied by `grad_scale` first (clipping).
  virtual void step(const Stream& s, float* params, const float* grads, double lr, double grad_scale) = 0;
  std::size_t steps() const { return steps_; }

  // The state a checkpoint keeps, by name (names are unique across optimizers: "adam_m").
  virtual std::vector<std::string> state_names() const = 0;
  virtual std::vector<float> state(const std::string& name, const Stream& s) const = 0;
  // Restores every named vector and the step count (a resumed run continues bit for bit).
  virtual void restore(const std::vector<std::pair<std::string, std::vector<float>>>& state, std::size_t steps,
                       const Stream& s) = 0;

 protected:
  std::size_t steps_ = 0;
};

struct OptimizerEntry {
  std::string name;
  std::string summary;
  double default_weight_decay = 0.0;
  std::function<std::unique_ptr<Optimizer>(std::size_t parameters, const OptimizerConfig& config, const Stream& stream)> make;
};

Registry<OptimizerEntry>& optimizer_registry();
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, std::size_t parameters, const OptimizerConfig& config,
                                          const Stream& stream);

// sqrt(sum g^2), accumulated in double.
double gradient_norm(const Stream& s, const float* g, std::size_t n);

// Learning rate at `step` (0-based) of `total`: linear warm-up from ~0 over `warmup` steps, then
// cosine decay from `base` to `base * final_fraction`.
double cosine_schedule(std::size_t step, std::size_t total, std::size_t warmup, double base, double final_fraction);

}  // namespace simforge::surrogate

#define SIMFORGE_REGISTER_OPTIMIZER(...) SIMFORGE_REGISTER(::simforge::surrogate::optimizer_registry(), __VA_ARGS__)
