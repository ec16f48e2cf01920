// The optimizer registry, gradient norms and the learning-rate schedule (device source).
#include "surrogate/optimizer.hpp"

#include <cmath>

#include "kernels/parallel.hpp"

namespace simforge::surrogate {

Registry<OptimizerEntry>& optimizer_registry() {
  static Registry<OptimizerEntry> registry("optimizer");
  return registry;
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, std::size_t parameters, const OptimizerConfig& config,
                                          const Stream& stream) {
  return optimizer_registry().at(name).make(parameters, config, stream);
}

double gradient_norm(const Stream& s, const float* g, std::size_t n) { return std::sqrt(l2_norm_squared(s, g, n)); }

double cosine_schedule(std::size_t step, std::size_t total, std::size_t warmup, double base, double final_fraction) {
  if (step < warmup) return base * double(step + 1) / double(warmup);
  const double span = double(total > warmup ? total - warmup : 1);
  const double progress = std::min(1.0, double(step - warmup) / span);
  return base * (final_fraction + (1.0 - final_fraction) * 0.5 * (1.0 + std::cos(M_PI * progress)));
}

}  // namespace simforge::surrogate
