#pragma once
// Plain CPU reference of every surrogate layer (llm.c's habit): straight loops from the
// definitions, no FFTs, no libraries, templated on the real type. The tests check the references
// against finite differences in double, then the fast paths against the references in float.
// Tensors are std::vector in NCHW; parameter layouts are those of layers.hpp.
#include <vector>

#include "surrogate/tensor.hpp"

namespace simforge::surrogate::reference {

template <class R>
using Vec = std::vector<R>;

struct ConvRef {
  int c_out = 1, kh = 1, kw = 1, stride = 1;
  bool circular = false;  // "same" padding kh/2, kw/2: periodic or zero
  bool bias = true;
};
Dims conv_output(const Dims& in, const ConvRef& g);
template <class R>
Vec<R> conv_forward(const Dims& in, const ConvRef& g, const Vec<R>& x, const Vec<R>& params);
// Returns dparams; fills dx.
template <class R>
Vec<R> conv_backward(const Dims& in, const ConvRef& g, const Vec<R>& x, const Vec<R>& params, const Vec<R>& dy, Vec<R>& dx);

// Transposed convolution with kernel == stride (kh = 1 for 1-D): weights [c_in, c_out, kh, kw], bias.
template <class R>
Vec<R> conv_transpose_forward(const Dims& in, int c_out, int stride, const Vec<R>& x, const Vec<R>& params);
template <class R>
Vec<R> conv_transpose_backward(const Dims& in, int c_out, int stride, const Vec<R>& x, const Vec<R>& params, const Vec<R>& dy,
                               Vec<R>& dx);

template <class R>
Vec<R> group_norm_forward(const Dims& d, int groups, R eps, const Vec<R>& x, const Vec<R>& params);
template <class R>
Vec<R> group_norm_backward(const Dims& d, int groups, R eps, const Vec<R>& x, const Vec<R>& params, const Vec<R>& dy, Vec<R>& dx);

template <class R>
Vec<R> gelu_forward(const Vec<R>& x);
template <class R>
Vec<R> gelu_backward(const Vec<R>& x, const Vec<R>& dy);
template <class R>
Vec<R> relu_forward(const Vec<R>& x);
template <class R>
Vec<R> relu_backward(const Vec<R>& x, const Vec<R>& dy);

template <class R>
Vec<R> avg_pool_forward(const Dims& in, const Vec<R>& x);
template <class R>
Vec<R> avg_pool_backward(const Dims& in, const Vec<R>& dy);

// Spectral convolution by explicit DFT sums (see spectral_conv.cpp for the operator).
struct SpectralRef {
  int c_out = 1, m1 = 1, m2 = 1;  // m1 ignored for 1-D (h == 1)
};
template <class R>
Vec<R> spectral_forward(const Dims& in, const SpectralRef& g, const Vec<R>& x, const Vec<R>& params);
template <class R>
Vec<R> spectral_backward(const Dims& in, const SpectralRef& g, const Vec<R>& x, const Vec<R>& params, const Vec<R>& dy, Vec<R>& dx);

}  // namespace simforge::surrogate::reference
