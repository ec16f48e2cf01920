// FFT backend for the CPU build: FFTW3, float (fftwf_) and double (fftw_).
//
// Each plan transforms ONE field and is executed over the batch by OpenMP threads through FFTW's
// new-array interface (thread-safe). Results are therefore bit-for-bit independent of the batch
// size and of how samples are grouped into batches, which is what makes a resumed dataset
// identical to an uninterrupted one. When the batch is smaller than the thread count, a
// multi-threaded FFTW plan transforms each field instead, so single large fields still use every core.
#include <fftw3.h>
#include <omp.h>

#include <mutex>

#include "kernels/error.hpp"
#include "kernels/fft.hpp"

namespace simforge {

namespace detail {
void check_fft_dims(const std::vector<int>& dims, std::size_t batch);

// FFTW's planner is not thread-safe; executing plans is.
std::mutex& fftw_planner_mutex() {
  static std::mutex m;
  return m;
}

unsigned fftw_flags(FftRigour r) {
  switch (r) {
    case FftRigour::Measure: return FFTW_MEASURE;
    case FftRigour::Patient: return FFTW_PATIENT;
    default: return FFTW_ESTIMATE;
  }
}

// One traits struct per precision maps the shared logic onto fftw_ / fftwf_.
template <class Real>
struct Fftw;
#define SIMFORGE_FFTW_TRAITS(REAL, P)                                                            \
  template <>                                                                                    \
  struct Fftw<REAL> {                                                                            \
    using plan = P##_plan;                                                                       \
    using cpx = P##_complex;                                                                     \
    static void* malloc(std::size_t b) { return P##_malloc(b); }                                 \
    static void free(void* p) { P##_free(p); }                                                   \
    static void init_threads() { P##_init_threads(); }                                           \
    static void plan_with_nthreads(int n) { P##_plan_with_nthreads(n); }                         \
    static plan r2c(int r, const int* n, REAL* i, cpx* o, unsigned f) { return P##_plan_dft_r2c(r, n, i, o, f); } \
    static plan c2r(int r, const int* n, cpx* i, REAL* o, unsigned f) { return P##_plan_dft_c2r(r, n, i, o, f); } \
    static plan c2c(int r, const int* n, cpx* i, cpx* o, int s, unsigned f) { return P##_plan_dft(r, n, i, o, s, f); } \
    static void exec_r2c(plan p, REAL* i, cpx* o) { P##_execute_dft_r2c(p, i, o); }             \
    static void exec_c2r(plan p, cpx* i, REAL* o) { P##_execute_dft_c2r(p, i, o); }             \
    static void exec_c2c(plan p, cpx* i, cpx* o) { P##_execute_dft(p, i, o); }                  \
    static void destroy(plan p) { P##_destroy_plan(p); }                                         \
  };
SIMFORGE_FFTW_TRAITS(float, fftwf)
SIMFORGE_FFTW_TRAITS(double, fftw)
#undef SIMFORGE_FFTW_TRAITS
}  // namespace detail

template <class Real>
struct Fft<Real>::Backend {
  using W = detail::Fftw<Real>;
  typename W::plan fwd = nullptr, inv = nullptr;
  std::size_t real_stride = 0, complex_stride = 0;  // elements between consecutive fields
  bool per_field_threads = false;                   // batch < threads: threaded plans, serial batch
  bool small = false;                               // too little work to wake a thread team

  ~Backend() {
    std::lock_guard<std::mutex> lock(detail::fftw_planner_mutex());
    if (fwd) W::destroy(fwd);
    if (inv) W::destroy(inv);
  }

  // Runs op(i) for each field i of the batch, in parallel over fields unless the plans are threaded.
  template <class Op>
  void over_batch(std::size_t batch, Op op) {
    if (per_field_threads) {
      for (std::size_t i = 0; i < batch; ++i) op(i);
    } else {
#pragma omp parallel for schedule(static) if (!small)
      for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(batch); ++i) op(std::size_t(i));
    }
  }
};

template <class Real>
Fft<Real>::Fft(std::vector<int> dims, std::size_t batch, FftKind kind, const Stream&, FftOptions options)
    : dims_(std::move(dims)), batch_(batch), kind_(kind), impl_(std::make_unique<Backend>()) {
  detail::check_fft_dims(dims_, batch_);
  using W = detail::Fftw<Real>;
  const int rank = int(dims_.size());
  impl_->real_stride = kind_ == FftKind::RealToComplex ? real_size() : complex_size();
  impl_->complex_stride = complex_size();
  const int threads = omp_get_max_threads();
  // Small transforms run on one thread: see parallel_threshold in kernels/parallel.hpp.
  impl_->small = batch_ * real_size() < 16384;
  impl_->per_field_threads = batch_ < std::size_t(threads) && real_size() >= 16384;

  // Plan on scratch arrays (MEASURE overwrites them). Strides of whole fields keep every field
  // at the alignment of the first when they are multiples of 64 bytes; otherwise plan unaligned.
  const std::size_t in_bytes = impl_->real_stride * (kind_ == FftKind::RealToComplex ? sizeof(Real) : sizeof(Complex<Real>));
  const std::size_t out_bytes = impl_->complex_stride * sizeof(Complex<Real>);
  unsigned flags = detail::fftw_flags(options.rigour);
  if (in_bytes % 64 || out_bytes % 64) flags |= FFTW_UNALIGNED;

  std::lock_guard<std::mutex> lock(detail::fftw_planner_mutex());
  static std::once_flag threads_ready;
  std::call_once(threads_ready, [] { W::init_threads(); });
  W::plan_with_nthreads(impl_->per_field_threads ? threads : 1);
  void* a = W::malloc(in_bytes);
  void* b = W::malloc(out_bytes);
  SIMFORGE_CHECK(a && b, "FFT: out of memory for planning scratch");
  if (kind_ == FftKind::RealToComplex) {
    impl_->fwd = W::r2c(rank, dims_.data(), static_cast<Real*>(a), static_cast<typename W::cpx*>(b), flags);
    impl_->inv = W::c2r(rank, dims_.data(), static_cast<typename W::cpx*>(b), static_cast<Real*>(a), flags);
  } else {
    impl_->fwd = W::c2c(rank, dims_.data(), static_cast<typename W::cpx*>(a), static_cast<typename W::cpx*>(b), FFTW_FORWARD, flags);
    impl_->inv = W::c2c(rank, dims_.data(), static_cast<typename W::cpx*>(a), static_cast<typename W::cpx*>(b), FFTW_BACKWARD, flags);
  }
  W::free(a);
  W::free(b);
  SIMFORGE_CHECK(impl_->fwd && impl_->inv, "FFTW failed to plan a ", rank, "-D transform of batch ", batch_);
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
  using W = detail::Fftw<Real>;
  auto* o = reinterpret_cast<typename W::cpx*>(out);
  Backend& b = *impl_;
  // FFTW's r2c leaves its input intact for out-of-place plans; the cast only satisfies its API.
  b.over_batch(batch_, [&](std::size_t i) {
    W::exec_r2c(b.fwd, const_cast<Real*>(in) + i * b.real_stride, o + i * b.complex_stride);
  });
}

template <class Real>
void Fft<Real>::inverse(Complex<Real>* in, Real* out) {
  SIMFORGE_CHECK(kind_ == FftKind::RealToComplex, "FFT: real inverse on a complex plan");
  using W = detail::Fftw<Real>;
  auto* i0 = reinterpret_cast<typename W::cpx*>(in);
  Backend& b = *impl_;
  b.over_batch(batch_, [&](std::size_t i) { W::exec_c2r(b.inv, i0 + i * b.complex_stride, out + i * b.real_stride); });
}

template <class Real>
void Fft<Real>::forward(Complex<Real>* in, Complex<Real>* out) {
  SIMFORGE_CHECK(kind_ == FftKind::ComplexToComplex, "FFT: complex forward on a real plan");
  using W = detail::Fftw<Real>;
  auto* a = reinterpret_cast<typename W::cpx*>(in);
  auto* o = reinterpret_cast<typename W::cpx*>(out);
  Backend& b = *impl_;
  b.over_batch(batch_, [&](std::size_t i) { W::exec_c2c(b.fwd, a + i * b.real_stride, o + i * b.complex_stride); });
}

template <class Real>
void Fft<Real>::inverse(Complex<Real>* in, Complex<Real>* out) {
  SIMFORGE_CHECK(kind_ == FftKind::ComplexToComplex, "FFT: complex inverse on a real plan");
  using W = detail::Fftw<Real>;
  auto* a = reinterpret_cast<typename W::cpx*>(in);
  auto* o = reinterpret_cast<typename W::cpx*>(out);
  Backend& b = *impl_;
  b.over_batch(batch_, [&](std::size_t i) { W::exec_c2c(b.inv, a + i * b.complex_stride, o + i * b.real_stride); });
}

template class Fft<float>;
template class Fft<double>;

}  // namespace simforge
