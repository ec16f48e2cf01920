// Plain CPU references of the surrogate layers: loops written from the definitions.
#include "surrogate/reference.hpp"

#include <cmath>
#include <complex>

#include "kernels/error.hpp"

namespace simforge::surrogate::reference {

namespace {
std::size_t at(const Dims& d, int n, int c, int i, int j) { return ((std::size_t(n) * d.c + c) * d.h + i) * d.w + j; }
// Source row/column of a padded tap, or -1 outside a zero-padded field.
int tap(int pos, int extent, bool circular) {
  if (circular) return ((pos % extent) + extent) % extent;
  return pos < 0 || pos >= extent ? -1 : pos;
}
}  // namespace

Dims conv_output(const Dims& in, const ConvRef& g) {
  return {in.n, g.c_out, (in.h + 2 * (g.kh / 2) - g.kh) / g.stride + 1, (in.w + 2 * (g.kw / 2) - g.kw) / g.stride + 1};
}

// Visits every (output element, weight tap, input element) triple of the convolution.
template <class F>
void conv_visit(const Dims& in, const ConvRef& g, F f) {
  const Dims out = conv_output(in, g);
  const int sh = in.h == 1 ? 1 : g.stride;
  for (int n = 0; n < in.n; ++n)
    for (int o = 0; o < g.c_out; ++o)
      for (int i = 0; i < out.h; ++i)
        for (int j = 0; j < out.w; ++j)
          for (int c = 0; c < in.c; ++c)
            for (int a = 0; a < g.kh; ++a)
              for (int b = 0; b < g.kw; ++b) {
                const int si = tap(i * sh + a - g.kh / 2, in.h, g.circular), sj = tap(j * g.stride + b - g.kw / 2, in.w, g.circular);
                if (si < 0 || sj < 0) continue;
                f(at(out, n, o, i, j), ((std::size_t(o) * in.c + c) * g.kh + a) * g.kw + b, at(in, n, c, si, sj));
              }
}

template <class R>
Vec<R> conv_forward(const Dims& in, const ConvRef& g, const Vec<R>& x, const Vec<R>& p) {
  const Dims out = conv_output(in, g);
  const std::size_t nw = std::size_t(g.c_out) * in.c * g.kh * g.kw;
  Vec<R> y(out.size(), R(0));
  if (g.bias)
    for (std::size_t e = 0; e < y.size(); ++e) y[e] = p[nw + (e / out.plane()) % std::size_t(g.c_out)];
  conv_visit(in, g, [&](std::size_t yo, std::size_t wi, std::size_t xi) { y[yo] += p[wi] * x[xi]; });
  return y;
}

template <class R>
Vec<R> conv_backward(const Dims& in, const ConvRef& g, const Vec<R>& x, const Vec<R>& p, const Vec<R>& dy, Vec<R>& dx) {
  const Dims out = conv_output(in, g);
  const std::size_t nw = std::size_t(g.c_out) * in.c * g.kh * g.kw;
  Vec<R> dp(nw + (g.bias ? g.c_out : 0), R(0));
  dx.assign(in.size(), R(0));
  conv_visit(in, g, [&](std::size_t yo, std::size_t wi, std::size_t xi) {
    dp[wi] += dy[yo] * x[xi];
    dx[xi] += dy[yo] * p[wi];
  });
  if (g.bias)
    for (std::size_t e = 0; e < dy.size(); ++e) dp[nw + (e / out.plane()) % std::size_t(g.c_out)] += dy[e];
  return dp;
}

// y[n, o, i*s + a, j*s + b] += x[n, c, i, j] * w[c, o, a, b].
template <class F>
void transpose_visit(const Dims& in, int c_out, int stride, F f) {
  const int kh = in.h == 1 ? 1 : stride;
  const Dims out{in.n, c_out, in.h * kh, in.w * stride};
  for (int n = 0; n < in.n; ++n)
    for (int c = 0; c < in.c; ++c)
      for (int i = 0; i < in.h; ++i)
        for (int j = 0; j < in.w; ++j)
          for (int o = 0; o < c_out; ++o)
            for (int a = 0; a < kh; ++a)
              for (int b = 0; b < stride; ++b)
                f(at(out, n, o, i * kh + a, j * stride + b), ((std::size_t(c) * c_out + o) * kh + a) * stride + b, at(in, n, c, i, j));
}

template <class R>
Vec<R> conv_transpose_forward(const Dims& in, int c_out, int stride, const Vec<R>& x, const Vec<R>& p) {
  const int kh = in.h == 1 ? 1 : stride;
  const Dims out{in.n, c_out, in.h * kh, in.w * stride};
  const std::size_t nw = std::size_t(in.c) * c_out * kh * stride;
  Vec<R> y(out.size());
  for (std::size_t e = 0; e < y.size(); ++e) y[e] = p[nw + (e / out.plane()) % std::size_t(c_out)];
  transpose_visit(in, c_out, stride, [&](std::size_t yo, std::size_t wi, std::size_t xi) { y[yo] += x[xi] * p[wi]; });
  return y;
}

template <class R>
Vec<R> conv_transpose_backward(const Dims& in, int c_out, int stride, const Vec<R>& x, const Vec<R>& p, const Vec<R>& dy, Vec<R>& dx) {
  const int kh = in.h == 1 ? 1 : stride;
  const Dims out{in.n, c_out, in.h * kh, in.w * stride};
  const std::size_t nw = std::size_t(in.c) * c_out * kh * stride;
  Vec<R> dp(nw + c_out, R(0));
  dx.assign(in.size(), R(0));
  transpose_visit(in, c_out, stride, [&](std::size_t yo, std::size_t wi, std::size_t xi) {
    dp[wi] += dy[yo] * x[xi];
    dx[xi] += dy[yo] * p[wi];
  });
  for (std::size_t e = 0; e < dy.size(); ++e) dp[nw + (e / out.plane()) % std::size_t(c_out)] += dy[e];
  return dp;
}

template <class R>
Vec<R> group_norm_forward(const Dims& d, int groups, R eps, const Vec<R>& x, const Vec<R>& p) {
  const std::size_t m = std::size_t(d.c / groups) * d.plane();
  Vec<R> y(x.size());
  for (std::size_t ng = 0; ng < std::size_t(d.n) * groups; ++ng) {
    R mean = 0, var = 0;
    for (std::size_t e = 0; e < m; ++e) mean += x[ng * m + e];
    mean /= R(m);
    for (std::size_t e = 0; e < m; ++e) var += (x[ng * m + e] - mean) * (x[ng * m + e] - mean);
    const R rstd = R(1) / std::sqrt(var / R(m) + eps);
    for (std::size_t e = 0; e < m; ++e) {
      const std::size_t i = ng * m + e, c = (i / d.plane()) % std::size_t(d.c);
      y[i] = (x[i] - mean) * rstd * p[c] + p[d.c + c];
    }
  }
  return y;
}

// The backward of y = gamma * xhat + beta, with xhat = (x - mean) * rstd, by the chain rule
// through mean and variance written out term by term (not the fused formula the fast path uses).
template <class R>
Vec<R> group_norm_backward(const Dims& d, int groups, R eps, const Vec<R>& x, const Vec<R>& p, const Vec<R>& dy, Vec<R>& dx) {
  const std::size_t m = std::size_t(d.c / groups) * d.plane();
  Vec<R> dp(2 * std::size_t(d.c), R(0));
  dx.assign(x.size(), R(0));
  for (std::size_t ng = 0; ng < std::size_t(d.n) * groups; ++ng) {
    R mean = 0, var = 0;
    for (std::size_t e = 0; e < m; ++e) mean += x[ng * m + e];
    mean /= R(m);
    for (std::size_t e = 0; e < m; ++e) var += (x[ng * m + e] - mean) * (x[ng * m + e] - mean);
    var /= R(m);
    const R rstd = R(1) / std::sqrt(var + eps);
    R dvar = 0, dmean = 0;
    for (std::size_t e = 0; e < m; ++e) {
      const std::size_t i = ng * m + e, c = (i / d.plane()) % std::size_t(d.c);
      const R xhat = (x[i] - mean) * rstd, dxhat = dy[i] * p[c];
      dp[c] += dy[i] * xhat;
      dp[d.c + c] += dy[i];
      dvar += dxhat * (x[i] - mean) * R(-0.5) * rstd * rstd * rstd;
      dmean -= dxhat * rstd;
    }
    for (std::size_t e = 0; e < m; ++e) {
      const std::size_t i = ng * m + e, c = (i / d.plane()) % std::size_t(d.c);
      dx[i] = dy[i] * p[c] * rstd + dvar * R(2) * (x[i] - mean) / R(m) + dmean / R(m);
    }
  }
  return dp;
}

template <class R>
Vec<R> gelu_forward(const Vec<R>& x) {
  Vec<R> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = R(0.5) * x[i] * (R(1) + std::erf(x[i] / std::sqrt(R(2))));
  return y;
}
template <class R>
Vec<R> gelu_backward(const Vec<R>& x, const Vec<R>& dy) {
  Vec<R> dx(x.size());
  const R inv_sqrt_2pi = R(1) / std::sqrt(R(2) * R(M_PI));
  for (std::size_t i = 0; i < x.size(); ++i)
    dx[i] = dy[i] * (R(0.5) * (R(1) + std::erf(x[i] / std::sqrt(R(2)))) + x[i] * inv_sqrt_2pi * std::exp(-x[i] * x[i] / R(2)));
  return dx;
}
template <class R>
Vec<R> relu_forward(const Vec<R>& x) {
  Vec<R> y(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] > 0 ? x[i] : R(0);
  return y;
}
template <class R>
Vec<R> relu_backward(const Vec<R>& x, const Vec<R>& dy) {
  Vec<R> dx(x.size());
  for (std::size_t i = 0; i < x.size(); ++i) dx[i] = x[i] > 0 ? dy[i] : R(0);
  return dx;
}

template <class R>
Vec<R> avg_pool_forward(const Dims& in, const Vec<R>& x) {
  const int fh = in.h == 1 ? 1 : 2;
  const Dims out{in.n, in.c, in.h / fh, in.w / 2};
  Vec<R> y(out.size(), R(0));
  for (int nc = 0; nc < in.n * in.c; ++nc)
    for (int i = 0; i < in.h; ++i)
      for (int j = 0; j < in.w; ++j) y[at(out, 0, nc, i / fh, j / 2)] += x[at(in, 0, nc, i, j)] / R(2 * fh);
  return y;
}
template <class R>
Vec<R> avg_pool_backward(const Dims& in, const Vec<R>& dy) {
  const int fh = in.h == 1 ? 1 : 2;
  const Dims out{in.n, in.c, in.h / fh, in.w / 2};
  Vec<R> dx(in.size());
  for (int nc = 0; nc < in.n * in.c; ++nc)
    for (int i = 0; i < in.h; ++i)
      for (int j = 0; j < in.w; ++j) dx[at(in, 0, nc, i, j)] = dy[at(out, 0, nc, i / fh, j / 2)] / R(2 * fh);
  return dx;
}

namespace {
// Kept modes of the spectral convolution: (ky, kx) pairs in weight order.
std::vector<std::pair<int, int>> kept_modes(const Dims& in, const SpectralRef& g) {
  std::vector<std::pair<int, int>> k;
  const int rows = in.h == 1 ? 1 : 2 * g.m1;
  for (int r = 0; r < rows; ++r)
    for (int kx = 0; kx < g.m2; ++kx) k.push_back({in.h == 1 || r < g.m1 ? r : in.h - rows + r, kx});
  return k;
}
template <class R>
std::complex<R> phase(const Dims& in, int ky, int kx, int i, int j) {  // e^{+i theta}
  const R t = R(2 * M_PI) * (R(ky * i) / R(in.h) + R(kx * j) / R(in.w));
  return {std::cos(t), std::sin(t)};
}
// DFT of one field at the kept modes: sum_x f e^{-i theta}.
template <class R>
std::vector<std::complex<R>> dft(const Dims& in, const std::vector<std::pair<int, int>>& modes, const R* f) {
  std::vector<std::complex<R>> out;
  for (auto [ky, kx] : modes) {
    std::complex<R> s = 0;
    for (int i = 0; i < in.h; ++i)
      for (int j = 0; j < in.w; ++j) s += f[i * in.w + j] * std::conj(phase<R>(in, ky, kx, i, j));
    out.push_back(s);
  }
  return out;
}
// Real field from kept-mode coefficients with irfft's weights: Re on column 0, 2 Re elsewhere.
template <class R>
void synthesize(const Dims& in, const std::vector<std::pair<int, int>>& modes, const std::vector<std::complex<R>>& z, R scale, R* f) {
  for (int i = 0; i < in.h; ++i)
    for (int j = 0; j < in.w; ++j) {
      R s = 0;
      for (std::size_t m = 0; m < modes.size(); ++m)
        s += (modes[m].second == 0 ? R(1) : R(2)) * std::real(z[m] * phase<R>(in, modes[m].first, modes[m].second, i, j));
      f[i * in.w + j] = s * scale;
    }
}
template <class R>
std::complex<R> weight(const Vec<R>& p, std::size_t idx) {
  return {p[2 * idx], p[2 * idx + 1]};
}
}  // namespace

template <class R>
Vec<R> spectral_forward(const Dims& in, const SpectralRef& g, const Vec<R>& x, const Vec<R>& p) {
  const auto modes = kept_modes(in, g);
  const std::size_t km = modes.size();
  Vec<R> y(std::size_t(in.n) * g.c_out * in.plane());
  for (int n = 0; n < in.n; ++n) {
    std::vector<std::vector<std::complex<R>>> xh;
    for (int c = 0; c < in.c; ++c) xh.push_back(dft<R>(in, modes, x.data() + at(in, n, c, 0, 0)));
    for (int o = 0; o < g.c_out; ++o) {
      std::vector<std::complex<R>> yh(km, 0);
      for (int c = 0; c < in.c; ++c)
        for (std::size_t m = 0; m < km; ++m) yh[m] += xh[c][m] * weight(p, (std::size_t(c) * g.c_out + o) * km + m);
      synthesize<R>(in, modes, yh, R(1) / R(in.plane()), y.data() + (std::size_t(n) * g.c_out + o) * in.plane());
    }
  }
  return y;
}

template <class R>
Vec<R> spectral_backward(const Dims& in, const SpectralRef& g, const Vec<R>& x, const Vec<R>& p, const Vec<R>& dy, Vec<R>& dx) {
  const auto modes = kept_modes(in, g);
  const std::size_t km = modes.size();
  Vec<R> dp(2 * std::size_t(in.c) * g.c_out * km, R(0));
  dx.assign(x.size(), R(0));
  for (int n = 0; n < in.n; ++n) {
    std::vector<std::vector<std::complex<R>>> xh, gy;
    for (int c = 0; c < in.c; ++c) xh.push_back(dft<R>(in, modes, x.data() + at(in, n, c, 0, 0)));
    for (int o = 0; o < g.c_out; ++o) {  // dL/dY = (c_k / N) DFT(dy)
      gy.push_back(dft<R>(in, modes, dy.data() + (std::size_t(n) * g.c_out + o) * in.plane()));
      for (std::size_t m = 0; m < km; ++m) gy[o][m] *= (modes[m].second == 0 ? R(1) : R(2)) / R(in.plane());
    }
    for (int c = 0; c < in.c; ++c) {
      std::vector<std::complex<R>> gx(km, 0);
      for (int o = 0; o < g.c_out; ++o)
        for (std::size_t m = 0; m < km; ++m) {
          const std::size_t wi = (std::size_t(c) * g.c_out + o) * km + m;
          gx[m] += gy[o][m] * std::conj(weight(p, wi));
          const std::complex<R> dw = gy[o][m] * std::conj(xh[c][m]);
          dp[2 * wi] += dw.real();
          dp[2 * wi + 1] += dw.imag();
        }
      // dx = Re sum_k gx_k e^{+i theta}: synthesize weighs interior columns by 2, so halve them.
      for (std::size_t m = 0; m < km; ++m)
        if (modes[m].second != 0) gx[m] *= R(0.5);
      synthesize<R>(in, modes, gx, R(1), dx.data() + at(in, n, c, 0, 0));
    }
  }
  return dp;
}

#define SIMFORGE_REFERENCE(R)                                                                                          \
  template Vec<R> conv_forward(const Dims&, const ConvRef&, const Vec<R>&, const Vec<R>&);                             \
  template Vec<R> conv_backward(const Dims&, const ConvRef&, const Vec<R>&, const Vec<R>&, const Vec<R>&, Vec<R>&);    \
  template Vec<R> conv_transpose_forward(const Dims&, int, int, const Vec<R>&, const Vec<R>&);                         \
  template Vec<R> conv_transpose_backward(const Dims&, int, int, const Vec<R>&, const Vec<R>&, const Vec<R>&, Vec<R>&); \
  template Vec<R> group_norm_forward(const Dims&, int, R, const Vec<R>&, const Vec<R>&);                               \
  template Vec<R> group_norm_backward(const Dims&, int, R, const Vec<R>&, const Vec<R>&, const Vec<R>&, Vec<R>&);      \
  template Vec<R> gelu_forward(const Vec<R>&);                                                                         \
  template Vec<R> gelu_backward(const Vec<R>&, const Vec<R>&);                                                         \
  template Vec<R> relu_forward(const Vec<R>&);                                                                         \
  template Vec<R> relu_backward(const Vec<R>&, const Vec<R>&);                                                         \
  template Vec<R> avg_pool_forward(const Dims&, const Vec<R>&);                                                        \
  template Vec<R> avg_pool_backward(const Dims&, const Vec<R>&);                                                       \
  template Vec<R> spectral_forward(const Dims&, const SpectralRef&, const Vec<R>&, const Vec<R>&);                     \
  template Vec<R> spectral_backward(const Dims&, const SpectralRef&, const Vec<R>&, const Vec<R>&, const Vec<R>&, Vec<R>&);
SIMFORGE_REFERENCE(float)
SIMFORGE_REFERENCE(double)
#undef SIMFORGE_REFERENCE

}  // namespace simforge::surrogate::reference
