// Convolution layers over kernels/dnn.hpp: "same" convolutions with zero or periodic padding, and
// transposed convolutions run as the backward-data of their dual convolution.
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/philox.hpp"
#include "surrogate/layers.hpp"

namespace simforge::surrogate {

void uniform_init(float* p, std::size_t n, float bound, std::uint64_t seed, std::uint32_t tag) {
  const PhiloxStream rng(seed, 0x5f3759dfu, tag);
  for (std::size_t i = 0; i < n; ++i) p[i] = float((2.0 * rng.uniform(i) - 1.0) * bound);
}

namespace {
struct ConvContext : Context {
  Tensor padded, dpadded;  // circular padding only: the periodic extension of x and its gradient
};
}  // namespace

Conv::Conv(ConvSpec spec) : spec_(spec) {
  SIMFORGE_CHECK(spec.rank == 1 || spec.rank == 2, "Conv: rank must be 1 or 2, got ", spec.rank);
  SIMFORGE_CHECK(spec.kernel >= 1 && spec.kernel % 2 == 1, "Conv: kernel size must be odd, got ", spec.kernel);
  SIMFORGE_CHECK(spec.c_in >= 1 && spec.c_out >= 1 && spec.stride >= 1, "Conv: channels and stride must be positive");
}

std::size_t Conv::parameter_count() const {
  const std::size_t k = std::size_t(spec_.kernel);
  return std::size_t(spec_.c_out) * spec_.c_in * k * (spec_.rank == 2 ? k : 1) + (spec_.bias ? spec_.c_out : 0);
}

void Conv::initialize(float* p, std::uint64_t seed, std::uint32_t tag) const {
  const std::size_t fan_in = std::size_t(spec_.c_in) * spec_.kernel * (spec_.rank == 2 ? spec_.kernel : 1);
  uniform_init(p, parameter_count(), float(1.0 / std::sqrt(double(fan_in))), seed, tag);
}

dnn::ConvGeometry Conv::geometry(const Dims& in) const {
  SIMFORGE_CHECK(in.c == spec_.c_in, "Conv: input has ", in.c, " channels, the layer expects ", spec_.c_in);
  SIMFORGE_CHECK(spec_.rank == 2 || in.h == 1, "Conv: a 1-D layer got a 2-D input (", in.h, "x", in.w, ")");
  const int ph = spec_.rank == 2 ? spec_.kernel / 2 : 0, pw = spec_.kernel / 2;
  const bool circular = spec_.padding == Padding::Circular;
  dnn::ConvGeometry g;
  g.n = in.n, g.c_in = in.c, g.c_out = spec_.c_out;
  g.h = in.h + (circular ? 2 * ph : 0), g.w = in.w + (circular ? 2 * pw : 0);
  g.kh = spec_.rank == 2 ? spec_.kernel : 1, g.kw = spec_.kernel;
  g.stride_h = spec_.rank == 2 ? spec_.stride : 1, g.stride_w = spec_.stride;
  g.pad_h = circular ? 0 : ph, g.pad_w = circular ? 0 : pw;
  return g;
}

Dims Conv::output_dims(const Dims& in) const {
  const dnn::ConvGeometry g = geometry(in);
  return {in.n, spec_.c_out, g.out_h(), g.out_w()};
}

std::unique_ptr<Context> Conv::make_context() const { return std::make_unique<ConvContext>(); }

void Conv::forward(Runtime& rt, const float* p, const Tensor& x, Tensor& y, Context& ctx) const {
  const Dims in = dims_of(x);
  const dnn::ConvGeometry g = geometry(in);
  ensure(y, output_dims(in));
  const float* bias = spec_.bias ? p + g.weight_size() : nullptr;
  const float* src = x.data();
  if (spec_.padding == Padding::Circular) {
    auto& c = static_cast<ConvContext&>(ctx);
    ensure(c.padded, {g.n, g.c_in, g.h, g.w});
    ops::circular_pad(rt.stream(), x.data(), c.padded.data(), in, g.kh / 2, g.kw / 2);
    src = c.padded.data();
  }
  rt.conv(g).forward(src, p, bias, y.data());
}

void Conv::backward(Runtime& rt, const float* p, const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx, float* dp,
                    Context& ctx) const {
  const Dims in = dims_of(x);
  const dnn::ConvGeometry g = geometry(in);
  dnn::Convolution& conv = rt.conv(g);
  const bool circular = spec_.padding == Padding::Circular;
  auto& c = static_cast<ConvContext&>(ctx);
  const float* src = circular ? c.padded.data() : x.data();
  float* dbias = spec_.bias ? dp + g.weight_size() : nullptr;
  if (!dx) return conv.backward(src, dy.data(), p, nullptr, dp, dbias);
  ensure(*dx, in);
  if (!circular) return conv.backward(src, dy.data(), p, dx->data(), dp, dbias);
  ensure(c.dpadded, {g.n, g.c_in, g.h, g.w});
  conv.backward(src, dy.data(), p, c.dpadded.data(), dp, dbias);
  ops::circular_pad_backward(rt.stream(), c.dpadded.data(), dx->data(), in, g.kh / 2, g.kw / 2);
}

ConvTranspose::ConvTranspose(int rank, int c_in, int c_out, int stride) : rank_(rank), c_in_(c_in), c_out_(c_out), stride_(stride) {
  SIMFORGE_CHECK(rank == 1 || rank == 2, "ConvTranspose: rank must be 1 or 2, got ", rank);
  SIMFORGE_CHECK(c_in >= 1 && c_out >= 1 && stride >= 1, "ConvTranspose: channels and stride must be positive");
}

std::size_t ConvTranspose::parameter_count() const {
  return std::size_t(c_in_) * c_out_ * stride_ * (rank_ == 2 ? stride_ : 1) + c_out_;
}

void ConvTranspose::initialize(float* p, std::uint64_t seed, std::uint32_t tag) const {
  // PyTorch computes fan_in of a transposed convolution from weight dim 1 (c_out) times the kernel.
  const std::size_t fan_in = std::size_t(c_out_) * stride_ * (rank_ == 2 ? stride_ : 1);
  uniform_init(p, parameter_count(), float(1.0 / std::sqrt(double(fan_in))), seed, tag);
}

Dims ConvTranspose::output_dims(const Dims& in) const {
  SIMFORGE_CHECK(in.c == c_in_, "ConvTranspose: input has ", in.c, " channels, the layer expects ", c_in_);
  return {in.n, c_out_, rank_ == 2 ? in.h * stride_ : 1, in.w * stride_};
}

dnn::ConvGeometry ConvTranspose::dual(const Dims& out) const {
  dnn::ConvGeometry g;
  g.n = out.n, g.c_in = c_out_, g.c_out = c_in_, g.h = out.h, g.w = out.w;
  g.kh = g.stride_h = rank_ == 2 ? stride_ : 1;
  g.kw = g.stride_w = stride_;
  return g;
}

void ConvTranspose::forward(Runtime& rt, const float* p, const Tensor& x, Tensor& y, Context&) const {
  const Dims out = output_dims(dims_of(x));
  ensure(y, out);
  const dnn::ConvGeometry g = dual(out);
  rt.conv(g).backward_data(x.data(), p, y.data());
  ops::add_channel_bias(rt.stream(), y.data(), p + g.weight_size(), out);
}

void ConvTranspose::backward(Runtime& rt, const float* p, const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx, float* dp,
                             Context&) const {
  const Dims in = dims_of(x), out = output_dims(in);
  const dnn::ConvGeometry g = dual(out);
  dnn::Convolution& conv = rt.conv(g);
  // Weight gradient of y = conv^T(x): the dual's weight gradient with the roles of x and dy swapped.
  conv.backward_weights(dy.data(), x.data(), dp, nullptr);
  ops::channel_bias_grad(rt.stream(), dy.data(), dp + g.weight_size(), out);
  if (!dx) return;
  ensure(*dx, in);
  conv.forward(dy.data(), p, nullptr, dx->data());
}

}  // namespace simforge::surrogate
