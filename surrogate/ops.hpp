#pragma once
// Element-wise and reduction kernels of the surrogate layers (everything but convolutions, which
// go through kernels/dnn.hpp, and the spectral convolution). Host-device functors, written once:
// tensor_ops.cpp and group_norm_ops.cpp are device sources. Pointers are device memory.
#include <cstddef>

#include "kernels/device.hpp"
#include "surrogate/tensor.hpp"

namespace simforge::surrogate::ops {

enum class Activation { Gelu, Relu, Identity };

// y = act(x); dx = act'(x) * dy (x is the activation's input).
void activation_forward(const Stream& s, Activation a, const float* x, float* y, std::size_t n);
void activation_backward(const Stream& s, Activation a, const float* x, const float* dy, float* dx, std::size_t n);

void add(const Stream& s, const float* a, const float* b, float* y, std::size_t n);  // y = a + b
void accumulate(const Stream& s, float* y, const float* x, std::size_t n);           // y += x
void scale(const Stream& s, float* y, float factor, std::size_t n);                   // y *= factor

// y = [a, b] along channels; the backward splits dy the same way.
void concat_channels(const Stream& s, const float* a, int ca, const float* b, int cb, float* y, int n, std::size_t plane);
void split_channels(const Stream& s, const float* dy, int ca, int cb, float* da, float* db, int n, std::size_t plane);

// 2x2 average pooling (2 along x only when h == 1); `in` are the input extents.
void avg_pool_forward(const Stream& s, const float* x, float* y, const Dims& in);
void avg_pool_backward(const Stream& s, const float* dy, float* dx, const Dims& in);

// Periodic extension by (ph, pw) on each side: [n,c,h,w] -> [n,c,h+2ph,w+2pw]; the backward
// folds the gradient of the halo back onto the cells it copies.
void circular_pad(const Stream& s, const float* x, float* xp, const Dims& in, int ph, int pw);
void circular_pad_backward(const Stream& s, const float* dxp, float* dx, const Dims& in, int ph, int pw);

// y[n,c,...] += bias[c]; dbias[c] = sum over n and space of dy.
void add_channel_bias(const Stream& s, float* y, const float* bias, const Dims& d);
void channel_bias_grad(const Stream& s, const float* dy, float* dbias, const Dims& d);

// y = x * scale[c] + shift[c] (per-channel normalization of model inputs and outputs).
void channel_affine(const Stream& s, const float* x, const float* scale, const float* shift, float* y, const Dims& d);

// GroupNorm (PyTorch's): per (sample, group) statistics over C/G channels and space; mean and
// rstd ([n * groups]) are saved for the backward. gamma and beta are per channel.
void group_norm_forward(const Stream& s, const float* x, const float* gamma, const float* beta, float* y, float* mean,
                        float* rstd, const Dims& d, int groups, float eps);
void group_norm_backward(const Stream& s, const float* x, const float* gamma, const float* mean, const float* rstd,
                         const float* dy, float* dx, float* dgamma, float* dbeta, const Dims& d, int groups);

}  // namespace simforge::surrogate::ops
