// The Gaussian random field follows its requested covariance and is a real field's spectrum.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "kernels/buffer.hpp"
#include "kernels/fft.hpp"
#include "kernels/fft_cache.hpp"
#include "solvers/initial_condition.hpp"
#include "solvers/spectral/spectral_initial_condition.hpp"

namespace simforge {
namespace {

// The spectra of `count` samples of a one-field, spectrally defined condition on grid g.
template <class Real>
void spectrum(const InitialConditionSpec& spec, const SpectralGrid& g, std::uint64_t seed, std::uint64_t first, std::size_t count,
              Complex<Real>* out, const Stream& stream) {
  auto ic = make_initial_condition<Real>(spec, 1, g.dim);
  auto& spectral = dynamic_cast<SpectralInitialCondition<Real>&>(*ic);
  spectral.spectrum({Grid::periodic(std::vector<int>(g.n, g.n + g.dim)), 1, seed, first, count, &stream}, g, out);
}

TEST(InitialCondition, GrfSpectrumFollowsTheRequestedCovariance) {
  Stream stream;
  const auto g = SpectralGrid::make({32, 32}, 1.0);
  const std::size_t samples = 64, modes = g.modes();
  const double alpha = 2.5, tau = 7.0, sigma = 3.0;
  DeviceBuffer<Complex<double>> u(samples * modes);
  spectrum<double>({"grf", {{"alpha", {alpha}}, {"tau", {tau}}, {"sigma", {sigma}}}}, g, 99, 0, samples, u.data(), stream);
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
  spectrum<double>({"grf", {}}, g, 5, 17, 1, u.data(), stream);
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
  const InitialConditionSpec spec{"grf", {{"alpha", {2.0}}, {"tau", {5.0}}}};
  spectrum<float>(spec, g, 7, 10, 5, batch.data(), stream);
  spectrum<float>(spec, g, 7, 13, 1, single.data(), stream);
  spectrum<float>(spec, g, 8, 13, 1, other.data(), stream);
  const auto b = to_host(batch, stream), s = to_host(single, stream), o = to_host(other, stream);
  bool any_differs = false;
  for (std::size_t m = 0; m < g.modes(); ++m) {
    EXPECT_EQ(b[3 * g.modes() + m], s[m]);
    any_differs |= !(o[m] == s[m]);
  }
  EXPECT_TRUE(any_differs) << "another seed must give another sample";
}

// The physical values every non-spectral family receives are the inverse FFT of the spectrum the
// spectral family takes (an independent FFT here, in double).
TEST(InitialCondition, PhysicalValuesOfASpectralConditionAreItsInverseTransform) {
  Stream stream;
  const auto g = SpectralGrid::make({16, 12}, 1.0);
  const InitialConditionSpec spec{"fourier_series", {{"max_wavenumber", {3}}, {"offset", {0.25}}}};
  DeviceBuffer<Complex<double>> hat(2 * g.modes());
  spectrum<double>(spec, g, 3, 4, 2, hat.data(), stream);
  auto ic = make_initial_condition<double>(spec, 1, 2);
  DeviceBuffer<double> u(2 * g.points());
  ic->physical({Grid::periodic({16, 12}), 1, 3, 4, 2, &stream}, u.data());
  FftCache<double> fft({16, 12}, FftKind::RealToComplex, stream);
  DeviceBuffer<double> ref(2 * g.points());
  fft.get(2).inverse(hat.data(), ref.data());
  const auto a = to_host(u, stream), b = to_host(ref, stream);
  double mean = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_NEAR(a[i], b[i] / double(g.points()), 1e-14) << i;
    mean += a[i] / double(a.size());
  }
  EXPECT_NEAR(mean, 0.25, 1e-14);  // the offset is the mean
}

// Physical conditions see the grid's points: cell centres shift them by half a cell.
TEST(InitialCondition, BlobsFollowTheGridsPointPositions) {
  Stream stream;
  const InitialConditionSpec spec{"gaussian_blobs", {{"count", {1}}, {"radius", {0.1}}, {"amplitude", {1.0}}}};
  auto ic = make_initial_condition<double>(spec, 1, 1);
  DeviceBuffer<double> vertex(64), centred(64);
  ic->physical({Grid::periodic({64}), 1, 9, 0, 1, &stream}, vertex.data());
  ic->physical({Grid::periodic({64}, 1.0, true), 1, 9, 0, 1, &stream}, centred.data());
  const auto v = to_host(vertex, stream), c = to_host(centred, stream);
  // The same blob, sampled half a cell apart: its peak moves by less than a cell, and no value repeats.
  std::size_t pv = 0, pc = 0;
  for (std::size_t i = 1; i < 64; ++i) {
    if (v[i] > v[pv]) pv = i;
    if (c[i] > c[pc]) pc = i;
  }
  EXPECT_LE(std::max(pv, pc) - std::min(pv, pc), 1u);
  EXPECT_NE(v[pv], c[pv]);
}

// PDEBench's reaction–diffusion start: the same sines, each sample mapped onto [0, 1] exactly.
TEST(InitialCondition, NormalizedSineWavesSpanZeroToOneAndKeepTheirShape) {
  Stream stream;
  const InitialConditionSpec plain{"sine_waves", {{"max_wavenumber", {4}}}}, scaled{"sine_waves", {{"max_wavenumber", {4}}, {"normalize", {1}}}};
  DeviceBuffer<double> a(3 * 256), b(3 * 256);
  make_initial_condition<double>(plain, 1, 1)->physical({Grid::periodic({256}, 1.0, true), 1, 5, 7, 3, &stream}, a.data());
  make_initial_condition<double>(scaled, 1, 1)->physical({Grid::periodic({256}, 1.0, true), 1, 5, 7, 3, &stream}, b.data());
  const auto u = to_host(a, stream), v = to_host(b, stream);
  for (std::size_t s = 0; s < 3; ++s) {
    const auto first = u.data() + s * 256, last = first + 256;
    const double lo = *std::min_element(first, last), hi = *std::max_element(first, last);
    double vmin = 1, vmax = 0, err = 0;
    for (std::size_t i = 0; i < 256; ++i) {
      vmin = std::min(vmin, v[s * 256 + i]);
      vmax = std::max(vmax, v[s * 256 + i]);
      err = std::max(err, std::abs(v[s * 256 + i] - (u[s * 256 + i] - lo) / (hi - lo)));
    }
    EXPECT_EQ(vmin, 0.0);
    EXPECT_NEAR(vmax, 1.0, 1e-15);
    EXPECT_LT(err, 1e-15);
  }
}

TEST(InitialCondition, WhiteNoiseIsStandardNormalPerPointAndSample) {
  Stream stream;
  auto ic = make_initial_condition<double>({"white_noise", {{"mean", {0.5}}, {"std", {2.0}}}}, 1, 2);
  DeviceBuffer<double> d(2 * 64 * 64);
  ic->physical({Grid::periodic({64, 64}), 1, 3, 0, 2, &stream}, d.data());
  const auto u = to_host(d, stream);
  double sum = 0, sq = 0;
  for (std::size_t i = 0; i < u.size(); ++i) sum += u[i], sq += u[i] * u[i];
  const double n = double(u.size()), mean = sum / n, var = sq / n - mean * mean;
  // 8192 draws: the sample mean's standard error is 2 / sqrt(8192) = 0.022, the variance's ~0.06.
  EXPECT_NEAR(mean, 0.5, 0.1);
  EXPECT_NEAR(var, 4.0, 0.3);
  EXPECT_NE(u[0], u[4096]);  // two samples differ
}

TEST(InitialCondition, UnknownNamesAndBadValuesAreNamed) {
  auto message = [](const InitialConditionSpec& s, int fields, int dim) {
    try {
      make_initial_condition<float>(s, fields, dim);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(message({"vortex", {}}, 1, 2).find("valid: dam_break, fourier_series, gaussian_blobs, grf, kelvin_helmholtz, quadrants, random_constant, random_flow, riemann, sine_waves, white_noise"), std::string::npos);
  EXPECT_NE(message({"grf", {{"alpa", {2.0}}}}, 1, 2).find("no parameter 'alpa'"), std::string::npos);
  EXPECT_NE(message({"grf", {{"tau", {-1.0}}}}, 1, 2).find("allowed: in (0"), std::string::npos);
  EXPECT_NE(message({"sine_waves", {}}, 1, 2).find("does not support 2D"), std::string::npos);
  EXPECT_NE(message({"gaussian_blobs", {{"amplitude", {1.0, 2.0, 3.0}}}}, 2, 2).find("one value per field (2), got 3"),
            std::string::npos);
}

}  // namespace
}  // namespace simforge
