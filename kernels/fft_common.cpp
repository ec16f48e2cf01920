// Backend-independent parts of the FFT interface.
#include "kernels/error.hpp"
#include "kernels/fft.hpp"

namespace simforge {

bool fft_friendly(int n) {
  if (n < 1) return false;
  for (int p : {2, 3, 5, 7})
    while (n % p == 0) n /= p;
  return n == 1;
}

template <class Real>
std::size_t Fft<Real>::real_size() const {
  std::size_t n = 1;
  for (int d : dims_) n *= std::size_t(d);
  return n;
}

template <class Real>
std::size_t Fft<Real>::complex_size() const {
  if (kind_ == FftKind::ComplexToComplex) return real_size();
  std::size_t n = std::size_t(dims_.back() / 2 + 1);
  for (std::size_t i = 0; i + 1 < dims_.size(); ++i) n *= std::size_t(dims_[i]);
  return n;
}

namespace detail {
void check_fft_dims(const std::vector<int>& dims, std::size_t batch) {
  SIMFORGE_CHECK(!dims.empty() && dims.size() <= 3, "FFT: rank must be 1, 2 or 3, got ", dims.size());
  for (int d : dims) SIMFORGE_CHECK(d >= 1, "FFT: extent must be positive, got ", d);
  SIMFORGE_CHECK(batch >= 1, "FFT: batch must be at least 1");
}
}  // namespace detail

}  // namespace simforge
