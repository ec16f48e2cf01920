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

namespace detail {
void check_fft_dims(const std::vector<int>& dims, std::size_t batch) {
  SIMFORGE_CHECK(!dims.empty() && dims.size() <= 3, "FFT: rank must be 1, 2 or 3, got ", dims.size());
  for (int d : dims) SIMFORGE_CHECK(d >= 1, "FFT: extent must be positive, got ", d);
  SIMFORGE_CHECK(batch >= 1, "FFT: batch must be at least 1");
}
}  // namespace detail

}  // namespace simforge
