#include <gtest/gtest.h>

#include <cmath>
#include <complex>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/fft.hpp"
#include "kernels/philox.hpp"

namespace simforge {
namespace {

// Plain O(N^2) DFT over a row-major multi-dimensional array: the independent reference.
std::vector<std::complex<double>> naive_dft(const std::vector<std::complex<double>>& x, const std::vector<int>& dims,
                                            int sign) {
  const std::size_t n = x.size();
  std::vector<std::complex<double>> out(n);
  auto index = [&](std::size_t i, std::vector<int>& k) {
    for (int a = int(dims.size()) - 1; a >= 0; --a) {
      k[a] = int(i % dims[a]);
      i /= dims[a];
    }
  };
  std::vector<int> kf(dims.size()), xi(dims.size());
  for (std::size_t f = 0; f < n; ++f) {
    index(f, kf);
    std::complex<double> s = 0;
    for (std::size_t j = 0; j < n; ++j) {
      index(j, xi);
      double phase = 0;
      for (std::size_t a = 0; a < dims.size(); ++a) phase += double(kf[a]) * xi[a] / dims[a];
      s += x[j] * std::polar(1.0, sign * 2 * M_PI * phase);
    }
    out[f] = s;
  }
  return out;
}

template <class Real>
void check_real_transform(const std::vector<int>& dims, std::size_t batch, double tol) {
  Stream stream;
  Fft<Real> fft(dims, batch, FftKind::RealToComplex, stream);
  const std::size_t n = fft.real_size(), nc = fft.complex_size();
  HostBuffer<Real> x(batch * n);
  PhiloxStream rng(1, 2);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = Real(rng.uniform(i) - 0.5);
  DeviceBuffer<Real> xd(x.size()), back(x.size());
  DeviceBuffer<Complex<Real>> xh(batch * nc);
  copy(xd, x, stream);
  fft.forward(xd.data(), xh.data());
  const HostBuffer<Complex<Real>> spec = to_host(xh, stream);

  const int h = dims.back() / 2 + 1;
  for (std::size_t b = 0; b < batch; ++b) {
    std::vector<std::complex<double>> xs(n);
    for (std::size_t i = 0; i < n; ++i) xs[i] = double(x[b * n + i]);
    const auto ref = naive_dft(xs, dims, -1);
    for (std::size_t m = 0; m < nc; ++m) {
      const std::size_t row = m / h, col = m % h;
      const std::complex<double> r = ref[row * dims.back() + col];
      const Complex<Real> got = spec[b * nc + m];
      ASSERT_NEAR(double(got.real()), r.real(), tol * std::sqrt(double(n))) << "batch " << b << " mode " << m;
      ASSERT_NEAR(double(got.imag()), r.imag(), tol * std::sqrt(double(n))) << "batch " << b << " mode " << m;
    }
  }
  fft.inverse(xh.data(), back.data());
  const HostBuffer<Real> y = to_host(back, stream);
  for (std::size_t i = 0; i < x.size(); ++i) ASSERT_NEAR(double(y[i]) / double(n), double(x[i]), tol) << i;
}

TEST(Fft, RealTransformsMatchNaiveDftIn1D2D3D) {
  check_real_transform<double>({12}, 3, 1e-12);
  check_real_transform<double>({6, 8}, 2, 1e-12);
  check_real_transform<double>({4, 6, 8}, 5, 1e-12);
  check_real_transform<float>({16}, 4, 2e-6);
  check_real_transform<float>({8, 10}, 3, 2e-6);
  check_real_transform<float>({4, 4, 6}, 1, 2e-6);
}

template <class Real>
void check_complex_transform(const std::vector<int>& dims, std::size_t batch, double tol) {
  Stream stream;
  Fft<Real> fft(dims, batch, FftKind::ComplexToComplex, stream);
  const std::size_t n = fft.real_size();
  HostBuffer<Complex<Real>> x(batch * n);
  PhiloxStream rng(3, 4);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = Complex<Real>(Real(rng.uniform(2 * i)), Real(rng.uniform(2 * i + 1)));
  DeviceBuffer<Complex<Real>> xd(x.size()), yd(x.size()), zd(x.size());
  copy(xd, x, stream);
  fft.forward(xd.data(), yd.data());
  const auto y = to_host(yd, stream);
  for (std::size_t b = 0; b < batch; ++b) {
    std::vector<std::complex<double>> xs(n);
    for (std::size_t i = 0; i < n; ++i) xs[i] = {double(x[b * n + i].real()), double(x[b * n + i].imag())};
    const auto ref = naive_dft(xs, dims, -1);
    for (std::size_t i = 0; i < n; ++i) {
      ASSERT_NEAR(double(y[b * n + i].real()), ref[i].real(), tol * n);
      ASSERT_NEAR(double(y[b * n + i].imag()), ref[i].imag(), tol * n);
    }
  }
  fft.inverse(yd.data(), zd.data());
  const auto z = to_host(zd, stream);
  for (std::size_t i = 0; i < x.size(); ++i) {
    ASSERT_NEAR(double(z[i].real()) / n, double(x[i].real()), tol);
    ASSERT_NEAR(double(z[i].imag()) / n, double(x[i].imag()), tol);
  }
}

TEST(Fft, ComplexTransformsMatchNaiveDft) {
  check_complex_transform<double>({10}, 2, 1e-12);
  check_complex_transform<double>({4, 6}, 3, 1e-12);
  check_complex_transform<float>({4, 4, 4}, 2, 2e-6);
}

TEST(Fft, KindMismatchAndBadExtentsAreErrors) {
  Stream stream;
  Fft<double> c2c({8}, 1, FftKind::ComplexToComplex, stream);
  DeviceBuffer<double> r(8);
  DeviceBuffer<Complex<double>> c(8);
  EXPECT_THROW(c2c.forward(r.data(), c.data()), Error);
  EXPECT_THROW(Fft<double>({}, 1, FftKind::RealToComplex, stream), Error);
  EXPECT_THROW(Fft<double>({8, 0}, 1, FftKind::RealToComplex, stream), Error);
  EXPECT_TRUE(fft_friendly(256));
  EXPECT_TRUE(fft_friendly(2 * 3 * 5 * 7));
  EXPECT_FALSE(fft_friendly(2 * 11));
  EXPECT_FALSE(fft_friendly(97));
}

}  // namespace
}  // namespace simforge
