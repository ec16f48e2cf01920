// FNO spectral convolution (device source). With N = H*W, kept rows R (2*m1 in 2-D, 1 in 1-D)
// and kept columns [0, m2) with m2 <= W/2 (the Nyquist column is never kept):
//   forward:  X = rfft(x);  Y[n,o,k] = (1/N) sum_i X[n,i,k] W[i,o,k] on kept modes, 0 elsewhere;
//             column 0 made Hermitian;  y = c2r(Y)  (= torch.fft.irfft2 of the unscaled Y).
//   backward: D = rfft(dy); dW[i,o,k] = (c_k/N) sum_n D[n,o,k] conj(X[n,i,k]), c_k = 1 on column
//             0 and 2 elsewhere (the c2r counts interior columns twice);
//             Z[n,i,k] = (1/N) sum_o D[n,o,k] conj(W[i,o,k]), column 0 made Hermitian; dx = c2r(Z).
// The gradients use the convention dL/dRe + i dL/dIm; reference.cpp computes the same operator
// with explicit DFT sums, and the tests check one against the other and against finite differences.
#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "surrogate/layers.hpp"

namespace simforge::surrogate {

using C = Complex<float>;

namespace {

struct SpectralContext : Context {
  DeviceBuffer<C> x_hat, y_hat;  // rfft of the input (for dW); the output's (and dy's) spectrum
  DeviceBuffer<C> z_hat;         // the input gradient's spectrum
};

// Kept mode m in [0, R*m2) -> offset in an [H, W/2+1] half spectrum.
struct Modes {
  int h, wf, rows, m1, m2;
  SIMFORGE_HD std::size_t offset(std::size_t m) const {
    const int r = int(m / std::size_t(m2)), kx = int(m % std::size_t(m2));
    const int ky = (h == 1 || r < m1) ? r : h - rows + r;
    return std::size_t(ky) * wf + kx;
  }
  SIMFORGE_HD std::size_t kept() const { return std::size_t(rows) * m2; }
  SIMFORGE_HD std::size_t half() const { return std::size_t(h) * wf; }
};

// out[n,o,k] = scale * sum_i in[n,i,k] * (conj?) W[i,o,k], for kept k. Used for the forward
// (W) and the input gradient (conj W, with the roles of i and o swapped).
struct Mix {
  const C* in;
  const C* w;
  C* out;
  Modes md;
  int c_sum, c_out, ci, co;  // summed channels, output channels; weight extents [ci, co]
  bool adjoint;              // false: sum over i of in[n,i] W[i,o]; true: sum over o of in[n,o] conj W[i,o]
  float scale;
  SIMFORGE_HD void operator()(std::size_t no, std::size_t m) const {
    const std::size_t n = no / std::size_t(c_out), o = no % std::size_t(c_out), off = md.offset(m);
    C acc(0.0f, 0.0f);
    for (int s = 0; s < c_sum; ++s) {
      const C a = in[(n * c_sum + s) * md.half() + off];
      const std::size_t wi = adjoint ? (o * co + s) : (std::size_t(s) * co + o);
      const C b = w[wi * md.kept() + m];
      acc += adjoint ? a * thrust::conj(b) : a * b;
    }
    out[no * md.half() + off] = acc * scale;
  }
};

// dW[i,o,k] = (c_k / N) sum_n D[n,o,k] conj(X[n,i,k]).
struct WeightGrad {
  const C *d, *x;
  C* dw;
  Modes md;
  int n, ci, co;
  float inv_n;
  SIMFORGE_HD void operator()(std::size_t io, std::size_t m) const {
    const std::size_t i = io / std::size_t(co), o = io % std::size_t(co), off = md.offset(m);
    C acc(0.0f, 0.0f);
    for (int k = 0; k < n; ++k)
      acc += d[(std::size_t(k) * co + o) * md.half() + off] * thrust::conj(x[(std::size_t(k) * ci + i) * md.half() + off]);
    const float c = (m % std::size_t(md.m2)) == 0 ? 1.0f : 2.0f;
    dw[io * md.kept() + m] = acc * (c * inv_n);
  }
};

// Column 0 of each field := its Hermitian part, pairing rows ky and H - ky.
struct HermitianColumn0 {
  C* f;
  int h, wf;
  SIMFORGE_HD void operator()(std::size_t field, std::size_t ky) const {
    C* col = f + field * std::size_t(h) * wf;
    const std::size_t kz = (std::size_t(h) - ky) % std::size_t(h);
    const C a = col[ky * wf], b = col[kz * wf];
    const C s = (a + thrust::conj(b)) * 0.5f;
    col[ky * wf] = s;
    col[kz * wf] = thrust::conj(s);
  }
};

}  // namespace

SpectralConv::SpectralConv(int rank, int c_in, int c_out, int modes_h, int modes_w)
    : rank_(rank), c_in_(c_in), c_out_(c_out), m1_(rank == 1 ? 1 : modes_h), m2_(modes_w) {
  SIMFORGE_CHECK(rank == 1 || rank == 2, "SpectralConv: rank must be 1 or 2, got ", rank);
  SIMFORGE_CHECK(c_in >= 1 && c_out >= 1 && m1_ >= 1 && m2_ >= 1, "SpectralConv: channels and modes must be positive");
}

std::size_t SpectralConv::parameter_count() const { return 2 * std::size_t(c_in_) * c_out_ * rows() * m2_; }

void SpectralConv::initialize(float* p, std::uint64_t seed, std::uint32_t tag) const {
  // The FNO reference initialization: real and imaginary parts uniform in [0, 1/(c_in c_out)).
  const PhiloxStream rng(seed, 0x2545f491u, tag);
  const double scale = 1.0 / (double(c_in_) * c_out_);
  for (std::size_t i = 0; i < parameter_count(); ++i) p[i] = float(scale * rng.uniform(i));
}

void SpectralConv::check(const Dims& in) const {
  SIMFORGE_CHECK(in.c == c_in_, "SpectralConv: input has ", in.c, " channels, the layer expects ", c_in_);
  SIMFORGE_CHECK(rank_ == 2 || in.h == 1, "SpectralConv: a 1-D layer got a 2-D input");
  SIMFORGE_CHECK(2 * m2_ <= in.w, "SpectralConv: ", m2_, " modes along x need at least ", 2 * m2_, " points, got ", in.w);
  SIMFORGE_CHECK(rank_ == 1 || 2 * m1_ <= in.h, "SpectralConv: ", m1_, " modes along y need at least ", 2 * m1_, " rows, got ", in.h);
}

std::unique_ptr<Context> SpectralConv::make_context() const { return std::make_unique<SpectralContext>(); }

namespace {
std::vector<int> fft_dims(const Dims& d) { return d.h == 1 ? std::vector<int>{d.w} : std::vector<int>{d.h, d.w}; }
}  // namespace

void SpectralConv::forward(Runtime& rt, const float* p, const Tensor& x, Tensor& y, Context& ctx) const {
  const Dims in = dims_of(x);
  check(in);
  ensure(y, output_dims(in));
  auto& c = static_cast<SpectralContext&>(ctx);
  const Modes md{in.h, in.w / 2 + 1, rows(), m1_, m2_};
  ensure_size(c.x_hat, std::size_t(in.n) * c_in_ * md.half());
  ensure_size(c.y_hat, std::size_t(in.n) * c_out_ * md.half());
  const Stream& s = rt.stream();
  rt.fft(fft_dims(in), std::size_t(in.n) * c_in_).forward(x.data(), c.x_hat.data());
  device::memset_zero(c.y_hat.data(), c.y_hat.bytes(), s);
  const auto* w = reinterpret_cast<const C*>(p);
  for_each_index(s, std::size_t(in.n) * c_out_, md.kept(),
                 Mix{c.x_hat.data(), w, c.y_hat.data(), md, c_in_, c_out_, c_in_, c_out_, false, 1.0f / float(in.plane())});
  for_each_index(s, std::size_t(in.n) * c_out_, std::size_t(in.h / 2 + 1), HermitianColumn0{c.y_hat.data(), in.h, md.wf});
  rt.fft(fft_dims(in), std::size_t(in.n) * c_out_).inverse(c.y_hat.data(), y.data());
}

void SpectralConv::backward(Runtime& rt, const float* p, const Tensor& x, const Tensor&, const Tensor& dy, Tensor* dx, float* dp,
                            Context& ctx) const {
  const Dims in = dims_of(x);
  auto& c = static_cast<SpectralContext&>(ctx);
  const Modes md{in.h, in.w / 2 + 1, rows(), m1_, m2_};
  const Stream& s = rt.stream();
  const float inv_n = 1.0f / float(in.plane());
  rt.fft(fft_dims(in), std::size_t(in.n) * c_out_).forward(dy.data(), c.y_hat.data());
  for_each_index(s, std::size_t(c_in_) * c_out_, md.kept(),
                 WeightGrad{c.y_hat.data(), c.x_hat.data(), reinterpret_cast<C*>(dp), md, in.n, c_in_, c_out_, inv_n});
  if (!dx) return;
  ensure(*dx, in);
  ensure_size(c.z_hat, std::size_t(in.n) * c_in_ * md.half());
  device::memset_zero(c.z_hat.data(), c.z_hat.bytes(), s);
  const auto* w = reinterpret_cast<const C*>(p);
  for_each_index(s, std::size_t(in.n) * c_in_, md.kept(),
                 Mix{c.y_hat.data(), w, c.z_hat.data(), md, c_out_, c_in_, c_in_, c_out_, true, inv_n});
  for_each_index(s, std::size_t(in.n) * c_in_, std::size_t(in.h / 2 + 1), HermitianColumn0{c.z_hat.data(), in.h, md.wf});
  rt.fft(fft_dims(in), std::size_t(in.n) * c_in_).inverse(c.z_hat.data(), dx->data());
}

}  // namespace simforge::surrogate
