// Element-wise kernels of the surrogate layers (device source: CUDA in the CUDA build, OpenMP
// threads in the CPU build). Each functor is one element's work.
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "surrogate/ops.hpp"

namespace simforge::surrogate::ops {

namespace {

template <Activation A>
struct ActForward {
  const float* x;
  float* y;
  SIMFORGE_HD void operator()(std::size_t i) const {
    const float v = x[i];
    if constexpr (A == Activation::Gelu) y[i] = 0.5f * v * (1.0f + erff(v * 0.70710678118654752f));
    else if constexpr (A == Activation::Relu) y[i] = v > 0.0f ? v : 0.0f;
    else y[i] = v;
  }
};

template <Activation A>
struct ActBackward {
  const float* x;
  const float* dy;
  float* dx;
  SIMFORGE_HD void operator()(std::size_t i) const {
    const float v = x[i];
    float d = 1.0f;
    if constexpr (A == Activation::Gelu)  // d/dv [v Phi(v)] = Phi(v) + v phi(v)
      d = 0.5f * (1.0f + erff(v * 0.70710678118654752f)) + v * 0.39894228040143268f * expf(-0.5f * v * v);
    else if constexpr (A == Activation::Relu) d = v > 0.0f ? 1.0f : 0.0f;
    dx[i] = d * dy[i];
  }
};

struct Add {
  const float *a, *b;
  float* y;
  SIMFORGE_HD void operator()(std::size_t i) const { y[i] = a[i] + b[i]; }
};
struct Accumulate {
  float* y;
  const float* x;
  SIMFORGE_HD void operator()(std::size_t i) const { y[i] += x[i]; }
};
struct Scale {
  float* y;
  float f;
  SIMFORGE_HD void operator()(std::size_t i) const { y[i] *= f; }
};

// Copies channel block [c0, c0 + cs) of each sample between a tensor of `ct` channels and a
// dense tensor of `cs` channels (direction chosen by `gather`).
struct ChannelBlock {
  const float* src;
  float* dst;
  int cs, ct, c0;
  std::size_t plane;
  bool gather;  // true: dst[n, c] = src[n, c0 + c]; false: dst[n, c0 + c] = src[n, c]
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t p) const {
    const std::size_t n = nc / std::size_t(cs), c = nc % std::size_t(cs);
    const std::size_t big = (n * std::size_t(ct) + std::size_t(c0) + c) * plane + p, small = nc * plane + p;
    if (gather) dst[small] = src[big];
    else dst[big] = src[small];
  }
};

struct PoolForward {
  const float* x;
  float* y;
  int h, w, ho, wo;
  bool two_d;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t o) const {
    const std::size_t i = o / std::size_t(wo), j = o % std::size_t(wo);
    const float* p = x + nc * std::size_t(h) * w + (two_d ? 2 * i : 0) * std::size_t(w) + 2 * j;
    y[nc * std::size_t(ho) * wo + o] = two_d ? 0.25f * (p[0] + p[1] + p[w] + p[w + 1]) : 0.5f * (p[0] + p[1]);
  }
};
struct PoolBackward {
  const float* dy;
  float* dx;
  int h, w, ho, wo;
  bool two_d;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t e) const {
    const std::size_t i = e / std::size_t(w), j = e % std::size_t(w);
    const std::size_t oi = two_d ? i / 2 : 0;
    dx[nc * std::size_t(h) * w + e] = dy[nc * std::size_t(ho) * wo + oi * wo + j / 2] * (two_d ? 0.25f : 0.5f);
  }
};

struct CircularPad {
  const float* x;
  float* xp;
  int h, w, ph, pw;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t e) const {
    const int wp = w + 2 * pw;
    const int i = int(e / std::size_t(wp)), j = int(e % std::size_t(wp));
    const int si = (i - ph + h) % h, sj = (j - pw + w) % w;  // ph <= h, pw <= w
    xp[nc * std::size_t(h + 2 * ph) * wp + e] = x[nc * std::size_t(h) * w + std::size_t(si) * w + sj];
  }
};
// Each cell gathers the gradient of every padded position that copies it (at most 3 per axis).
struct CircularPadBackward {
  const float* dxp;
  float* dx;
  int h, w, ph, pw;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t e) const {
    const int a = int(e / std::size_t(w)), b = int(e % std::size_t(w));
    const int hp = h + 2 * ph, wp = w + 2 * pw;
    const float* g = dxp + nc * std::size_t(hp) * wp;
    float sum = 0.0f;
    for (int ki = -1; ki <= 1; ++ki) {
      const int i = a + ph + ki * h;
      if (i < 0 || i >= hp) continue;
      for (int kj = -1; kj <= 1; ++kj) {
        const int j = b + pw + kj * w;
        if (j >= 0 && j < wp) sum += g[std::size_t(i) * wp + j];
      }
    }
    dx[nc * std::size_t(h) * w + e] = sum;
  }
};

struct ChannelAffine {
  const float *x, *scale, *shift;
  float* y;
  int c;
  std::size_t plane;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t p) const {
    const std::size_t ch = nc % std::size_t(c), i = nc * plane + p;
    y[i] = x[i] * scale[ch] + shift[ch];
  }
};
struct BiasAdd {
  float* y;
  const float* bias;
  int c;
  std::size_t plane;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t p) const { y[nc * plane + p] += bias[nc % std::size_t(c)]; }
};
// dbias[c] = sum over samples and space of dy: one segment per channel (segmented_reduce).
struct BiasGradTerm {
  const float* dy;
  int c;
  std::size_t plane;
  SIMFORGE_HD double operator()(std::size_t ch, std::size_t i) const {
    return dy[((i / plane) * std::size_t(c) + ch) * plane + i % plane];
  }
};
struct BiasGradStore {
  float* db;
  SIMFORGE_HD void operator()(std::size_t ch, double t) const { db[ch] = float(t); }
};

}  // namespace

void activation_forward(const Stream& s, Activation a, const float* x, float* y, std::size_t n) {
  switch (a) {
    case Activation::Gelu: return for_each_index(s, n, ActForward<Activation::Gelu>{x, y});
    case Activation::Relu: return for_each_index(s, n, ActForward<Activation::Relu>{x, y});
    case Activation::Identity: return for_each_index(s, n, ActForward<Activation::Identity>{x, y});
  }
}
void activation_backward(const Stream& s, Activation a, const float* x, const float* dy, float* dx, std::size_t n) {
  switch (a) {
    case Activation::Gelu: return for_each_index(s, n, ActBackward<Activation::Gelu>{x, dy, dx});
    case Activation::Relu: return for_each_index(s, n, ActBackward<Activation::Relu>{x, dy, dx});
    case Activation::Identity: return for_each_index(s, n, ActBackward<Activation::Identity>{x, dy, dx});
  }
}

void add(const Stream& s, const float* a, const float* b, float* y, std::size_t n) { for_each_index(s, n, Add{a, b, y}); }
void accumulate(const Stream& s, float* y, const float* x, std::size_t n) { for_each_index(s, n, Accumulate{y, x}); }
void scale(const Stream& s, float* y, float factor, std::size_t n) { for_each_index(s, n, Scale{y, factor}); }

void concat_channels(const Stream& s, const float* a, int ca, const float* b, int cb, float* y, int n, std::size_t plane) {
  for_each_index(s, std::size_t(n) * ca, plane, ChannelBlock{a, y, ca, ca + cb, 0, plane, false});
  for_each_index(s, std::size_t(n) * cb, plane, ChannelBlock{b, y, cb, ca + cb, ca, plane, false});
}
void split_channels(const Stream& s, const float* dy, int ca, int cb, float* da, float* db, int n, std::size_t plane) {
  if (da) for_each_index(s, std::size_t(n) * ca, plane, ChannelBlock{dy, da, ca, ca + cb, 0, plane, true});
  if (db) for_each_index(s, std::size_t(n) * cb, plane, ChannelBlock{dy, db, cb, ca + cb, ca, plane, true});
}

namespace {
void check_pool(const Dims& in) {
  SIMFORGE_CHECK(in.w % 2 == 0 && (in.h == 1 || in.h % 2 == 0), "average pooling: extents ", in.h, "x", in.w, " must be even");
}
}  // namespace

void avg_pool_forward(const Stream& s, const float* x, float* y, const Dims& in) {
  check_pool(in);
  const bool two_d = in.h > 1;
  const int ho = two_d ? in.h / 2 : 1, wo = in.w / 2;
  for_each_index(s, std::size_t(in.n) * in.c, std::size_t(ho) * wo, PoolForward{x, y, in.h, in.w, ho, wo, two_d});
}
void avg_pool_backward(const Stream& s, const float* dy, float* dx, const Dims& in) {
  check_pool(in);
  const bool two_d = in.h > 1;
  const int ho = two_d ? in.h / 2 : 1, wo = in.w / 2;
  for_each_index(s, std::size_t(in.n) * in.c, in.plane(), PoolBackward{dy, dx, in.h, in.w, ho, wo, two_d});
}

void circular_pad(const Stream& s, const float* x, float* xp, const Dims& in, int ph, int pw) {
  SIMFORGE_CHECK(ph <= in.h && pw <= in.w, "circular padding ", ph, "x", pw, " exceeds the field ", in.h, "x", in.w);
  for_each_index(s, std::size_t(in.n) * in.c, std::size_t(in.h + 2 * ph) * (in.w + 2 * pw), CircularPad{x, xp, in.h, in.w, ph, pw});
}
void circular_pad_backward(const Stream& s, const float* dxp, float* dx, const Dims& in, int ph, int pw) {
  SIMFORGE_CHECK(ph <= in.h && pw <= in.w, "circular padding ", ph, "x", pw, " exceeds the field ", in.h, "x", in.w);
  for_each_index(s, std::size_t(in.n) * in.c, in.plane(), CircularPadBackward{dxp, dx, in.h, in.w, ph, pw});
}

void add_channel_bias(const Stream& s, float* y, const float* bias, const Dims& d) {
  for_each_index(s, std::size_t(d.n) * d.c, d.plane(), BiasAdd{y, bias, d.c, d.plane()});
}
void channel_bias_grad(const Stream& s, const float* dy, float* dbias, const Dims& d) {
  segmented_reduce<double>(s, std::size_t(d.c), std::size_t(d.n) * d.plane(), BiasGradTerm{dy, d.c, d.plane()}, BiasGradStore{dbias});
}
void channel_affine(const Stream& s, const float* x, const float* scale, const float* shift, float* y, const Dims& d) {
  for_each_index(s, std::size_t(d.n) * d.c, d.plane(), ChannelAffine{x, scale, shift, y, d.c, d.plane()});
}

}  // namespace simforge::surrogate::ops
