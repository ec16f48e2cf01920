#pragma once
// One training or evaluation step of a surrogate on device tensors (no files: io/ feeds it).
// One-step training: x (history window) -> prediction of the next frame, loss against it.
// Pushforward training (Brandstetter et al. 2022, "unroll" > 1): the model first rolls the window
// forward unroll - 1 times without gradients, then trains one step from its own prediction
// against the frame unroll steps ahead, so it learns to correct the errors it makes in rollouts.
// Data-parallel training: each rank of `comm` steps on its equal share of the global batch; the
// losses and gradients are summed over the ranks and divided by their number, so every rank
// applies the update one process would make from the whole batch (to round-off).
#include <memory>
#include <string>

#include "kernels/communicator.hpp"
#include "surrogate/model.hpp"
#include "surrogate/objective.hpp"
#include "surrogate/optimizer.hpp"

namespace simforge::surrogate {

struct TrainOptions {
  std::string optimizer = "adamw";  // a name in optimizer_registry()
  OptimizerConfig optimizer_config;
  double learning_rate = 1e-3;
  double final_lr_fraction = 0.0;
  std::size_t warmup_steps = 0;
  std::size_t total_steps = 1000;
  double clip_norm = 0.0;  // 0: no clipping
  LossKind loss = LossKind::Mse;
  bool increment = false;
  int unroll = 1;
};

struct StepResult {
  double loss = 0, grad_norm = 0, lr = 0;
};

class Trainer {
 public:
  Trainer(Model& model, Runtime& rt, WindowLayout layout, TrainOptions options, Communicator& comm = single_process());
  // x: [n, in_channels, ...]; targets: [unroll, n, fields, ...] (frame t + 1 ... t + unroll).
  // Throws naming the step when the loss or the gradient is not finite (on every rank alike);
  // parameters are then untouched.
  StepResult train_step(const Tensor& x, const Tensor& targets);
  // Loss of the one-step prediction against targets' first frame, no gradients.
  double evaluate(const Tensor& x, const Tensor& targets);
  // The prediction (normalized units) of one step from window x.
  const Tensor& predict(const Tensor& x);

  Optimizer& optimizer() { return *optimizer_; }
  std::size_t step() const { return optimizer_->steps(); }
  const TrainOptions& options() const { return options_; }

 private:
  const Tensor& target_frame(const Tensor& targets, int k);
  Model& model_;
  Runtime& rt_;
  Communicator& comm_;
  WindowLayout layout_;
  TrainOptions options_;
  std::unique_ptr<Optimizer> optimizer_;
  Tensor pred_, dpred_, window_[2], target_;
  DeviceBuffer<double> scratch_;
};

}  // namespace simforge::surrogate
