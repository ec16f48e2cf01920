// Truncated random Fourier series: every mode with 0 < max_a |k_a| <= K gets a standard complex
// normal times amplitude_f (1 + |k|^2)^(-decay/2); the mean is offset_f. Defined by its spectrum
// (device source).
#include <cmath>

#include "solvers/spectral/hermitian_normal.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_initial_condition.hpp"

namespace simforge {

namespace {

template <class Real>
struct FourierSeriesModes {
  SpectralGrid g;
  int fields, max_k;
  std::uint64_t seed, first;
  double decay;
  double amplitude[4], offset[4];
  Complex<Real>* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    const std::size_t b = row / fields, f = row % fields;
    int kmax = 0;
    double k2 = 0;
    for (int a = 0; a < g.dim; ++a) {
      kmax = k[a] < 0 ? (-k[a] > kmax ? -k[a] : kmax) : (k[a] > kmax ? k[a] : kmax);
      k2 += double(k[a]) * k[a];
    }
    Complex<double> v(0, 0);
    if (k2 == 0)
      v = Complex<double>(offset[f] * double(g.points()), 0);
    else if (kmax <= max_k)
      v = hermitian_normal(g, PhiloxStream(seed, first + b, std::uint32_t(f)), m, k) *
          (amplitude[f] * pow(1.0 + k2, -0.5 * decay) * double(g.points()));
    out[row * g.modes() + m] = Complex<Real>(Real(v.real()), Real(v.imag()));
  }
};

template <class Real>
class FourierSeries final : public SpectralFieldCondition<Real> {
 public:
  explicit FourierSeries(const InitialConditionValues& v) : values_(v) {}
  void spectrum(const InitialConditionRequest& r, const SpectralGrid& g, Complex<Real>* out) override {
    FourierSeriesModes<Real> f{g, r.fields, int(values_("max_wavenumber")), r.seed, r.first, values_("decay"), {}, {}, out};
    values_.per_field("amplitude", r.fields, f.amplitude);
    values_.per_field("offset", r.fields, f.offset);
    for_each_mode(*r.stream, g, r.count * std::size_t(r.fields), f);
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::FourierSeries, {
    .name = "fourier_series",
    .summary = "truncated random Fourier series: modes with max |k_a| <= max_wavenumber, amplitude (1 + |k|^2)^(-decay/2)",
    .parameters = {{.name = "max_wavenumber", .default_value = 4, .min = 1, .max = 1e4, .may_vary = false, .integer = true,
                    .doc = "largest integer wavenumber K"},
                   {.name = "decay", .default_value = 1.0, .min = 0.0, .max = 100, .may_vary = false,
                    .doc = "spectral decay exponent"},
                   {.name = "amplitude", .default_value = 1.0, .min = 0.0, .max = 1e12, .may_vary = false,
                    .doc = "amplitude (per field)"},
                   {.name = "offset", .default_value = 0.0, .min = -1e12, .max = 1e12, .may_vary = false,
                    .doc = "mean value (per field)"}},
    .per_field = {false, false, true, true},
    .dims = {1, 2, 3},
});
