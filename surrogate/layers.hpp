#pragma once
// The surrogate layers. Each has a plain CPU reference in reference.hpp that the tests use as the
// oracle. Parameter layouts follow PyTorch's, so weights can be compared with (and copied from)
// torch modules: Conv [c_out, c_in, kh, kw] then bias [c_out]; ConvTranspose [c_in, c_out, k, k]
// then bias; GroupNorm gamma [c] then beta [c]; SpectralConv complex [c_in, c_out, rows, m2].
#include "surrogate/layer.hpp"
#include "surrogate/ops.hpp"

namespace simforge::surrogate {

enum class Padding { Zero, Circular };

struct ConvSpec {
  int rank = 2;  // 1: kernels along x only (H = 1)
  int c_in = 1, c_out = 1;
  int kernel = 3;  // odd for stride 1 ("same" output size)
  int stride = 1;
  Padding padding = Padding::Zero;
  bool bias = true;
};

// Convolution with "same" padding (kernel / 2 each side; zero or periodic), optional stride.
class Conv : public Layer {
 public:
  explicit Conv(ConvSpec spec);
  std::size_t parameter_count() const override;
  void initialize(float* params, std::uint64_t seed, std::uint32_t tag) const override;
  Dims output_dims(const Dims& in) const override;
  std::unique_ptr<Context> make_context() const override;
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;
  const ConvSpec& spec() const { return spec_; }

 private:
  dnn::ConvGeometry geometry(const Dims& in) const;
  ConvSpec spec_;
};

// Transposed convolution with kernel == stride (non-overlapping up-sampling, as PDEArena's
// U-Net): out = in * stride. Runs as the backward-data of the matching strided convolution.
class ConvTranspose : public Layer {
 public:
  ConvTranspose(int rank, int c_in, int c_out, int stride);
  std::size_t parameter_count() const override;
  void initialize(float* params, std::uint64_t seed, std::uint32_t tag) const override;
  Dims output_dims(const Dims& in) const override;
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;

 private:
  dnn::ConvGeometry dual(const Dims& out) const;  // the convolution from our output to our input
  int rank_, c_in_, c_out_, stride_;
};

class GroupNorm : public Layer {
 public:
  GroupNorm(int channels, int groups, float eps = 1e-5f) : c_(channels), groups_(groups), eps_(eps) {}
  std::size_t parameter_count() const override { return 2 * std::size_t(c_); }
  void initialize(float* params, std::uint64_t seed, std::uint32_t tag) const override;
  Dims output_dims(const Dims& in) const override { return in; }
  std::unique_ptr<Context> make_context() const override;
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;

 private:
  int c_, groups_;
  float eps_;
};

class Activation : public Layer {
 public:
  explicit Activation(ops::Activation kind) : kind_(kind) {}
  Dims output_dims(const Dims& in) const override { return in; }
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;

 private:
  ops::Activation kind_;
};

// 2x2 average pooling (2 along x for 1-D fields).
class AvgPool : public Layer {
 public:
  Dims output_dims(const Dims& in) const override { return {in.n, in.c, in.h == 1 ? 1 : in.h / 2, in.w / 2}; }
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;
};

// FNO spectral convolution: rfft -> keep the lowest modes (rows [0, m1) and [H - m1, H) in 2-D,
// columns [0, m2)) -> complex channel mixing -> inverse rfft. The zero-frequency column is made
// Hermitian before the inverse, which is what irfft2 computes and keeps cuFFT/FFTW well defined.
class SpectralConv : public Layer {
 public:
  SpectralConv(int rank, int c_in, int c_out, int modes_h, int modes_w);
  std::size_t parameter_count() const override;
  void initialize(float* params, std::uint64_t seed, std::uint32_t tag) const override;
  Dims output_dims(const Dims& in) const override { return {in.n, c_out_, in.h, in.w}; }
  std::unique_ptr<Context> make_context() const override;
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;
  int rows() const { return rank_ == 1 ? 1 : 2 * m1_; }

 private:
  void check(const Dims& in) const;
  int rank_, c_in_, c_out_, m1_, m2_;
};

// One FNO layer: y = act(SpectralConv(x) + Conv1x1(x)).
class FnoBlock : public Layer {
 public:
  FnoBlock(int rank, int width, int modes_h, int modes_w, ops::Activation act);
  std::size_t parameter_count() const override { return spectral_.parameter_count() + pointwise_.parameter_count(); }
  void initialize(float* params, std::uint64_t seed, std::uint32_t tag) const override;
  Dims output_dims(const Dims& in) const override { return in; }
  std::unique_ptr<Context> make_context() const override;
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;

 private:
  SpectralConv spectral_;
  Conv pointwise_;
  ops::Activation act_;
};

// PyTorch's default initialization of conv weights and biases: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
void uniform_init(float* p, std::size_t n, float bound, std::uint64_t seed, std::uint32_t tag);

}  // namespace simforge::surrogate
