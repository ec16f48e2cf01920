// Sequential composition and the parameter-light layers (GroupNorm, activations, pooling, the FNO
// block). Their kernels live in ops.hpp; this file is bookkeeping: shapes, slices, contexts.
#include <algorithm>

#include "kernels/error.hpp"
#include "surrogate/layers.hpp"

namespace simforge::surrogate {

namespace {
std::uint32_t child_tag(std::uint32_t tag, std::size_t i) { return tag * 131u + std::uint32_t(i) + 1u; }

struct SequentialContext : Context {
  std::vector<Tensor> acts;  // output of every layer but the last (that one is the caller's y)
  std::vector<std::unique_ptr<Context>> children;
  Tensor grads[2];           // ping-pong gradients between layers
};
}  // namespace

std::size_t Sequential::parameter_count() const {
  std::size_t n = 0;
  for (const auto& l : layers_) n += l->parameter_count();
  return n;
}

void Sequential::initialize(float* p, std::uint64_t seed, std::uint32_t tag) const {
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    layers_[i]->initialize(p, seed, child_tag(tag, i));
    p += layers_[i]->parameter_count();
  }
}

Dims Sequential::output_dims(const Dims& in) const {
  Dims d = in;
  for (const auto& l : layers_) d = l->output_dims(d);
  return d;
}

std::unique_ptr<Context> Sequential::make_context() const {
  auto c = std::make_unique<SequentialContext>();
  c->acts.resize(layers_.size());
  for (const auto& l : layers_) c->children.push_back(l->make_context());
  return c;
}

void Sequential::forward(Runtime& rt, const float* p, const Tensor& x, Tensor& y, Context& ctx) const {
  SIMFORGE_CHECK(!layers_.empty(), "Sequential: no layers");
  auto& c = static_cast<SequentialContext&>(ctx);
  const Tensor* cur = &x;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    Tensor& out = i + 1 == layers_.size() ? y : c.acts[i];
    layers_[i]->forward(rt, p, *cur, out, *c.children[i]);
    p += layers_[i]->parameter_count();
    cur = &out;
  }
}

void Sequential::backward(Runtime& rt, const float* p, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx, float* dp,
                          Context& ctx) const {
  auto& c = static_cast<SequentialContext&>(ctx);
  std::vector<std::size_t> offset(layers_.size() + 1, 0);
  for (std::size_t i = 0; i < layers_.size(); ++i) offset[i + 1] = offset[i] + layers_[i]->parameter_count();
  const Tensor* g = &dy;
  for (std::size_t k = layers_.size(); k-- > 0;) {
    const Tensor& in = k == 0 ? x : c.acts[k - 1];
    const Tensor& out = k + 1 == layers_.size() ? y : c.acts[k];
    Tensor* gin = k == 0 ? dx : &c.grads[k % 2];
    layers_[k]->backward(rt, p + offset[k], in, out, *g, gin, dp + offset[k], *c.children[k]);
    g = gin;
  }
}

namespace {
struct NormContext : Context {
  DeviceBuffer<float> mean, rstd;
};
}  // namespace

void GroupNorm::initialize(float* p, std::uint64_t, std::uint32_t) const {
  std::fill(p, p + c_, 1.0f);
  std::fill(p + c_, p + 2 * c_, 0.0f);
}

std::unique_ptr<Context> GroupNorm::make_context() const { return std::make_unique<NormContext>(); }

void GroupNorm::forward(Runtime& rt, const float* p, const Tensor& x, Tensor& y, Context& ctx) const {
  const Dims d = dims_of(x);
  SIMFORGE_CHECK(d.c == c_, "GroupNorm: input has ", d.c, " channels, the layer expects ", c_);
  ensure(y, d);
  auto& c = static_cast<NormContext&>(ctx);
  ensure_size(c.mean, std::size_t(d.n) * groups_);
  ensure_size(c.rstd, std::size_t(d.n) * groups_);
  ops::group_norm_forward(rt.stream(), x.data(), p, p + c_, y.data(), c.mean.data(), c.rstd.data(), d, groups_, eps_);
}

void GroupNorm::backward(Runtime& rt, const float* p, const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx, float* dp,
                         Context& ctx) const {
  const Dims d = dims_of(x);
  auto& c = static_cast<NormContext&>(ctx);
  if (dx) ensure(*dx, d);
  ops::group_norm_backward(rt.stream(), x.data(), p, c.mean.data(), c.rstd.data(), dy.data(), dx ? dx->data() : nullptr, dp,
                           dp + c_, d, groups_);
}

void Activation::forward(Runtime& rt, const float*, const Tensor& x, Tensor& y, Context&) const {
  ensure(y, dims_of(x));
  ops::activation_forward(rt.stream(), kind_, x.data(), y.data(), x.size());
}

void Activation::backward(Runtime& rt, const float*, const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx, float*,
                          Context&) const {
  if (!dx) return;
  ensure(*dx, dims_of(x));
  ops::activation_backward(rt.stream(), kind_, x.data(), dy.data(), dx->data(), x.size());
}

void AvgPool::forward(Runtime& rt, const float*, const Tensor& x, Tensor& y, Context&) const {
  ensure(y, output_dims(dims_of(x)));
  ops::avg_pool_forward(rt.stream(), x.data(), y.data(), dims_of(x));
}

void AvgPool::backward(Runtime& rt, const float*, const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx, float*,
                       Context&) const {
  if (!dx) return;
  ensure(*dx, dims_of(x));
  ops::avg_pool_backward(rt.stream(), dy.data(), dx->data(), dims_of(x));
}

namespace {
struct FnoContext : Context {
  std::unique_ptr<Context> spectral, pointwise;
  Tensor a, b, z, gz, dx2;  // branch outputs, their sum, its gradient, the pointwise branch's dx
};
}  // namespace

FnoBlock::FnoBlock(int rank, int width, int modes_h, int modes_w, ops::Activation act)
    : spectral_(rank, width, width, modes_h, modes_w), pointwise_(ConvSpec{rank, width, width, 1, 1, Padding::Zero, true}), act_(act) {}

void FnoBlock::initialize(float* p, std::uint64_t seed, std::uint32_t tag) const {
  spectral_.initialize(p, seed, child_tag(tag, 0));
  pointwise_.initialize(p + spectral_.parameter_count(), seed, child_tag(tag, 1));
}

std::unique_ptr<Context> FnoBlock::make_context() const {
  auto c = std::make_unique<FnoContext>();
  c->spectral = spectral_.make_context();
  c->pointwise = pointwise_.make_context();
  return c;
}

void FnoBlock::forward(Runtime& rt, const float* p, const Tensor& x, Tensor& y, Context& ctx) const {
  auto& c = static_cast<FnoContext&>(ctx);
  spectral_.forward(rt, p, x, c.a, *c.spectral);
  pointwise_.forward(rt, p + spectral_.parameter_count(), x, c.b, *c.pointwise);
  ensure(c.z, dims_of(c.a));
  ensure(y, dims_of(c.a));
  ops::add(rt.stream(), c.a.data(), c.b.data(), c.z.data(), c.z.size());
  ops::activation_forward(rt.stream(), act_, c.z.data(), y.data(), y.size());
}

void FnoBlock::backward(Runtime& rt, const float* p, const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx, float* dp,
                        Context& ctx) const {
  auto& c = static_cast<FnoContext&>(ctx);
  const std::size_t ns = spectral_.parameter_count();
  ensure(c.gz, dims_of(c.z));
  ops::activation_backward(rt.stream(), act_, c.z.data(), dy.data(), c.gz.data(), c.z.size());
  spectral_.backward(rt, p, x, c.a, c.gz, dx, dp, *c.spectral);
  pointwise_.backward(rt, p + ns, x, c.b, c.gz, dx ? &c.dx2 : nullptr, dp + ns, *c.pointwise);
  if (dx) ops::accumulate(rt.stream(), dx->data(), c.dx2.data(), dx->size());
}

}  // namespace simforge::surrogate
