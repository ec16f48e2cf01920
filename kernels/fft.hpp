#pragma once
// Batched FFTs in 1D, 2D and 3D, float and double, behind one interface; the backend is chosen at
// compile time (fft_fftw.cpp: FFTW3; fft_cufft.cu: cuFFT). A plan is made once and executed many
// times; each execute checks that it was given the plan's kind.
//
// Conventions: `dims` are the logical extents, slowest first (e.g. {ny, nx}). Real-to-complex
// transforms halve the last axis: n_complex = prod(dims[:-1]) * (dims[-1]/2 + 1). Transforms are
// unnormalized: inverse(forward(x)) == prod(dims) * x. Batches are contiguous. The inverse
// complex-to-real transform may overwrite its input (both libraries do for multi-D).
#include <cstddef>
#include <memory>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/device.hpp"

namespace simforge {

enum class FftKind { RealToComplex, ComplexToComplex };

// FFTW planner rigour (ignored by cuFFT). ESTIMATE, the default, plans without timing, so the
// chosen algorithm, and therefore every bit of the result, is the same on every run.
enum class FftRigour { Estimate, Measure, Patient };

struct FftOptions {
  FftRigour rigour = FftRigour::Estimate;
};

template <class Real>
class Fft {
 public:
  Fft(std::vector<int> dims, std::size_t batch, FftKind kind, const Stream& stream, FftOptions options = {});
  ~Fft();
  Fft(Fft&&) noexcept;
  Fft& operator=(Fft&&) noexcept;

  // Real-to-complex plans.
  void forward(const Real* in, Complex<Real>* out);
  void inverse(Complex<Real>* in, Real* out);
  // Complex-to-complex plans (out of place).
  void forward(Complex<Real>* in, Complex<Real>* out);
  void inverse(Complex<Real>* in, Complex<Real>* out);

  const std::vector<int>& dims() const { return dims_; }
  std::size_t batch() const { return batch_; }
  FftKind kind() const { return kind_; }
  // Elements of one real transform, and of one complex transform (last axis halved for R2C).
  std::size_t real_size() const {
    std::size_t n = 1;
    for (int d : dims_) n *= std::size_t(d);
    return n;
  }
  std::size_t complex_size() const {
    if (kind_ == FftKind::ComplexToComplex) return real_size();
    return real_size() / std::size_t(dims_.back()) * std::size_t(dims_.back() / 2 + 1);
  }

  struct Backend;  // defined by the backend source

 private:
  std::vector<int> dims_;
  std::size_t batch_;
  FftKind kind_;
  std::unique_ptr<Backend> impl_;
};

// Extents whose prime factors are all <= 7 are fast for both FFT libraries.
bool fft_friendly(int n);

extern template class Fft<float>;
extern template class Fft<double>;

}  // namespace simforge
