// The Gaussian random field follows its requested covariance and is a real field's spectrum.
#include <gtest/gtest.h>

#include <cmath>

#include "kernels/buffer.hpp"
#include "kernels/fft.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {
namespace {

TEST(InitialCondition, GrfSpectrumFollowsTheRequestedCovariance) {
  Stream stream;
  const auto g = SpectralGrid::make({32, 32}, 1.0);
  const std::size_t samples = 64, modes = g.modes();
  const double alpha = 2.5, tau = 7.0, sigma = 3.0;
  DeviceBuffer<Complex<double>> u(samples * modes);
  FftCache<double> fft({32, 32}, FftKind::RealToComplex, stream);
  generate_initial_condition<double>({"grf", {{alpha}, {tau}, {sigma}}}, g, 1, 99, 0, samples, u.data(), stream, fft, nullptr);
  const auto h = to_host(u, stream);

  // E|u_hat_k / points|^2 = c_k^2 = sigma^2 (4 pi^2 |k|^2 + tau^2)^(-alpha). Average the ratio
  // over samples and then over shells of |k|; each shell mean has relative standard error
  // 1/sqrt(samples * modes in shell) (|z|^2 ~ Exp(1)), so 5 standard errors bounds it.
  const int shells = 8;
  std::vector<double> ratio(shells, 0.0), count(shells, 0.0);
  const double pts = double(g.points());
  for (std::size_t m = 0; m < modes; ++m) {
    int k[3];
    g.wavenumbers(m, k);
    const double k2 = double(k[0]) * k[0] + double(k[1]) * k[1];
    const int shell = int(std::sqrt(k2)) - 1;
    if (k2 == 0 || shell >= shells || g.is_nyquist(k)) continue;
    const double c2 = sigma * sigma * std::pow(4 * M_PI * M_PI * k2 + tau * tau, -alpha);
    for (std::size_t s = 0; s < samples; ++s) ratio[shell] += std::norm(std::complex<double>(h[s * modes + m].real(), h[s * modes + m].imag())) / (pts * pts * c2);
    count[shell] += double(samples);
  }
  for (int s = 0; s < shells; ++s) {
    ASSERT_GT(count[s], 0);
    EXPECT_NEAR(ratio[s] / count[s], 1.0, 5.0 / std::sqrt(count[s])) << "shell " << s + 1;
  }
}

TEST(InitialCondition, GrfIsHermitianSoTheFieldIsReal) {
  Stream stream;
  const auto g = SpectralGrid::make({8, 6}, 1.0);
  DeviceBuffer<Complex<double>> u(g.modes());
  FftCache<double> fft({8, 6}, FftKind::RealToComplex, stream);
  generate_initial_condition<double>({"grf", {{2.5}, {7.0}, {0.0}}}, g, 1, 5, 17, 1, u.data(), stream, fft, nullptr);
  const auto h = to_host(u, stream);
  for (int last : {0, 3}) {  // the kx = 0 and Nyquist planes hold both k and -k
    for (int ky = -3; ky <= 4; ++ky) {
      int k[3] = {ky, last, 0}, km[3] = {ky == 4 ? 4 : -ky, last, 0};
      const auto a = h[g.mode_index(k)], b = h[g.mode_index(km)];
      EXPECT_EQ(a.real(), b.real());
      EXPECT_EQ(a.imag(), -b.imag());
    }
  }
  int zero[3] = {0, 0, 0};
  EXPECT_EQ(h[g.mode_index(zero)].real(), 0.0);  // mean zero
}

TEST(InitialCondition, SampleDependsOnlyOnSeedAndIndex) {
  Stream stream;
  const auto g = SpectralGrid::make({16}, 1.0);
  DeviceBuffer<Complex<float>> batch(5 * g.modes()), single(g.modes()), other(g.modes());
  const InitialConditionSpec spec{"grf", {{2.0}, {5.0}, {0.0}}};
  FftCache<float> fft({16}, FftKind::RealToComplex, stream);
  generate_initial_condition<float>(spec, g, 1, 7, 10, 5, batch.data(), stream, fft, nullptr);
  generate_initial_condition<float>(spec, g, 1, 7, 13, 1, single.data(), stream, fft, nullptr);
  generate_initial_condition<float>(spec, g, 1, 8, 13, 1, other.data(), stream, fft, nullptr);
  const auto b = to_host(batch, stream), s = to_host(single, stream), o = to_host(other, stream);
  bool any_differs = false;
  for (std::size_t m = 0; m < g.modes(); ++m) {
    EXPECT_EQ(b[3 * g.modes() + m], s[m]);
    any_differs |= !(o[m] == s[m]);
  }
  EXPECT_TRUE(any_differs) << "another seed must give another sample";
}

}  // namespace
}  // namespace simforge
