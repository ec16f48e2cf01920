#pragma once
// Owning buffers with a shape: DeviceBuffer (device memory; host memory in the CPU build) and
// HostBuffer (pinned in the CUDA build). Copies between them are explicit.
#include <array>
#include <cstddef>
#include <initializer_list>
#include <numeric>
#include <span>
#include <utility>
#include <vector>

#include "kernels/device.hpp"
#include "kernels/error.hpp"

namespace simforge {

// Row-major extents, slowest first, up to six axes.
class Shape {
 public:
  static constexpr int max_rank = 6;
  Shape() = default;
  Shape(std::initializer_list<std::size_t> dims) {
    SIMFORGE_CHECK(dims.size() <= max_rank, "Shape: rank ", dims.size(), " exceeds ", max_rank);
    for (std::size_t d : dims) dims_[rank_++] = d;
  }
  int rank() const { return rank_; }
  std::size_t operator[](int i) const { return dims_[i]; }
  std::size_t size() const {
    std::size_t n = 1;
    for (int i = 0; i < rank_; ++i) n *= dims_[i];
    return rank_ ? n : 0;
  }
  bool operator==(const Shape& o) const {
    if (rank_ != o.rank_) return false;
    for (int i = 0; i < rank_; ++i)
      if (dims_[i] != o.dims_[i]) return false;
    return true;
  }

 private:
  std::array<std::size_t, max_rank> dims_{};
  int rank_ = 0;
};

namespace detail {
struct DeviceAlloc {
  static void* allocate(std::size_t b) { return device::allocate(b); }
  static void release(void* p) { device::release(p); }
};
struct HostAlloc {
  static void* allocate(std::size_t b) { return device::allocate_host(b); }
  static void release(void* p) { device::release_host(p); }
};

template <class T, class Alloc>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(Shape shape) : shape_(shape), size_(shape.size()) {
    if (size_) data_ = static_cast<T*>(Alloc::allocate(size_ * sizeof(T)));
  }
  explicit Buffer(std::size_t n) : Buffer(Shape{n}) {}
  ~Buffer() { Alloc::release(data_); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& o) noexcept { swap(o); }
  Buffer& operator=(Buffer&& o) noexcept {
    Buffer tmp(std::move(o));
    swap(tmp);
    return *this;
  }

  T* data() { return data_; }
  const T* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::size_t bytes() const { return size_ * sizeof(T); }
  const Shape& shape() const { return shape_; }
  bool empty() const { return size_ == 0; }

 private:
  void swap(Buffer& o) noexcept {
    std::swap(data_, o.data_);
    std::swap(size_, o.size_);
    std::swap(shape_, o.shape_);
  }
  Shape shape_;
  std::size_t size_ = 0;
  T* data_ = nullptr;
};
}  // namespace detail

template <class T>
using DeviceBuffer = detail::Buffer<T, detail::DeviceAlloc>;

template <class T>
class HostBuffer : public detail::Buffer<T, detail::HostAlloc> {
 public:
  using detail::Buffer<T, detail::HostAlloc>::Buffer;
  T& operator[](std::size_t i) { return this->data()[i]; }
  const T& operator[](std::size_t i) const { return this->data()[i]; }
  std::span<T> span() { return {this->data(), this->size()}; }
  std::span<const T> span() const { return {this->data(), this->size()}; }
};

// Explicit copies; the element counts must agree. Asynchronous on the stream in the CUDA build.
template <class T>
void copy(DeviceBuffer<T>& dst, const HostBuffer<T>& src, const Stream& s) {
  SIMFORGE_CHECK(dst.size() == src.size(), "copy: size mismatch ", dst.size(), " vs ", src.size());
  device::copy(dst.data(), src.data(), src.bytes(), CopyKind::HostToDevice, s);
}
template <class T>
void copy(HostBuffer<T>& dst, const DeviceBuffer<T>& src, const Stream& s) {
  SIMFORGE_CHECK(dst.size() == src.size(), "copy: size mismatch ", dst.size(), " vs ", src.size());
  device::copy(dst.data(), src.data(), src.bytes(), CopyKind::DeviceToHost, s);
}
template <class T>
void copy(DeviceBuffer<T>& dst, const DeviceBuffer<T>& src, const Stream& s) {
  SIMFORGE_CHECK(dst.size() == src.size(), "copy: size mismatch ", dst.size(), " vs ", src.size());
  device::copy(dst.data(), src.data(), src.bytes(), CopyKind::DeviceToDevice, s);
}
// Raw element-range copies, for slices of batched buffers.
template <class T>
void copy_n(T* dst, const T* src, std::size_t n, CopyKind kind, const Stream& s) {
  device::copy(dst, src, n * sizeof(T), kind, s);
}

// Convenience: upload a host vector / download to a new host buffer (synchronous).
template <class T>
DeviceBuffer<T> to_device(std::span<const T> host, const Stream& s) {
  DeviceBuffer<T> d(host.size());
  if (!host.empty()) device::copy(d.data(), host.data(), host.size_bytes(), CopyKind::HostToDevice, s);
  s.synchronize();
  return d;
}
template <class T>
HostBuffer<T> to_host(const DeviceBuffer<T>& d, const Stream& s) {
  HostBuffer<T> h(d.shape().rank() ? d.shape() : Shape{d.size()});
  if (d.size()) copy(h, d, s);
  s.synchronize();
  return h;
}

template <class T>
std::vector<T> to_host_span(const T* device_ptr, std::size_t n, const Stream& s) {
  std::vector<T> h(n);
  if (n) device::copy(h.data(), device_ptr, n * sizeof(T), CopyKind::DeviceToHost, s);
  s.synchronize();
  return h;
}

}  // namespace simforge
