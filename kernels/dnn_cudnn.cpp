// Convolution backend for the CUDA build: cuDNN 9.
//
// API choice: this uses cuDNN's legacy convolution API (cudnnConvolutionForward and friends),
// which cuDNN 9.19 still ships and supports but marks deprecated, rather than the graph/backend
// API. Reasons: (1) the graph API is only practical through NVIDIA's header-only cudnn-frontend,
// which is not packaged for Debian or the CUDA toolkit, and the raw backend descriptors would
// triple this file; (2) our needs are plain fp32/TF32 NCHW convolutions with per-shape algorithm
// caching, which the legacy API covers fully, with heuristics (cudnnGet*_v7) that need no
// benchmarking and can be restricted to deterministic algorithms. The interface in dnn.hpp hides
// the choice: moving to the graph API (for fused conv+bias+activation or bf16) changes only this
// file. The deprecation warnings stay off because CUDNN_WARN_DEPRECATED is not defined.
#include <cudnn.h>

#include <algorithm>
#include <vector>

#include "kernels/cuda_check.hpp"
#include "kernels/buffer.hpp"
#include "kernels/dnn.hpp"

#define SIMFORGE_CUDNN_CHECK(call)                                                                    \
  do {                                                                                                \
    cudnnStatus_t simforge_status_ = (call);                                                          \
    SIMFORGE_CHECK(simforge_status_ == CUDNN_STATUS_SUCCESS, #call, " failed: ", cudnnGetErrorString(simforge_status_)); \
  } while (0)

namespace simforge::dnn {

struct DnnHandle::Backend {
  cudnnHandle_t handle = nullptr;
  ~Backend() {
    if (handle) cudnnDestroy(handle);
  }
};

DnnHandle::DnnHandle(const Stream& stream, DnnOptions options)
    : stream_(&stream), options_(options), impl_(std::make_unique<Backend>()) {
  SIMFORGE_CUDNN_CHECK(cudnnCreate(&impl_->handle));
  SIMFORGE_CUDNN_CHECK(cudnnSetStream(impl_->handle, static_cast<cudaStream_t>(stream.native())));
}
DnnHandle::~DnnHandle() = default;

namespace {
// Workspace ceiling per convolution: algorithms that want more are skipped.
constexpr std::size_t max_workspace = std::size_t(256) << 20;

template <class Perf>
Perf pick(const std::vector<Perf>& perfs, int count, bool deterministic, const char* what) {
  for (int i = 0; i < count; ++i) {
    const Perf& p = perfs[i];
    if (p.status != CUDNN_STATUS_SUCCESS || p.memory > max_workspace) continue;
    if (deterministic && p.determinism != CUDNN_DETERMINISTIC) continue;
    return p;  // heuristics list the expected-fastest first
  }
  SIMFORGE_FAIL("cuDNN: no usable ", what, " algorithm", deterministic ? " (deterministic mode)" : "");
}
}  // namespace

struct Convolution::Backend {
  cudnnHandle_t handle = nullptr;
  cudnnTensorDescriptor_t x = nullptr, y = nullptr, bias = nullptr;
  cudnnFilterDescriptor_t w = nullptr;
  cudnnConvolutionDescriptor_t conv = nullptr;
  cudnnConvolutionFwdAlgo_t fwd_algo{};
  cudnnConvolutionBwdDataAlgo_t data_algo{};
  cudnnConvolutionBwdFilterAlgo_t filter_algo{};
  DeviceBuffer<unsigned char> workspace;

  ~Backend() {
    if (x) cudnnDestroyTensorDescriptor(x);
    if (y) cudnnDestroyTensorDescriptor(y);
    if (bias) cudnnDestroyTensorDescriptor(bias);
    if (w) cudnnDestroyFilterDescriptor(w);
    if (conv) cudnnDestroyConvolutionDescriptor(conv);
  }
};

Convolution::Convolution(const DnnHandle& handle, const ConvGeometry& g) : g_(g), impl_(std::make_unique<Backend>()) {
  g.validate();
  Backend& b = *impl_;
  b.handle = handle.backend().handle;
  SIMFORGE_CUDNN_CHECK(cudnnCreateTensorDescriptor(&b.x));
  SIMFORGE_CUDNN_CHECK(cudnnCreateTensorDescriptor(&b.y));
  SIMFORGE_CUDNN_CHECK(cudnnCreateTensorDescriptor(&b.bias));
  SIMFORGE_CUDNN_CHECK(cudnnCreateFilterDescriptor(&b.w));
  SIMFORGE_CUDNN_CHECK(cudnnCreateConvolutionDescriptor(&b.conv));
  SIMFORGE_CUDNN_CHECK(cudnnSetTensor4dDescriptor(b.x, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.n, g.c_in, g.h, g.w));
  SIMFORGE_CUDNN_CHECK(cudnnSetTensor4dDescriptor(b.y, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, g.n, g.c_out, g.out_h(), g.out_w()));
  SIMFORGE_CUDNN_CHECK(cudnnSetTensor4dDescriptor(b.bias, CUDNN_TENSOR_NCHW, CUDNN_DATA_FLOAT, 1, g.c_out, 1, 1));
  SIMFORGE_CUDNN_CHECK(cudnnSetFilter4dDescriptor(b.w, CUDNN_DATA_FLOAT, CUDNN_TENSOR_NCHW, g.c_out, g.c_in, g.kh, g.kw));
  SIMFORGE_CUDNN_CHECK(cudnnSetConvolution2dDescriptor(b.conv, g.pad_h, g.pad_w, g.stride_h, g.stride_w, 1, 1,
                                                       CUDNN_CROSS_CORRELATION, CUDNN_DATA_FLOAT));
  // FMA math forbids tensor cores (exact fp32); tensor-op math on float data means TF32.
  const bool tf32 = handle.options().math == MathMode::Tf32;
  SIMFORGE_CUDNN_CHECK(cudnnSetConvolutionMathType(b.conv, tf32 ? CUDNN_TENSOR_OP_MATH : CUDNN_FMA_MATH));

  const bool det = handle.options().deterministic;
  int count = 0;
  std::vector<cudnnConvolutionFwdAlgoPerf_t> fwd(CUDNN_CONVOLUTION_FWD_ALGO_COUNT);
  SIMFORGE_CUDNN_CHECK(cudnnGetConvolutionForwardAlgorithm_v7(b.handle, b.x, b.w, b.conv, b.y, int(fwd.size()), &count, fwd.data()));
  const auto f = pick(fwd, count, det, "forward");
  std::vector<cudnnConvolutionBwdDataAlgoPerf_t> data(CUDNN_CONVOLUTION_BWD_DATA_ALGO_COUNT);
  SIMFORGE_CUDNN_CHECK(
      cudnnGetConvolutionBackwardDataAlgorithm_v7(b.handle, b.w, b.y, b.conv, b.x, int(data.size()), &count, data.data()));
  const auto d = pick(data, count, det, "backward-data");
  std::vector<cudnnConvolutionBwdFilterAlgoPerf_t> filt(CUDNN_CONVOLUTION_BWD_FILTER_ALGO_COUNT);
  SIMFORGE_CUDNN_CHECK(
      cudnnGetConvolutionBackwardFilterAlgorithm_v7(b.handle, b.x, b.y, b.conv, b.w, int(filt.size()), &count, filt.data()));
  const auto w = pick(filt, count, det, "backward-filter");
  b.fwd_algo = f.algo;
  b.data_algo = d.algo;
  b.filter_algo = w.algo;
  b.workspace = DeviceBuffer<unsigned char>(std::max<std::size_t>({f.memory, d.memory, w.memory, 1}));
}

Convolution::~Convolution() = default;
Convolution::Convolution(Convolution&&) noexcept = default;
Convolution& Convolution::operator=(Convolution&&) noexcept = default;

void Convolution::forward(const float* x, const float* w, const float* bias, float* y) {
  Backend& b = *impl_;
  const float one = 1, zero = 0;
  SIMFORGE_CUDNN_CHECK(cudnnConvolutionForward(b.handle, &one, b.x, x, b.w, w, b.conv, b.fwd_algo, b.workspace.data(),
                                               b.workspace.size(), &zero, b.y, y));
  if (bias) SIMFORGE_CUDNN_CHECK(cudnnAddTensor(b.handle, &one, b.bias, bias, &one, b.y, y));
}

void Convolution::backward_data(const float* dy, const float* w, float* dx) {
  Backend& b = *impl_;
  const float one = 1, zero = 0;
  SIMFORGE_CUDNN_CHECK(cudnnConvolutionBackwardData(b.handle, &one, b.w, w, b.y, dy, b.conv, b.data_algo, b.workspace.data(),
                                                    b.workspace.size(), &zero, b.x, dx));
}

void Convolution::backward_weights(const float* x, const float* dy, float* dw, float* dbias) {
  Backend& b = *impl_;
  const float one = 1, zero = 0;
  SIMFORGE_CUDNN_CHECK(cudnnConvolutionBackwardFilter(b.handle, &one, b.x, x, b.y, dy, b.conv, b.filter_algo, b.workspace.data(),
                                                      b.workspace.size(), &zero, b.w, dw));
  if (dbias) SIMFORGE_CUDNN_CHECK(cudnnConvolutionBackwardBias(b.handle, &one, b.y, dy, &zero, b.bias, dbias));
}

void Convolution::backward(const float* x, const float* dy, const float* w, float* dx, float* dw, float* dbias) {
  if (dx) backward_data(dy, w, dx);
  backward_weights(x, dy, dw, dbias);
}

}  // namespace simforge::dnn
