#pragma once
// Initial conditions defined by their Fourier coefficients (random fields with a prescribed
// spectrum on a periodic box). They hand the spectral family their coefficients directly, which
// is exact and skips an FFT round trip; every other family takes their physical values, which
// SpectralFieldCondition computes from the same coefficients by an inverse FFT.
#include <map>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/buffer.hpp"
#include "kernels/fft_cache.hpp"
#include "solvers/initial_condition.hpp"
#include "solvers/spectral/spectral_grid.hpp"

namespace simforge {

template <class Real>
class SpectralInitialCondition {
 public:
  virtual ~SpectralInitialCondition() = default;
  // Spectra [count, fields, modes] on grid g, in the unnormalized forward-FFT convention.
  virtual void spectrum(const InitialConditionRequest& request, const SpectralGrid& g, Complex<Real>* out) = 0;
};

// A spectrally defined condition whose physical values are the inverse FFT of its spectrum on the
// request's grid (which must have even extents: the real-to-complex layout).
template <class Real>
class SpectralFieldCondition : public InitialCondition<Real>, public SpectralInitialCondition<Real> {
 public:
  void physical(const InitialConditionRequest& request, Real* out) override;

 private:
  std::map<std::vector<int>, FftCache<Real>> ffts_;  // per grid extents
  DeviceBuffer<Complex<Real>> spectrum_;
};

extern template class SpectralFieldCondition<float>;
extern template class SpectralFieldCondition<double>;

}  // namespace simforge
