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

}  // namespace

double grf_default_sigma(double alpha, double tau, int dim) { return std::pow(tau, alpha - 0.5 * dim); }

const std::vector<InitialConditionDescriptor>& initial_condition_catalog() {
  static const std::vector<InitialConditionDescriptor> catalog = {
      {"grf",
       "Gaussian random field, covariance sigma^2 (-lap + tau^2)^(-alpha), mean zero",
       {{"alpha", 2.5, 0.0, 100.0, true, false, "smoothness exponent alpha (> d/2 for finite variance)"},
        {"tau", 7.0, 0.0, 1e6, true, false, "inverse length scale tau"},
        {"sigma", 0.0, 0.0, 1e12, false, false, "amplitude sigma; 0 selects tau^(alpha - d/2)"}}},
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
                                const Stream& stream) {
  const InitialConditionDescriptor& d = find_initial_condition(spec.type);
  SIMFORGE_CHECK(spec.parameters.size() == d.parameters.size(), "initial condition ", d.name, ": expected ",
                 d.parameters.size(), " parameters, got ", spec.parameters.size());
  if (d.name == "grf") {
    const double alpha = spec.parameters[0], tau = spec.parameters[1];
    const double sigma = spec.parameters[2] > 0 ? spec.parameters[2] : grf_default_sigma(alpha, tau, grid.dim);
    for_each_mode(stream, grid, count * std::size_t(fields),
                  GaussianRandomField<Real>{grid, fields, seed, first, alpha, tau, sigma, uhat});
    return;
  }
  SIMFORGE_FAIL("initial condition ", d.name, " has no generator");
}

template void generate_initial_condition(const InitialConditionSpec&, const SpectralGrid&, int, std::uint64_t,
                                         std::uint64_t, std::size_t, Complex<float>*, const Stream&);
template void generate_initial_condition(const InitialConditionSpec&, const SpectralGrid&, int, std::uint64_t,
                                         std::uint64_t, std::size_t, Complex<double>*, const Stream&);

}  // namespace simforge
