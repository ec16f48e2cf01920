#pragma once
// The one place that names the backend. Everything above kernels/ includes this, never a CUDA
// header, so that the CPU build needs no CUDA toolkit.
#include <thrust/complex.h>

#if defined(__CUDACC__)
#define SIMFORGE_HD __host__ __device__
#else
#define SIMFORGE_HD
#endif

// For the small functions of a hot kernel (a Riemann solver, a ghost-cell lookup) that the
// compiler would otherwise call through the PLT from a shared library.
#if defined(__CUDA_ARCH__)
#define SIMFORGE_INLINE __forceinline__
#else
#define SIMFORGE_INLINE inline __attribute__((always_inline))
#endif

#ifndef SIMFORGE_CUDA
#define SIMFORGE_CUDA 0
#endif

namespace simforge {

// Layout-compatible with cufftComplex / fftw_complex; usable in host-device functors.
template <class Real>
using Complex = thrust::complex<Real>;

}  // namespace simforge
