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
#include <omp.h>
#include <thrust/system/omp/execution_policy.h>

#include <vector>
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

// f(i0, i1) over [0,n0) x [0,n1) where each call does `weight` elements' work (a stencil along a
// grid line): the CPU build spreads it over threads when the work, not the call count, is large.
template <class F>
void for_each_weighted(const Stream& s, std::size_t n0, std::size_t n1, std::size_t weight, F f);

#if SIMFORGE_CUDA
// f(i0, i1) over [0,n0) x [0,n1), i1 fastest.
template <class F>
void for_each_index(const Stream& s, std::size_t n0, std::size_t n1, F f) {
  for_each_index(s, n0 * n1, detail::Index2<F>{n1, f});
}
template <class F>
void for_each_weighted(const Stream& s, std::size_t n0, std::size_t n1, std::size_t, F f) {
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
template <class F>
void for_each_weighted(const Stream&, std::size_t n0, std::size_t n1, std::size_t weight, F f) {
#pragma omp parallel firstprivate(f) if (n0 * n1 * weight >= parallel_threshold)
  {
#pragma omp for collapse(2) schedule(static)
    for (std::ptrdiff_t i = 0; i < std::ptrdiff_t(n0); ++i)
      for (std::ptrdiff_t j = 0; j < std::ptrdiff_t(n1); ++j) f(std::size_t(i), std::size_t(j));
  }
}
#endif

// Segmented sums: for each segment s in [0, segments), total(s) = sum over i in [0, length) of
// f(s, i), where T is a small value type with SIMFORGE_HD operator+ and T{} its zero (e.g. Sum2).
//   segmented_reduce:       then out(s, total) once per segment;
//   segmented_reduce_apply: then g(s, i, total) for every i of the segment (normalizations: the
//                           statistics and their use in one pass over the data, no scratch buffer).
// CUDA: one block per segment, threads stride over the segment and combine by a shared-memory tree;
// the order of additions is fixed by (length, block size), so results are run-to-run identical.
// CPU: segments in parallel, each summed in index order.
struct Sum2 {
  double a = 0, b = 0;
  SIMFORGE_HD Sum2 operator+(const Sum2& o) const { return Sum2{a + o.a, b + o.b}; }
};

#if SIMFORGE_CUDA
namespace detail {
inline constexpr int segment_threads = 256;
template <class T, bool Apply, class F, class G>
__global__ void __launch_bounds__(segment_threads) segment_kernel(std::size_t length, F f, G g) {
  __shared__ alignas(16) unsigned char raw[segment_threads * sizeof(T)];
  T* part = reinterpret_cast<T*>(raw);
  const std::size_t seg = blockIdx.x;
  T acc{};
  for (std::size_t i = threadIdx.x; i < length; i += segment_threads) acc = acc + f(seg, i);
  part[threadIdx.x] = acc;
  __syncthreads();
  for (int stride = segment_threads / 2; stride > 0; stride >>= 1) {
    if (int(threadIdx.x) < stride) part[threadIdx.x] = part[threadIdx.x] + part[threadIdx.x + stride];
    __syncthreads();
  }
  const T total = part[0];
  if constexpr (Apply) {
    for (std::size_t i = threadIdx.x; i < length; i += segment_threads) g(seg, i, total);
  } else {
    if (threadIdx.x == 0) g(seg, total);
  }
}
template <class T, bool Apply, class F, class G>
void launch_segments(const Stream& s, std::size_t segments, std::size_t length, F f, G g) {
  if (segments == 0) return;
  segment_kernel<T, Apply><<<unsigned(segments), segment_threads, 0, static_cast<cudaStream_t>(s.native())>>>(length, f, g);
}
}  // namespace detail

template <class T, class F, class Out>
void segmented_reduce(const Stream& s, std::size_t segments, std::size_t length, F f, Out out) {
  detail::launch_segments<T, false>(s, segments, length, f, out);
}
template <class T, class F, class G>
void segmented_reduce_apply(const Stream& s, std::size_t segments, std::size_t length, F f, G g) {
  detail::launch_segments<T, true>(s, segments, length, f, g);
}
#else
template <class T, class F, class Out>
void segmented_reduce(const Stream&, std::size_t segments, std::size_t length, F f, Out out) {
#pragma omp parallel for schedule(static) firstprivate(f, out) if (segments > 1 && segments * length >= parallel_threshold)
  for (std::ptrdiff_t sg = 0; sg < std::ptrdiff_t(segments); ++sg) {
    T acc{};
    for (std::size_t i = 0; i < length; ++i) acc = acc + f(std::size_t(sg), i);
    out(std::size_t(sg), acc);
  }
}
template <class T, class F, class G>
void segmented_reduce_apply(const Stream&, std::size_t segments, std::size_t length, F f, G g) {
#pragma omp parallel for schedule(static) firstprivate(f, g) if (segments > 1 && segments * length >= parallel_threshold)
  for (std::ptrdiff_t sg = 0; sg < std::ptrdiff_t(segments); ++sg) {
    T acc{};
    for (std::size_t i = 0; i < length; ++i) acc = acc + f(std::size_t(sg), i);
    for (std::size_t i = 0; i < length; ++i) g(std::size_t(sg), i, acc);
  }
}
#endif

// op-reduction of f(i) over [0, n), starting from init.
template <class T, class F, class Op>
T transform_reduce_index(const Stream& s, std::size_t n, F f, T init, Op op) {
  if (n == 0) return init;
#if SIMFORGE_CUDA
  return thrust::transform_reduce(detail::sync_policy(s), thrust::counting_iterator<std::size_t>(0),
                                  thrust::counting_iterator<std::size_t>(n), f, init, op);
#else
  // Static blocks, one per thread, combined in block order: the result depends only on the thread
  // count, never on scheduling. (Debian's Thrust 1.17 reduction also trips UBSan in cpu-debug.)
  (void)s;
  const int blocks = n >= parallel_threshold ? omp_get_max_threads() : 1;
  std::vector<T> partial(std::size_t(blocks), init);  // every block is non-empty: blocks <= n
#pragma omp parallel for schedule(static, 1) num_threads(blocks) if (blocks > 1)
  for (int b = 0; b < blocks; ++b) {
    const std::size_t lo = n * std::size_t(b) / std::size_t(blocks), hi = n * std::size_t(b + 1) / std::size_t(blocks);
    T acc = f(lo);
    for (std::size_t i = lo + 1; i < hi; ++i) acc = op(acc, f(i));
    partial[std::size_t(b)] = acc;
  }
  T result = init;
  for (const T& p : partial) result = op(result, p);
  return result;
#endif
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
struct MinOp {
  SIMFORGE_HD T operator()(T a, T b) const { return b < a ? b : a; }
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
