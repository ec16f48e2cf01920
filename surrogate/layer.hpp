#pragma once
// The layer abstraction, tiny-cuda-nn's shape: a layer owns no parameters; it reads them from a
// slice of the model's one flat parameter buffer and writes its gradients into the same slice of
// the one flat gradient buffer, so the optimizer is one kernel over one buffer. `forward` fills a
// Context (activations, statistics) that `backward` consumes; contexts are made once per model and
// reused, so a training step allocates nothing once shapes are known.
#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "kernels/dnn.hpp"
#include "kernels/fft_cache.hpp"
#include "surrogate/tensor.hpp"

namespace simforge::surrogate {

// What layers share on one stream: the stream, convolution plans per geometry, FFT plans.
class Runtime {
 public:
  explicit Runtime(const Stream& stream, dnn::DnnOptions options = {}) : stream_(stream), dnn_(stream, options), convs_(dnn_) {}
  const Stream& stream() const { return stream_; }
  dnn::Convolution& conv(const dnn::ConvGeometry& g) { return convs_.get(g); }
  // Real-to-complex plan over `batch` fields of extents `dims`.
  Fft<float>& fft(const std::vector<int>& dims, std::size_t batch) {
    auto it = ffts_.find(dims);
    if (it == ffts_.end()) it = ffts_.emplace(dims, FftCache<float>(dims, FftKind::RealToComplex, stream_)).first;
    return it->second.get(batch);
  }

 private:
  const Stream& stream_;
  dnn::DnnHandle dnn_;
  dnn::ConvolutionCache convs_;
  std::map<std::vector<int>, FftCache<float>> ffts_;
};

// State saved by a forward for its backward. Layers derive their own.
struct Context {
  virtual ~Context() = default;
};

class Layer {
 public:
  virtual ~Layer() = default;
  virtual std::size_t parameter_count() const { return 0; }
  // Writes initial parameters into host memory; (seed, tag) makes each layer's draw distinct.
  virtual void initialize(float* /*params*/, std::uint64_t /*seed*/, std::uint32_t /*tag*/) const {}
  virtual Dims output_dims(const Dims& in) const = 0;
  virtual std::unique_ptr<Context> make_context() const { return std::make_unique<Context>(); }
  // y = f(x); y has output_dims(dims_of(x)).
  virtual void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const = 0;
  // From dy: dx (skipped when null: the input needs no gradient) and the parameter gradients
  // (overwritten) in dparams. x and y are the forward's input and output.
  virtual void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                        float* dparams, Context& ctx) const = 0;
};

using LayerPtr = std::unique_ptr<Layer>;

// Layers applied one after another; keeps every intermediate activation for the backward.
class Sequential : public Layer {
 public:
  Sequential() = default;
  explicit Sequential(std::vector<LayerPtr> layers) : layers_(std::move(layers)) {}
  Sequential& add(LayerPtr l) {
    layers_.push_back(std::move(l));
    return *this;
  }
  std::size_t parameter_count() const override;
  void initialize(float* params, std::uint64_t seed, std::uint32_t tag) const override;
  Dims output_dims(const Dims& in) const override;
  std::unique_ptr<Context> make_context() const override;
  void forward(Runtime& rt, const float* params, const Tensor& x, Tensor& y, Context& ctx) const override;
  void backward(Runtime& rt, const float* params, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx,
                float* dparams, Context& ctx) const override;

 private:
  std::vector<LayerPtr> layers_;
};

}  // namespace simforge::surrogate
