// FFT backend for the CUDA build: cuFFT batched plans (cufftPlanMany) bound to the caller's stream.
#include <cufft.h>

#include "kernels/error.hpp"
#include "kernels/fft.hpp"

namespace simforge {

namespace detail {
void check_fft_dims(const std::vector<int>& dims, std::size_t batch);

const char* cufft_status_name(cufftResult r) {
  switch (r) {
    case CUFFT_SUCCESS: return "CUFFT_SUCCESS";
    case CUFFT_INVALID_PLAN: return "CUFFT_INVALID_PLAN";
    case CUFFT_ALLOC_FAILED: return "CUFFT_ALLOC_FAILED";
    case CUFFT_INVALID_TYPE: return "CUFFT_INVALID_TYPE";
    case CUFFT_INVALID_VALUE: return "CUFFT_INVALID_VALUE";
    case CUFFT_INTERNAL_ERROR: return "CUFFT_INTERNAL_ERROR";
    case CUFFT_EXEC_FAILED: return "CUFFT_EXEC_FAILED";
    case CUFFT_SETUP_FAILED: return "CUFFT_SETUP_FAILED";
    case CUFFT_INVALID_SIZE: return "CUFFT_INVALID_SIZE";
    case CUFFT_UNALIGNED_DATA: return "CUFFT_UNALIGNED_DATA";
    case CUFFT_INVALID_DEVICE: return "CUFFT_INVALID_DEVICE";
    case CUFFT_NO_WORKSPACE: return "CUFFT_NO_WORKSPACE";
    case CUFFT_NOT_IMPLEMENTED: return "CUFFT_NOT_IMPLEMENTED";
    case CUFFT_NOT_SUPPORTED: return "CUFFT_NOT_SUPPORTED";
    default: return "unknown cufftResult";
  }
}
}  // namespace detail

#define SIMFORGE_CUFFT_CHECK(call)                                                          \
  do {                                                                                      \
    cufftResult simforge_r_ = (call);                                                       \
    SIMFORGE_CHECK(simforge_r_ == CUFFT_SUCCESS, #call, " failed: ", detail::cufft_status_name(simforge_r_)); \
  } while (0)

template <class Real>
struct Fft<Real>::Backend {
  cufftHandle fwd = 0, inv = 0;
  bool has_fwd = false, has_inv = false;
  ~Backend() {
    if (has_fwd) cufftDestroy(fwd);
    if (has_inv) cufftDestroy(inv);
  }
};

namespace {
template <class Real>
constexpr bool is_double = sizeof(Real) == 8;
}

template <class Real>
Fft<Real>::Fft(std::vector<int> dims, std::size_t batch, FftKind kind, const Stream& stream, FftOptions)
    : dims_(std::move(dims)), batch_(batch), kind_(kind), impl_(std::make_unique<Backend>()) {
  detail::check_fft_dims(dims_, batch_);
  const int rank = int(dims_.size());
  const cufftType fwd_type = kind_ == FftKind::RealToComplex ? (is_double<Real> ? CUFFT_D2Z : CUFFT_R2C)
                                                             : (is_double<Real> ? CUFFT_Z2Z : CUFFT_C2C);
  const cufftType inv_type = kind_ == FftKind::RealToComplex ? (is_double<Real> ? CUFFT_Z2D : CUFFT_C2R) : fwd_type;
  // Contiguous batches: nullptr embeds mean the default packed layout.
  SIMFORGE_CUFFT_CHECK(cufftPlanMany(&impl_->fwd, rank, dims_.data(), nullptr, 1, 0, nullptr, 1, 0, fwd_type, int(batch_)));
  impl_->has_fwd = true;
  SIMFORGE_CUFFT_CHECK(cufftPlanMany(&impl_->inv, rank, dims_.data(), nullptr, 1, 0, nullptr, 1, 0, inv_type, int(batch_)));
  impl_->has_inv = true;
  auto s = static_cast<cudaStream_t>(stream.native());
  SIMFORGE_CUFFT_CHECK(cufftSetStream(impl_->fwd, s));
  SIMFORGE_CUFFT_CHECK(cufftSetStream(impl_->inv, s));
}

template <class Real>
Fft<Real>::~Fft() = default;
template <class Real>
Fft<Real>::Fft(Fft&&) noexcept = default;
template <class Real>
Fft<Real>& Fft<Real>::operator=(Fft&&) noexcept = default;

template <class Real>
void Fft<Real>::forward(const Real* in, Complex<Real>* out) {
  SIMFORGE_CHECK(kind_ == FftKind::RealToComplex, "FFT: real forward on a complex plan");
  if constexpr (is_double<Real>)
    SIMFORGE_CUFFT_CHECK(cufftExecD2Z(impl_->fwd, const_cast<double*>(in), reinterpret_cast<cufftDoubleComplex*>(out)));
  else
    SIMFORGE_CUFFT_CHECK(cufftExecR2C(impl_->fwd, const_cast<float*>(in), reinterpret_cast<cufftComplex*>(out)));
}

template <class Real>
void Fft<Real>::inverse(Complex<Real>* in, Real* out) {
  SIMFORGE_CHECK(kind_ == FftKind::RealToComplex, "FFT: real inverse on a complex plan");
  if constexpr (is_double<Real>)
    SIMFORGE_CUFFT_CHECK(cufftExecZ2D(impl_->inv, reinterpret_cast<cufftDoubleComplex*>(in), out));
  else
    SIMFORGE_CUFFT_CHECK(cufftExecC2R(impl_->inv, reinterpret_cast<cufftComplex*>(in), out));
}

template <class Real>
void Fft<Real>::forward(Complex<Real>* in, Complex<Real>* out) {
  SIMFORGE_CHECK(kind_ == FftKind::ComplexToComplex, "FFT: complex forward on a real plan");
  if constexpr (is_double<Real>)
    SIMFORGE_CUFFT_CHECK(cufftExecZ2Z(impl_->fwd, reinterpret_cast<cufftDoubleComplex*>(in),
                                      reinterpret_cast<cufftDoubleComplex*>(out), CUFFT_FORWARD));
  else
    SIMFORGE_CUFFT_CHECK(cufftExecC2C(impl_->fwd, reinterpret_cast<cufftComplex*>(in),
                                      reinterpret_cast<cufftComplex*>(out), CUFFT_FORWARD));
}

template <class Real>
void Fft<Real>::inverse(Complex<Real>* in, Complex<Real>* out) {
  SIMFORGE_CHECK(kind_ == FftKind::ComplexToComplex, "FFT: complex inverse on a real plan");
  if constexpr (is_double<Real>)
    SIMFORGE_CUFFT_CHECK(cufftExecZ2Z(impl_->inv, reinterpret_cast<cufftDoubleComplex*>(in),
                                      reinterpret_cast<cufftDoubleComplex*>(out), CUFFT_INVERSE));
  else
    SIMFORGE_CUFFT_CHECK(cufftExecC2C(impl_->inv, reinterpret_cast<cufftComplex*>(in),
                                      reinterpret_cast<cufftComplex*>(out), CUFFT_INVERSE));
}

template class Fft<float>;
template class Fft<double>;

}  // namespace simforge
