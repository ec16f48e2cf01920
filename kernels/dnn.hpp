#pragma once
// Convolution primitives behind one interface; the backend is chosen at compile time
// (dnn_onednn.cpp: oneDNN on the CPU; dnn_cudnn.cpp: cuDNN 9 on the GPU). Tensors are dense
// row-major NCHW float32 in device memory; a 1-D convolution is the H = 1, kh = 1 case.
//
// The operation is PyTorch's Conv2d (a cross-correlation with zero padding):
//   y[n,o,i,j] = bias[o] + sum_{c,a,b} w[o,c,a,b] * x[n, c, i*sh + a - ph, j*sw + b - pw]
// A transposed convolution is backward_data of the convolution that maps its output to its input,
// so up-sampling layers need no separate primitive. Circular padding is done by the caller (pad
// the input periodically, convolve with zero padding 0).
//
// Each Convolution is planned once for one geometry (algorithm, memory layouts, workspace) and
// executed many times; ConvolutionCache keeps one per geometry.
#include <array>
#include <cstddef>
#include <map>
#include <memory>

#include "kernels/device.hpp"
#include "kernels/error.hpp"

namespace simforge::dnn {

struct ConvGeometry {
  int n = 1, c_in = 1, c_out = 1, h = 1, w = 1;  // input extents
  int kh = 1, kw = 1;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;                      // zero padding on both sides

  int out_h() const { return (h + 2 * pad_h - kh) / stride_h + 1; }
  int out_w() const { return (w + 2 * pad_w - kw) / stride_w + 1; }
  std::size_t input_size() const { return std::size_t(n) * c_in * h * w; }
  std::size_t output_size() const { return std::size_t(n) * c_out * out_h() * out_w(); }
  std::size_t weight_size() const { return std::size_t(c_out) * c_in * kh * kw; }
  std::array<int, 11> key() const { return {n, c_in, c_out, h, w, kh, kw, stride_h, stride_w, pad_h, pad_w}; }
  bool operator<(const ConvGeometry& o) const { return key() < o.key(); }
  void validate() const;  // throws simforge::Error naming the bad extent
};

inline void ConvGeometry::validate() const {
  SIMFORGE_CHECK(n >= 1 && c_in >= 1 && c_out >= 1 && h >= 1 && w >= 1, "convolution: extents must be positive (n ", n,
                 ", c_in ", c_in, ", c_out ", c_out, ", h ", h, ", w ", w, ")");
  SIMFORGE_CHECK(kh >= 1 && kw >= 1 && stride_h >= 1 && stride_w >= 1 && pad_h >= 0 && pad_w >= 0,
                 "convolution: kernel, stride and padding must be positive");
  SIMFORGE_CHECK(out_h() >= 1 && out_w() >= 1, "convolution: kernel ", kh, "x", kw, " larger than the padded input ", h, "x", w);
}


// Arithmetic of the GPU convolutions: exact fp32, or TF32 tensor cores (10-bit mantissa inputs,
// fp32 accumulation). The CPU backend always computes in fp32.
enum class MathMode { Fp32, Tf32 };

struct DnnOptions {
  MathMode math = MathMode::Fp32;
  bool deterministic = true;  // only algorithms whose results do not depend on scheduling
};

// The backend's per-stream state (cuDNN handle bound to the stream; oneDNN engine and stream).
class DnnHandle {
 public:
  DnnHandle(const Stream& stream, DnnOptions options = {});
  ~DnnHandle();
  DnnHandle(const DnnHandle&) = delete;
  DnnHandle& operator=(const DnnHandle&) = delete;
  const DnnOptions& options() const { return options_; }
  const Stream& stream() const { return *stream_; }
  struct Backend;
  Backend& backend() const { return *impl_; }

 private:
  const Stream* stream_;
  DnnOptions options_;
  std::unique_ptr<Backend> impl_;
};

class Convolution {
 public:
  Convolution(const DnnHandle& handle, const ConvGeometry& g);
  ~Convolution();
  Convolution(Convolution&&) noexcept;
  Convolution& operator=(Convolution&&) noexcept;

  const ConvGeometry& geometry() const { return g_; }
  // y = conv(x, w) + bias; bias may be null.
  void forward(const float* x, const float* w, const float* bias, float* y);
  // dx = conv^T(dy, w) (overwrites dx).
  void backward_data(const float* dy, const float* w, float* dx);
  // dw = sum_n x (*) dy, dbias = sum_{n,i,j} dy (both overwritten; dbias may be null).
  void backward_weights(const float* x, const float* dy, float* dw, float* dbias);
  // Both: dx (skipped when null), dw and dbias, sharing work between them. x must be the input of
  // the last forward() and unchanged since (what a layer's backward has anyway).
  void backward(const float* x, const float* dy, const float* w, float* dx, float* dw, float* dbias);

  struct Backend;

 private:
  ConvGeometry g_;
  std::unique_ptr<Backend> impl_;
};

class ConvolutionCache {
 public:
  explicit ConvolutionCache(const DnnHandle& handle) : handle_(&handle) {}
  Convolution& get(const ConvGeometry& g) {
    auto it = plans_.find(g);
    if (it == plans_.end()) it = plans_.emplace(g, Convolution(*handle_, g)).first;
    return it->second;
  }
  const DnnHandle& handle() const { return *handle_; }

 private:
  const DnnHandle* handle_;
  std::map<ConvGeometry, Convolution> plans_;
};

}  // namespace simforge::dnn
