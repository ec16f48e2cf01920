#pragma once
// The execution layer: Thrust algorithms over index ranges, on the CUDA system (explicit stream)
// in the CUDA build and on the OpenMP system in the CPU build. Kernel bodies are host-device
// functors written once. Include only from device sources (see simforge_device_sources).
#include <thrust/functional.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/iterator/transform_iterator.h>
#include <thrust/transform_reduce.h>
#include <thrust/for_each.h>

#include <cstddef>

#include "kernels/backend.hpp"
#include "kernels/device.hpp"

#if SIMFORGE_CUDA
#if !defined(__CUDACC__)
#error "kernels/parallel.hpp must be compiled by nvcc in the CUDA build (simforge_device_sources)"
#endif
#include <thrust/system/cuda/execution_policy.h>
#else
#include <thrust/system/omp/execution_policy.h>
#endif

namespace simforge {

namespace detail {
#if SIMFORGE_CUDA
// Launches stay asynchronous on the stream; reductions synchronize because they return a value.
inline auto async_policy(const Stream& s) {
  return thrust::cuda::par_nosync.on(static_cast<cudaStream_t>(s.native()));
}
inline auto sync_policy(const Stream& s) { return thrust::cuda::par.on(static_cast<cudaStream_t>(s.native())); }
#else
inline auto async_policy(const Stream&) { return thrust::omp::par; }
inline auto sync_policy(const Stream&) { return thrust::omp::par; }
#endif
}  // namespace detail

#if !SIMFORGE_CUDA
// Below this many elements a CPU kernel runs on one thread: waking a team costs more than the
// work, and with several processes sharing the cores (ctest -j) a team waits on descheduled threads.
inline constexpr std::size_t parallel_threshold = 16384;
#endif

// f(i) for i in [0, n).
template <class F>
void for_each_index(const Stream& s, std::size_t n, F f) {
  if (n == 0) return;
#if SIMFORGE_CUDA
  thrust::for_each_n(detail::async_policy(s), thrust::counting_iterator<std::size_t>(0), n, f);
#else
  (void)s;
#pragma omp parallel for schedule(static) firstprivate(f) if (n >= parallel_threshold)
  for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n); ++i) f(std::size_t(i));
#endif
}

namespace detail {
template <class F>
struct Index2 {
  std::size_t n1;
  F f;
  SIMFORGE_HD void operator()(std::size_t i) const {
    if (i < 0xffffffffu && n1 < 0xffffffffu) {  // 32-bit division is several times faster
      const unsigned j = unsigned(i), m = unsigned(n1);
      f(std::size_t(j / m), std::size_t(j % m));
    } else {
      f(i / n1, i % n1);
    }
  }
};
template <class F>
struct Index3 {
  std::size_t n1, n2;
  F f;
  SIMFORGE_HD void operator()(std::size_t i) const { f(i / (n1 * n2), (i / n2) % n1, i % n2); }
};
}  // namespace detail

#if SIMFORGE_CUDA
// f(i0, i1) over [0,n0) x [0,n1), i1 fastest.
template <class F>
void for_each_index(const Stream& s, std::size_t n0, std::size_t n1, F f) {
  for_each_index(s, n0 * n1, detail::Index2<F>{n1, f});
}
// f(i0, i1, i2) over [0,n0) x [0,n1) x [0,n2), i2 fastest.
template <class F>
void for_each_index(const Stream& s, std::size_t n0, std::size_t n1, std::size_t n2, F f) {
  for_each_index(s, n0 * n1 * n2, detail::Index3<F>{n1, n2, f});
}
#else
// On the CPU, nested loops: no index division per element, and the innermost loop vectorizes.
// Each thread works on its own copy of the functor: a shared one would be re-read from memory
// after every store, since the compiler cannot rule out that the outputs alias it.
template <class F>
void for_each_index(const Stream&, std::size_t n0, std::size_t n1, F f) {
#pragma omp parallel firstprivate(f) if (n0 * n1 >= parallel_threshold)
  {
#pragma omp for collapse(2) schedule(static)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n0); ++i)
      for (std::ptrdiff_t j = 0; j < std::ptrdiff_t(n1); ++j) f(std::size_t(i), std::size_t(j));
  }
}
template <class F>
void for_each_index(const Stream&, std::size_t n0, std::size_t n1, std::size_t n2, F f) {
#pragma omp parallel firstprivate(f) if (n0 * n1 * n2 >= parallel_threshold)
  {
#pragma omp for collapse(2) schedule(static)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n0); ++i)
      for (std::ptrdiff_t j = 0; j < std::ptrdiff_t(n1); ++j)
        for (std::size_t k = 0; k < n2; ++k) f(std::size_t(i), std::size_t(j), k);
  }
}
#endif

// op-reduction of f(i) over [0, n), starting from init.
template <class T, class F, class Op>
T transform_reduce_index(const Stream& s, std::size_t n, F f, T init, Op op) {
  if (n == 0) return init;
  return thrust::transform_reduce(detail::sync_policy(s), thrust::counting_iterator<std::size_t>(0),
                                  thrust::counting_iterator<std::size_t>(n), f, init, op);
}

namespace detail {
template <class T>
struct Read {
  const T* p;
  SIMFORGE_HD T operator()(std::size_t i) const { return p[i]; }
};
template <class T>
struct AbsRead {
  const T* p;
  SIMFORGE_HD T operator()(std::size_t i) const { return p[i] < T(0) ? -p[i] : p[i]; }
};
template <class T>
struct SquareRead {
  const T* p;
  SIMFORGE_HD double operator()(std::size_t i) const { return double(p[i]) * double(p[i]); }
};
template <class T>
struct MaxOp {
  SIMFORGE_HD T operator()(T a, T b) const { return a < b ? b : a; }
};
template <class T>
struct FillOp {
  T* p;
  T v;
  SIMFORGE_HD void operator()(std::size_t i) const { p[i] = v; }
};
}  // namespace detail

template <class T>
double sum(const Stream& s, const T* p, std::size_t n) {
  return transform_reduce_index(s, n, detail::Read<T>{p}, double(0), thrust::plus<double>());
}
template <class T>
T max_abs(const Stream& s, const T* p, std::size_t n) {
  return transform_reduce_index(s, n, detail::AbsRead<T>{p}, T(0), detail::MaxOp<T>());
}
template <class T>
double l2_norm_squared(const Stream& s, const T* p, std::size_t n) {
  return transform_reduce_index(s, n, detail::SquareRead<T>{p}, 0.0, thrust::plus<double>());
}
template <class T>
void fill(const Stream& s, T* p, std::size_t n, T value) {
  for_each_index(s, n, detail::FillOp<T>{p, value});
}

}  // namespace simforge
