#pragma once
// Activations are dense NCHW float32 device tensors; a 1-D field is the H = 1 case, so every layer
// handles 1-D and 2-D with the same code. Dims carries the four extents as ints.
#include <cstddef>

#include "kernels/buffer.hpp"

namespace simforge::surrogate {

struct Dims {
  int n = 0, c = 0, h = 1, w = 0;
  std::size_t plane() const { return std::size_t(h) * std::size_t(w); }
  std::size_t size() const { return std::size_t(n) * std::size_t(c) * plane(); }
  bool operator==(const Dims&) const = default;
  Shape shape() const { return Shape{std::size_t(n), std::size_t(c), std::size_t(h), std::size_t(w)}; }
  static Dims of(const Shape& s) { return {int(s[0]), int(s[1]), int(s[2]), int(s[3])}; }
};

using Tensor = DeviceBuffer<float>;

inline Dims dims_of(const Tensor& t) { return Dims::of(t.shape()); }

// (Re)allocates `t` only when its extents change: training reuses every buffer step after step.
inline void ensure(Tensor& t, const Dims& d) {
  if (t.shape().rank() != 4 || !(dims_of(t) == d)) t = Tensor(d.shape());
}
template <class T>
void ensure_size(DeviceBuffer<T>& b, std::size_t n) {
  if (b.size() != n) b = DeviceBuffer<T>(n);
}

}  // namespace simforge::surrogate
