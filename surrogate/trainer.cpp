// The training step: pushforward roll-out, forward, loss, backward, clipping, optimizer update.
#include "surrogate/trainer.hpp"

#include <cmath>

#include "kernels/error.hpp"

namespace simforge::surrogate {

Trainer::Trainer(Model& model, Runtime& rt, WindowLayout layout, TrainOptions options, Communicator& comm)
    : model_(model),
      rt_(rt),
      comm_(comm),
      layout_(layout),
      options_(options),
      optimizer_(make_optimizer(options.optimizer, model.parameter_count(), options.optimizer_config, rt.stream())) {
  SIMFORGE_CHECK(model.config().in_channels == layout.in_channels(), "model has ", model.config().in_channels,
                 " input channels; the data give ", layout.in_channels(), " (", layout.fields, " fields x ", layout.history,
                 " history frames + ", layout.scalars, " scalars)");
  SIMFORGE_CHECK(model.config().out_channels == layout.out_channels(), "model has ", model.config().out_channels,
                 " output channels; the data have ", layout.fields, " fields");
  SIMFORGE_CHECK(options.unroll >= 1, "unroll must be >= 1, got ", options.unroll);
  SIMFORGE_CHECK(!layout.steady() || (options.unroll == 1 && !options.increment && layout.history == 1),
                 "a steady map trains one step from one frame (unroll 1, history 1) and predicts its targets (not increments)");
}

const Tensor& Trainer::target_frame(const Tensor& targets, int k) {
  const Shape& t = targets.shape();
  SIMFORGE_CHECK(t.rank() == 5 && int(t[0]) >= k + 1, "trainer: targets must be [unroll, n, fields, h, w] with at least ", k + 1,
                 " frames");
  const Dims d{int(t[1]), int(t[2]), int(t[3]), int(t[4])};
  ensure(target_, d);
  copy_n(target_.data(), targets.data() + std::size_t(k) * d.size(), d.size(), CopyKind::DeviceToDevice, rt_.stream());
  return target_;
}

const Tensor& Trainer::predict(const Tensor& x) {
  const Tensor& out = model_.forward(rt_, x);
  assemble_prediction(rt_.stream(), layout_, options_.increment, x, out, pred_);
  return pred_;
}

StepResult Trainer::train_step(const Tensor& x, const Tensor& targets) {
  const std::size_t step = optimizer_->steps();
  const Tensor* input = &x;
  for (int k = 0; k + 1 < options_.unroll; ++k) {  // pushforward: no gradient through these steps
    shift_window(rt_.stream(), layout_, *input, predict(*input), window_[k % 2]);
    input = &window_[k % 2];
  }
  const Tensor& pred = predict(*input);
  StepResult r;
  r.loss = loss_and_gradient(rt_.stream(), options_.loss, pred, target_frame(targets, options_.unroll - 1), dpred_, scratch_);
  const double ranks = comm_.size();
  comm_.sum_host(&r.loss, 1, rt_.stream());  // every rank sees a NaN on any rank, and stops alike
  r.loss /= ranks;
  SIMFORGE_CHECK(std::isfinite(r.loss), "training diverged: loss is ", r.loss, " at step ", step + 1,
                 " (try a lower learning rate, gradient clipping, or check the data for NaN)");
  model_.backward(rt_, dpred_);  // the residual connection passes dpred through unchanged
  comm_.sum(model_.gradients().data(), model_.parameter_count(), rt_.stream());
  // The rank sum is `ranks` times the global batch's mean gradient: its norm, and the update's
  // gradient scale, divide by `ranks` (exact for one process, and for powers of two).
  r.grad_norm = gradient_norm(rt_.stream(), model_.gradients().data(), model_.parameter_count()) / ranks;
  SIMFORGE_CHECK(std::isfinite(r.grad_norm), "training diverged: gradient norm is ", r.grad_norm, " at step ", step + 1);
  const double clip = options_.clip_norm > 0 && r.grad_norm > options_.clip_norm ? options_.clip_norm / r.grad_norm : 1.0;
  r.lr = cosine_schedule(step, options_.total_steps, options_.warmup_steps, options_.learning_rate, options_.final_lr_fraction);
  optimizer_->step(rt_.stream(), model_.parameters().data(), model_.gradients().data(), r.lr, clip / ranks);
  return r;
}

double Trainer::evaluate(const Tensor& x, const Tensor& targets) {
  const Tensor& pred = predict(x);
  return loss_and_gradient(rt_.stream(), options_.loss, pred, target_frame(targets, 0), dpred_, scratch_);
}

}  // namespace simforge::surrogate
