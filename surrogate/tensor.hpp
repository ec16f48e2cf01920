#pragma once
// Activations are dense NCHW device tensors that carry their element type; a 1-D field is the
// H = 1 case, so every layer handles 1-D and 2-D with the same code. Dims carries the four
// extents as ints. The layers compute in float32 today; a tensor of another dtype is storage for
// reduced-precision compute (bf16) and is read through raw(), never through data().
#include <cstddef>

#include "kernels/buffer.hpp"
#include "kernels/error.hpp"

namespace simforge::surrogate {

enum class DType { Float32, BFloat16 };

constexpr std::size_t dtype_size(DType t) { return t == DType::Float32 ? 4 : 2; }
constexpr const char* dtype_name(DType t) { return t == DType::Float32 ? "float32" : "bfloat16"; }

struct Dims {
  int n = 0, c = 0, h = 1, w = 0;
  std::size_t plane() const { return std::size_t(h) * std::size_t(w); }
  std::size_t size() const { return std::size_t(n) * std::size_t(c) * plane(); }
  bool operator==(const Dims&) const = default;
  Shape shape() const { return Shape{std::size_t(n), std::size_t(c), std::size_t(h), std::size_t(w)}; }
  static Dims of(const Shape& s) { return {int(s[0]), int(s[1]), int(s[2]), int(s[3])}; }
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape shape, DType dtype = DType::Float32)
      : storage_(Shape{shape.size() * dtype_size(dtype)}), shape_(shape), dtype_(dtype) {}

  DType dtype() const { return dtype_; }
  const Shape& shape() const { return shape_; }
  std::size_t size() const { return shape_.size(); }  // elements
  std::size_t bytes() const { return storage_.size(); }
  bool empty() const { return size() == 0; }

  // The elements of a float32 tensor.
  float* data() { return static_cast<float*>(typed(DType::Float32)); }
  const float* data() const { return static_cast<const float*>(const_cast<Tensor*>(this)->typed(DType::Float32)); }
  void* raw() { return storage_.data(); }
  const void* raw() const { return storage_.data(); }

 private:
  void* typed(DType t) {
    SIMFORGE_CHECK(dtype_ == t, "tensor: ", dtype_name(dtype_), " storage read as ", dtype_name(t));
    return storage_.data();
  }
  DeviceBuffer<std::byte> storage_;
  Shape shape_;
  DType dtype_ = DType::Float32;
};

inline Dims dims_of(const Tensor& t) { return Dims::of(t.shape()); }

// (Re)allocates `t` only when its extents or dtype change: training reuses every buffer step after step.
inline void ensure(Tensor& t, const Dims& d, DType dtype = DType::Float32) {
  if (t.shape().rank() != 4 || !(dims_of(t) == d) || t.dtype() != dtype) t = Tensor(d.shape(), dtype);
}
template <class T>
void ensure_size(DeviceBuffer<T>& b, std::size_t n) {
  if (b.size() != n) b = DeviceBuffer<T>(n);
}

}  // namespace simforge::surrogate
