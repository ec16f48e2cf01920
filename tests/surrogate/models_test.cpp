// Models: the U-Net's and FNO's plumbing (skips, offsets, gradient accumulation) checked by a
// directional finite difference of the whole network in float, training reduces the loss, and
// the optimizer, schedule, losses and window shift against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>

#include "layer_check.hpp"
#include "surrogate/trainer.hpp"

namespace simforge::surrogate {
namespace {

using testing::download;
using testing::random_vector;
using testing::upload;
using testing::VecD;

// <grad L, v> against (L(p + h v) - L(p - h v)) / 2h for L = <dy, net(x; p)>, v random over all
// parameters. Each layer is verified exactly in layers_test; this catches wiring mistakes, which
// show up as O(1) discrepancies. In float with h = 1e-3 the difference quotient carries round-off
// ~6e-8 |L| / h ~ 6e-5 |L| and truncation ~h^2 |L'''| (GroupNorm over groups of 16 values at the
// U-Net's bottom is strongly curved: h = 1e-2 was off by 10%); 1e-2 relative agreement leaves a
// margin while still catching any wiring error.
void check_model_gradient(const ModelConfig& cfg, Dims in) {
  Stream s;
  Runtime rt(s);
  Model model(cfg);
  model.initialize(7, s);
  const Tensor x = upload(random_vector(in.size(), 5), in);
  const Dims out{in.n, cfg.out_channels, in.h, in.w};
  const VecD dyv = random_vector(out.size(), 6);
  const Tensor dy = upload(dyv, out);
  auto loss = [&] {
    const VecD y = download(model.forward(rt, x).data(), out.size(), s);
    double l = 0;
    for (std::size_t i = 0; i < y.size(); ++i) l += y[i] * dyv[i];
    return l;
  };
  loss();
  Tensor dx;
  model.backward(rt, dy, &dx);
  const VecD g = download(model.gradients().data(), model.parameter_count(), s);
  const std::vector<float> p0 = model.parameters_host(s);
  const VecD v = random_vector(p0.size(), 8);
  double directional = 0;
  for (std::size_t i = 0; i < v.size(); ++i) directional += g[i] * v[i];
  const double h = 1e-3;
  auto shifted = [&](double t) {
    std::vector<float> p = p0;
    for (std::size_t i = 0; i < p.size(); ++i) p[i] += float(t * v[i]);
    model.set_parameters(p, s);
    return loss();
  };
  const double numeric = (shifted(h) - shifted(-h)) / (2 * h);
  EXPECT_NEAR(numeric, directional, 1e-2 * std::abs(directional)) << cfg.type;

  // The same for the input gradient.
  model.set_parameters(p0, s);
  const VecD xv = download(x.data(), x.size(), s), u = random_vector(x.size(), 9), dxv = download(dx.data(), dx.size(), s);
  double dir_x = 0;
  for (std::size_t i = 0; i < u.size(); ++i) dir_x += dxv[i] * u[i];
  auto at_x = [&](double t) {
    VecD xs = xv;
    for (std::size_t i = 0; i < xs.size(); ++i) xs[i] += t * u[i];
    const Tensor xt = upload(xs, in);
    const VecD y = download(model.forward(rt, xt).data(), out.size(), s);
    double l = 0;
    for (std::size_t i = 0; i < y.size(); ++i) l += y[i] * dyv[i];
    return l;
  };
  EXPECT_NEAR((at_x(h) - at_x(-h)) / (2 * h), dir_x, 1e-2 * std::abs(dir_x)) << cfg.type << " input gradient";
}

ModelConfig small_unet(int rank) {
  ModelConfig c = ModelConfig::defaults("unet");
  c.rank = rank;
  c.in_channels = 3, c.out_channels = 2, c.width = 4;
  c.options.set_integers("groups", {2});
  c.options.set_integers("multipliers", {1, 2, 2});
  return c;
}
ModelConfig small_fno(int rank) {
  ModelConfig c = ModelConfig::defaults("fno");
  c.rank = rank;
  c.in_channels = 3, c.out_channels = 2, c.width = 6;
  c.options.set_integers("modes", {3});
  c.options.set_integers("layers", {2});
  c.options.set_integers("projection", {8});
  return c;
}

TEST(UNet, GradientMatchesDirectionalDifference2d) { check_model_gradient(small_unet(2), {2, 3, 8, 8}); }
TEST(UNet, GradientMatchesDirectionalDifference1d) { check_model_gradient(small_unet(1), {2, 3, 1, 16}); }
TEST(Fno, GradientMatchesDirectionalDifference2d) { check_model_gradient(small_fno(2), {2, 3, 8, 8}); }
TEST(Fno, GradientMatchesDirectionalDifference1d) { check_model_gradient(small_fno(1), {2, 3, 1, 16}); }

TEST(UNet, MatchesThePeerParameterCount) {
  ModelConfig c = ModelConfig::defaults("unet");  // ../shared/peers/torch_unet_train.py at width 32, one channel: 467,233 parameters
  c.in_channels = c.out_channels = 1;
  c.width = 32;
  EXPECT_EQ(Model(c).parameter_count(), 467233u);
}

TEST(ModelConfig, RejectsBadSettings) {
  ModelConfig c = small_unet(2);
  c.options.set_integers("groups", {3});
  EXPECT_THROW(Model{c}, Error);
  c = small_unet(2);
  c.options.set_integers("kernel", {4});
  EXPECT_THROW(Model{c}, Error);
  c = small_unet(2);
  c.options.set_choice("padding", "reflect");
  EXPECT_THROW(Model{c}, Error);
  c = small_fno(2);
  c.options = ModelOptions{};  // an architecture's options must all be set
  EXPECT_THROW(Model{c}, Error);
  c.type = "transformer";
  EXPECT_THROW(Model{c}, Error);
  Stream s;
  Runtime rt(s);
  Model m(small_unet(2));
  EXPECT_THROW(m.forward(rt, Tensor(Dims{1, 2, 8, 8}.shape())), Error);  // wrong channel count
  EXPECT_THROW(m.forward(rt, Tensor(Dims{1, 3, 6, 6}.shape())), Error);  // not divisible by 4
}

TEST(Trainer, OneStepAndPushforwardTrainingReduceTheLoss) {
  for (int unroll : {1, 2}) {
    Stream s;
    Runtime rt(s);
    const WindowLayout layout{2, 2, 1};
    ModelConfig cfg = small_fno(2);
    cfg.in_channels = layout.in_channels();
    cfg.out_channels = layout.out_channels();
    Model model(cfg);
    model.initialize(1, s);
    TrainOptions o;
    o.learning_rate = 3e-3;
    o.total_steps = 60;
    o.unroll = unroll;
    o.increment = true;
    o.clip_norm = 1.0;
    Trainer t(model, rt, layout, o);
    const Dims in{4, layout.in_channels(), 8, 8};
    const VecD xv = random_vector(in.size(), 1);
    const Tensor x = upload(xv, in);
    // A learnable target: each field's next frame is 0.5 * its last frame + 0.25 (applied again
    // for every further step).
    Tensor targets(Shape{std::size_t(unroll), 4, 2, 8, 8});
    std::vector<float> tf(targets.size());
    for (int k = 0; k < unroll; ++k)
      for (int n = 0; n < 4; ++n)
        for (int f = 0; f < 2; ++f)
          for (int e = 0; e < 64; ++e) {
            double v = xv[(std::size_t(n) * in.c + f * 2 + 1) * 64 + e];
            for (int j = 0; j <= k; ++j) v = 0.5 * v + 0.25;
            tf[((std::size_t(k) * 4 + n) * 2 + f) * 64 + e] = float(v);
          }
    copy_n(targets.data(), tf.data(), tf.size(), CopyKind::HostToDevice, s);
    const double first = t.train_step(x, targets).loss;
    double last = first;
    for (int i = 0; i < 59; ++i) last = t.train_step(x, targets).loss;
    EXPECT_LT(last, 0.5 * first) << "unroll " << unroll;
    EXPECT_EQ(t.step(), 60u);
  }
}

TEST(Trainer, RejectsMismatchedChannels) {
  Stream s;
  Runtime rt(s);
  Model model(small_fno(2));  // 3 inputs, 2 outputs
  EXPECT_THROW(Trainer(model, rt, WindowLayout{2, 2, 0}, {}), Error);
  EXPECT_NO_THROW(Trainer(model, rt, WindowLayout{2, 1, 1}, {}));
}

TEST(Optimizer, AdamFirstStepMovesEachWeightByTheLearningRate) {
  Stream s;
  const std::vector<float> p0{1.0f, -2.0f, 0.5f}, g{0.3f, -4.0f, 1e-3f};
  DeviceBuffer<float> p = to_device<float>(p0, s), gd = to_device<float>(g, s);
  auto adam = make_optimizer("adam", 3, OptimizerConfig{}, s);
  adam->step(s, p.data(), gd.data(), 0.1, 1.0);
  const std::vector<float> r = to_host_span(p.data(), 3, s);
  // Bias-corrected first step: update = g / (|g| + eps') = sign(g) up to eps / |g|.
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(r[i], p0[i] - 0.1f * (g[i] > 0 ? 1 : -1), 1e-4) << i;
  OptimizerConfig w;
  w.weight_decay = 0.5;  // AdamW: an extra lr * wd * p
  auto adamw = make_optimizer("adamw", 3, w, s);
  DeviceBuffer<float> q = to_device<float>(p0, s);
  adamw->step(s, q.data(), gd.data(), 0.1, 1.0);
  const std::vector<float> rq = to_host_span(q.data(), 3, s);
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(rq[i], p0[i] - 0.1f * ((g[i] > 0 ? 1 : -1) + 0.5f * p0[i]), 1e-4) << i;
}

// What a checkpoint stores (named state and the step count) restores the optimizer exactly.
TEST(Optimizer, NamedStateRestoresTheRunBitForBit) {
  Stream s;
  const std::vector<float> p0{0.3f, -1.0f, 2.0f, 0.0f}, g{0.5f, 0.1f, -2.0f, 1e-2f};
  const DeviceBuffer<float> grads = to_device<float>(g, s);
  DeviceBuffer<float> straight = to_device<float>(p0, s), resumed = to_device<float>(p0, s);
  OptimizerConfig c;
  c.weight_decay = 0.01;
  auto a = make_optimizer("adamw", 4, c, s), b = make_optimizer("adamw", 4, c, s);
  for (int k = 0; k < 3; ++k) a->step(s, straight.data(), grads.data(), 1e-2, 0.7);
  b->step(s, resumed.data(), grads.data(), 1e-2, 0.7);
  std::vector<std::pair<std::string, std::vector<float>>> state;
  for (const auto& name : b->state_names()) state.emplace_back(name, b->state(name, s));
  EXPECT_EQ(b->state_names(), (std::vector<std::string>{"adam_m", "adam_v"}));
  auto c2 = make_optimizer("adamw", 4, c, s);
  c2->restore(state, b->steps(), s);
  for (int k = 0; k < 2; ++k) c2->step(s, resumed.data(), grads.data(), 1e-2, 0.7);
  EXPECT_EQ(to_host_span(straight.data(), 4, s), to_host_span(resumed.data(), 4, s));
  EXPECT_EQ(c2->steps(), 3u);
  try {
    make_optimizer("sgd", 4, c, s);
    FAIL() << "sgd is not registered";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("valid: adam, adamw"), std::string::npos) << e.what();
  }
}

TEST(Optimizer, CosineScheduleWarmsUpThenDecays) {
  EXPECT_DOUBLE_EQ(cosine_schedule(0, 100, 10, 1.0, 0.0), 0.1);
  EXPECT_DOUBLE_EQ(cosine_schedule(9, 100, 10, 1.0, 0.0), 1.0);
  EXPECT_DOUBLE_EQ(cosine_schedule(10, 100, 10, 1.0, 0.0), 1.0);
  EXPECT_NEAR(cosine_schedule(55, 100, 10, 1.0, 0.0), 0.5, 1e-12);
  EXPECT_NEAR(cosine_schedule(100, 100, 10, 1.0, 0.1), 0.1, 1e-12);
}

TEST(Objective, LossesAndGradients) {
  Stream s;
  const Dims d{2, 1, 1, 2};
  const Tensor pred = upload({1, 2, 3, 4}, d), target = upload({1, 1, 0, 4}, d);
  Tensor dp;
  DeviceBuffer<double> scratch;
  // MSE = (0 + 1 + 9 + 0) / 4; gradient 2 (p - t) / 4.
  EXPECT_DOUBLE_EQ(loss_and_gradient(s, LossKind::Mse, pred, target, dp, scratch), 2.5);
  EXPECT_EQ(download(dp.data(), 4, s), (VecD{0, 0.5, 1.5, 0}));
  // Relative L2: (1 / sqrt 2 + 3 / 4) / 2.
  EXPECT_NEAR(loss_and_gradient(s, LossKind::RelativeL2, pred, target, dp, scratch), (1 / std::sqrt(2.0) + 0.75) / 2, 1e-12);
  EXPECT_THROW(parse_loss("l1"), Error);
}

TEST(Objective, WindowShiftAndIncrement) {
  Stream s;
  const WindowLayout w{1, 3, 1};  // frames a, b, c and one scalar channel
  const Tensor x = upload({1, 2, 3, 9}, {1, 4, 1, 1}), out = upload({0.5}, {1, 1, 1, 1});
  Tensor pred, next;
  assemble_prediction(s, w, true, x, out, pred);
  EXPECT_EQ(download(pred.data(), 1, s), VecD{3.5});
  shift_window(s, w, x, pred, next);
  EXPECT_EQ(download(next.data(), 4, s), (VecD{2, 3, 3.5, 9}));
}

}  // namespace
}  // namespace simforge::surrogate
