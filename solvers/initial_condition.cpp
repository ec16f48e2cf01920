#include "solvers/initial_condition.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "kernels/error.hpp"
#include "solvers/mode_loop.hpp"
#include "kernels/philox.hpp"

namespace simforge {

namespace {

// A standard complex normal per mode with the Hermitian symmetry of a real field: a mode and its
// mirror -k (which share a slot only on the halved axis' 0 and Nyquist planes) are conjugates, and
// self-conjugate modes are real. E|z|^2 = 1 either way.
SIMFORGE_HD inline Complex<double> hermitian_normal(const SpectralGrid& g, const PhiloxStream& rng, std::size_t m,
                                                    const int k[3]) {
  const int last = k[g.dim - 1];
  std::size_t mirror = m;
  if (last == 0 || 2 * last == g.n[g.dim - 1]) {
    int km[3] = {0, 0, 0};
    for (int a = 0; a + 1 < g.dim; ++a) km[a] = (k[a] == -g.n[a] / 2 || k[a] == g.n[a] / 2) ? k[a] : -k[a];
    km[g.dim - 1] = last;
    mirror = g.mode_index(km);
  }
  double z0, z1;
  rng.normal2(m < mirror ? m : mirror, z0, z1);
  if (mirror == m) return Complex<double>(z0, 0.0);
  const double r = 0.7071067811865476;
  return m < mirror ? Complex<double>(r * z0, r * z1) : Complex<double>(r * z0, -r * z1);
}

// Gaussian random field with covariance sigma^2 (-lap + tau^2)^(-alpha), mean zero:
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

// Truncated random Fourier series: every mode with 0 < max_a |k_a| <= K gets a standard complex
// normal times amplitude_f (1 + |k|^2)^(-decay/2); the mean is offset_f.
template <class Real>
struct FourierSeries {
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

// Physical-space position of point p along each axis, in units of the box length.
SIMFORGE_HD inline void position(const SpectralGrid& g, std::size_t p, double offset, double x[3]) {
  for (int a = g.dim - 1; a >= 0; --a) {
    x[a] = (double(p % std::size_t(g.n[a])) + offset) / g.n[a];
    p /= std::size_t(g.n[a]);
  }
}

// PDEBench's 1D initial condition (init_multi): a sum of `waves` sines with integer wavenumbers
// drawn from [1, k_max], amplitudes U(0, 1) and phases U(0, 2 pi); then, per sample, with
// probability p_abs the absolute value, a random sign, and with probability p_window a tanh window
// on [x_L, x_R], x_L ~ U(0.1, 0.45), x_R ~ U(0.55, 0.9), width 0.01. Wavenumbers are 2 pi n / L,
// exactly periodic (PDEBench's own uses the distance between the first and last cell centres).
template <class Real>
struct SineWaves {
  SpectralGrid g;
  int fields, waves, k_max;
  double p_abs, p_window, offset;
  std::uint64_t seed, first;
  Real* out;  // [rows, points]
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / fields, f = row % fields;
    const PhiloxStream rng(seed, first + b, std::uint32_t(f));
    double x[3];
    position(g, p, offset, x);
    const double xl = x[g.dim - 1], twopi = 6.283185307179586;
    double u = 0;
    for (int w = 0; w < waves; ++w) {
      const PhiloxCounter r = rng.bits(std::uint64_t(w));
      const int n = 1 + int(r.v[0] % std::uint32_t(k_max));
      u += uniform_open0(r.v[1]) * sin(twopi * n * xl + twopi * uniform_open0(r.v[2]));
    }
    const PhiloxCounter s = rng.bits(1000);
    if (uniform_open0(s.v[0]) <= p_abs) u = fabs(u);
    if (s.v[1] & 1u) u = -u;
    if (uniform_open0(s.v[2]) <= p_window) {
      const PhiloxCounter e = rng.bits(1001);
      const double left = 0.1 + 0.35 * uniform_open0(e.v[0]), right = 0.55 + 0.35 * uniform_open0(e.v[1]);
      u *= 0.5 * (tanh((xl - left) / 0.01) - tanh((xl - right) / 0.01));
    }
    out[row * g.points() + p] = Real(u);
  }
};

// `count` Gaussian blobs with random centres: u_f = background_f + amplitude_f sum_j
// exp(-|x - c_j|^2 / (2 r^2)), distances periodic, r in units of the box length. Seeds for
// Gray–Scott (u = 1 - ..., v = ...) and localized pulses for the other PDEs.
template <class Real>
struct GaussianBlobs {
  SpectralGrid g;
  int fields, blobs;
  double radius, offset;
  double background[4], amplitude[4];
  std::uint64_t seed, first;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / fields, f = row % fields;
    const PhiloxStream rng(seed, first + b, 0);  // the same centres for every field
    double x[3];
    position(g, p, offset, x);
    double s = 0;
    for (int j = 0; j < blobs; ++j) {
      const PhiloxCounter c = rng.bits(std::uint64_t(j));
      double r2 = 0;
      for (int a = 0; a < g.dim; ++a) {
        double d = fabs(x[a] - uniform_open0(c.v[a]));
        d = d > 0.5 ? 1.0 - d : d;
        r2 += d * d;
      }
      s += exp(-0.5 * r2 / (radius * radius));
    }
    out[row * g.points() + p] = Real(background[f] + amplitude[f] * s);
  }
};

}  // namespace

double grf_default_sigma(double alpha, double tau, int dim) { return std::pow(tau, alpha - 0.5 * dim); }

const std::vector<InitialConditionDescriptor>& initial_condition_catalog() {
  static const std::vector<InitialConditionDescriptor> catalog = {
      {"grf",
       "Gaussian random field, covariance sigma^2 (-lap + tau^2)^(-alpha), mean zero",
       {{"alpha", 2.5, 0.0, 100.0, true, false, "smoothness exponent alpha (> d/2 for finite variance)"},
        {"tau", 7.0, 0.0, 1e6, true, false, "inverse length scale tau"},
        {"sigma", 0.0, 0.0, 1e12, false, false, "amplitude sigma; 0 selects tau^(alpha - d/2)"}},
       {false, false, false},
       {1, 2, 3}},
      {"fourier_series",
       "truncated random Fourier series: modes with max |k_a| <= max_wavenumber, amplitude (1 + |k|^2)^(-decay/2)",
       {{"max_wavenumber", 4, 1, 1e4, false, false, "largest integer wavenumber K"},
        {"decay", 1.0, 0.0, 100, false, false, "spectral decay exponent"},
        {"amplitude", 1.0, 0.0, 1e12, false, false, "amplitude (per field)"},
        {"offset", 0.0, -1e12, 1e12, false, false, "mean value (per field)"}},
       {false, false, true, true},
       {1, 2, 3}},
      {"sine_waves",
       "PDEBench's 1D initial condition: random sine superpositions, random |.|, sign and tanh window",
       {{"waves", 2, 1, 64, false, false, "sines per sample (PDEBench: 2)"},
        {"max_wavenumber", 8, 1, 1e4, false, false, "wavenumbers drawn from 1..max_wavenumber (PDEBench: 8)"},
        {"abs_probability", 0.1, 0.0, 1.0, false, false, "probability of taking |u| (PDEBench: 0.1)"},
        {"window_probability", 0.1, 0.0, 1.0, false, false, "probability of a tanh window (PDEBench: 0.1)"}},
       {false, false, false, false},
       {1}},
      {"gaussian_blobs",
       "random Gaussian blobs on a background (Gray–Scott seeds)",
       {{"count", 3, 1, 1000, false, false, "number of blobs"},
        {"radius", 0.05, 0.0, 1.0, true, false, "blob radius, in units of the box length"},
        {"background", 0.0, -1e12, 1e12, false, false, "background value (per field)"},
        {"amplitude", 1.0, -1e12, 1e12, false, false, "blob amplitude (per field)"}},
       {false, false, true, true},
       {1, 2, 3}},
  };
  return catalog;
}

const InitialConditionDescriptor& find_initial_condition(const std::string& name) {
  const auto& c = initial_condition_catalog();
  auto it = std::find_if(c.begin(), c.end(), [&](const auto& d) { return d.name == name; });
  if (it != c.end()) return *it;
  std::ostringstream valid;
  for (std::size_t i = 0; i < c.size(); ++i) valid << (i ? ", " : "") << c[i].name;
  SIMFORGE_FAIL("unknown initial condition '", name, "'; valid: ", valid.str());
}

template <class Real>
void generate_initial_condition(const InitialConditionSpec& spec, const SpectralGrid& grid, int fields,
                                std::uint64_t seed, std::uint64_t first, std::size_t count, Complex<Real>* uhat,
                                const Stream& stream, FftCache<Real>& fft, Real* work, double offset) {
  const InitialConditionDescriptor& d = find_initial_condition(spec.type);
  SIMFORGE_CHECK(spec.parameters.size() == d.parameters.size(), "initial condition ", d.name, ": expected ",
                 d.parameters.size(), " parameters, got ", spec.parameters.size());
  SIMFORGE_CHECK(fields <= 4, "initial conditions support up to 4 fields, got ", fields);
  SIMFORGE_CHECK(std::find(d.dims.begin(), d.dims.end(), grid.dim) != d.dims.end(), "initial condition ", d.name,
                 " does not support ", grid.dim, "D grids");
  const std::size_t rows = count * std::size_t(fields);
  auto per_field = [&](std::size_t p, double (&out)[4]) {
    for (int f = 0; f < fields; ++f) out[f] = spec.value(p, std::size_t(f));
  };
  if (d.name == "grf") {
    const double alpha = spec.value(0), tau = spec.value(1);
    const double sigma = spec.value(2) > 0 ? spec.value(2) : grf_default_sigma(alpha, tau, grid.dim);
    for_each_mode(stream, grid, rows, GaussianRandomField<Real>{grid, fields, seed, first, alpha, tau, sigma, uhat});
    return;
  }
  if (d.name == "fourier_series") {
    FourierSeries<Real> f{grid, fields, int(spec.value(0)), seed, first, spec.value(1), {}, {}, uhat};
    per_field(2, f.amplitude);
    per_field(3, f.offset);
    for_each_mode(stream, grid, rows, f);
    return;
  }
  if (d.name == "sine_waves") {
    for_each_index(stream, rows, grid.points(),
                   SineWaves<Real>{grid, fields, int(spec.value(0)), int(spec.value(1)), spec.value(2), spec.value(3),
                                   offset, seed, first, work});
  } else if (d.name == "gaussian_blobs") {
    GaussianBlobs<Real> f{grid, fields, int(spec.value(0)), spec.value(1), offset, {}, {}, seed, first, work};
    per_field(2, f.background);
    per_field(3, f.amplitude);
    for_each_index(stream, rows, grid.points(), f);
  } else {
    SIMFORGE_FAIL("initial condition ", d.name, " has no generator");
  }
  fft.get(rows).forward(work, uhat);
}

template void generate_initial_condition(const InitialConditionSpec&, const SpectralGrid&, int, std::uint64_t,
                                         std::uint64_t, std::size_t, Complex<float>*, const Stream&, FftCache<float>&,
                                         float*, double);
template void generate_initial_condition(const InitialConditionSpec&, const SpectralGrid&, int, std::uint64_t,
                                         std::uint64_t, std::size_t, Complex<double>*, const Stream&,
                                         FftCache<double>&, double*, double);

}  // namespace simforge
