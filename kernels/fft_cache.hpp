#pragma once
// FFT plans keyed by batch size: solvers run full batches and one shorter final batch, and a
// plan's batch is fixed (cuFFT), so each distinct batch gets its plan once.
#include <map>
#include <vector>

#include "kernels/fft.hpp"

namespace simforge {

template <class Real>
class FftCache {
 public:
  FftCache(std::vector<int> dims, FftKind kind, const Stream& stream) : dims_(std::move(dims)), kind_(kind), stream_(&stream) {}
  Fft<Real>& get(std::size_t batch) {
    auto it = plans_.find(batch);
    if (it == plans_.end()) it = plans_.emplace(batch, Fft<Real>(dims_, batch, kind_, *stream_)).first;
    return it->second;
  }
  const std::vector<int>& dims() const { return dims_; }

 private:
  std::vector<int> dims_;
  FftKind kind_;
  const Stream* stream_;
  std::map<std::size_t, Fft<Real>> plans_;
};

}  // namespace simforge
