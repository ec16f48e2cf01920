// Gaussian random field with covariance sigma^2 (-lap + tau^2)^(-alpha), mean zero (the FNO
// paper's initial vorticity). Defined by its spectrum (device source).
#include <cmath>

#include "solvers/spectral/hermitian_normal.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_initial_condition.hpp"

namespace simforge {

namespace {

// u = sum_k c_k z_k e^{ikx}, c_k = sigma (|k|^2 + tau^2)^(-alpha/2), so u_hat = points * c_k * z_k.
template <class Real>
struct GaussianRandomField {
  SpectralGrid g;
  int fields;
  std::uint64_t seed, first;
  double alpha, tau, sigma;
  Complex<Real>* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    const std::size_t b = row / fields, f = row % fields;
    double k2 = 0;
    for (int a = 0; a < g.dim; ++a) k2 += double(k[a]) * k[a];
    Complex<double> v(0, 0);
    if (k2 > 0) {
      const double s = g.wavenumber_scale();
      const double c = sigma * pow(s * s * k2 + tau * tau, -0.5 * alpha);
      v = hermitian_normal(g, PhiloxStream(seed, first + b, std::uint32_t(f)), m, k) * (c * double(g.points()));
    }
    out[row * g.modes() + m] = Complex<Real>(Real(v.real()), Real(v.imag()));
  }
};

template <class Real>
class Grf final : public SpectralFieldCondition<Real> {
 public:
  explicit Grf(const InitialConditionValues& v) : alpha_(v("alpha")), tau_(v("tau")), sigma_(v("sigma")) {}
  void spectrum(const InitialConditionRequest& r, const SpectralGrid& g, Complex<Real>* out) override {
    const double sigma = sigma_ > 0 ? sigma_ : grf_default_sigma(alpha_, tau_, g.dim);
    for_each_mode(*r.stream, g, r.count * std::size_t(r.fields),
                  GaussianRandomField<Real>{g, r.fields, r.seed, r.first, alpha_, tau_, sigma, out});
  }

 private:
  double alpha_, tau_, sigma_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::Grf, {
    .name = "grf",
    .summary = "Gaussian random field, covariance sigma^2 (-lap + tau^2)^(-alpha), mean zero",
    .parameters = {{.name = "alpha", .default_value = 2.5, .min = 0.0, .max = 100.0, .min_exclusive = true,
                    .may_vary = false, .doc = "smoothness exponent alpha (> d/2 for finite variance)"},
                   {.name = "tau", .default_value = 7.0, .min = 0.0, .max = 1e6, .min_exclusive = true,
                    .may_vary = false, .doc = "inverse length scale tau"},
                   {.name = "sigma", .default_value = 0.0, .min = 0.0, .max = 1e12, .may_vary = false,
                    .doc = "amplitude sigma; 0 selects tau^(alpha - d/2)"}},
    .per_field = {false, false, false},
    .dims = {1, 2, 3},
});
