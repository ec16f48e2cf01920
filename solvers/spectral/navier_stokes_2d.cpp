#include "solvers/spectral/navier_stokes_2d.hpp"

#include <cmath>

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_ops.hpp"

namespace simforge {

namespace {

// From w_hat: the spectra of u = psi_y, v = -psi_x, w_x and w_y, dealiased and scaled by 1/points
// so that the inverse FFT yields physical values.
template <class Real>
struct VelocityAndGradient {
  SpectralGrid g;
  const Complex<Real>* w_hat;
  Complex<Real>* out;  // [batch, 4, modes]
  SIMFORGE_HD void operator()(std::size_t b, std::size_t m, const int k[3]) const {
    const std::size_t modes = g.modes();
    const bool keep = g.kept_by_dealiasing(k) && !g.is_nyquist(k);
    const Real s = Real(g.wavenumber_scale());
    const Real ky = s * Real(k[0]), kx = s * Real(k[1]);
    const Real k2 = kx * kx + ky * ky;
    const Complex<Real> w = keep ? w_hat[b * modes + m] * Real(g.inv_points) : Complex<Real>(0, 0);
    const Complex<Real> psi = k2 > Real(0) ? w / k2 : Complex<Real>(0, 0);
    Complex<Real>* o = out + b * 4 * modes + m;
    o[0] = i_times(ky, psi);
    o[modes] = i_times(-kx, psi);
    o[2 * modes] = i_times(kx, w);
    o[3 * modes] = i_times(ky, w);
  }
};

template <class Real>
struct Advection {
  std::size_t points;
  const Real* grad;  // [batch, 4, points]
  Real* out;         // [batch, points]
  SIMFORGE_HD void operator()(std::size_t b, std::size_t p) const {
    const Real* q = grad + b * 4 * points + p;
    out[b * points + p] = q[0] * q[2 * points] + q[points] * q[3 * points];
  }
};

// N = amplitude * f_hat - dealias(FFT(u . grad w)).
template <class Real>
struct Assemble {
  SpectralGrid g;
  std::size_t n_params;
  const double* params;
  const Complex<Real>* forcing_hat;
  const Complex<Real>* advection_hat;
  Complex<Real>* n_hat;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t m, const int k[3]) const {
    const std::size_t i = b * g.modes() + m;
    const Real amp = Real(params[b * n_params + NavierStokes2d<Real>::forcing_amplitude]);
    const Complex<Real> adv = g.kept_by_dealiasing(k) ? advection_hat[i] : Complex<Real>(0, 0);
    n_hat[i] = forcing_hat[m] * amp - adv;
  }
};

template <class Real>
struct ForcingField {
  SpectralGrid g;
  typename NavierStokes2d<Real>::Forcing kind;
  int wavenumber;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t iy, std::size_t ix) const {
    const double twopi = 6.283185307179586;
    const double x = double(ix) / g.n[1], y = double(iy) / g.n[0];  // in units of the box length
    double f = 0;
    if (kind == NavierStokes2d<Real>::Forcing::Fno)
      f = sin(twopi * (x + y)) + cos(twopi * (x + y));
    else if (kind == NavierStokes2d<Real>::Forcing::Kolmogorov)
      f = sin(twopi * wavenumber * y);
    out[iy * std::size_t(g.n[1]) + ix] = Real(f);
  }
};

}  // namespace

template <class Real>
PdeDescriptor NavierStokes2d<Real>::descriptor() {
  PdeDescriptor d;
  d.name = "navier_stokes_2d";
  d.summary = "incompressible Navier–Stokes, vorticity form: w_t + u.grad w = nu lap w + f";
  d.dims = {2};
  d.fields = {"vorticity"};
  d.parameters = {
      {.name = "viscosity", .default_value = 1e-3, .min = 0.0, .max = 1e3, .min_exclusive = true,
       .doc = "kinematic viscosity nu"},
      {.name = "forcing_amplitude", .default_value = 0.1, .min = -1e6, .max = 1e6,
       .doc = "forcing amplitude A (fno: A (sin 2pi(x+y) + cos 2pi(x+y)); kolmogorov: A sin(2pi k y))"},
      {.name = "forcing_wavenumber", .default_value = 4, .min = 1, .max = 1e6, .may_vary = false, .integer = true,
       .doc = "Kolmogorov forcing wavenumber k (integer)"},
  };
  d.stability_limited = true;  // advective CFL
  d.options = {{.name = "forcing", .allowed = {"none", "fno", "kolmogorov"}, .default_value = "none", .doc = "body force f"}};
  return d;
}

template <class Real>
NavierStokes2d<Real>::NavierStokes2d(const PdeSpec& spec, const PdeDescriptor& d, const SpectralGrid& grid,
                                     std::size_t max_batch, const Stream& stream)
    : grid_(grid),
      stream_(stream),
      max_batch_(max_batch),
      fft_({grid.n[0], grid.n[1]}, FftKind::RealToComplex, stream),
      gradients_hat_(4 * max_batch * grid.modes()),
      gradients_(4 * max_batch * grid.points()),
      advection_(max_batch * grid.points()),
      advection_hat_(max_batch * grid.modes()),
      forcing_hat_(grid.modes()) {
  SIMFORGE_CHECK(grid.dim == 2, "navier_stokes_2d needs a 2D grid, got ", grid.dim, "D");
  const auto forcing = Forcing(d.option_index(spec, "forcing"));
  const int forcing_wavenumber = int(d.fixed(spec, "forcing_wavenumber"));
  SIMFORGE_CHECK(forcing_wavenumber >= 1 && 2 * forcing_wavenumber < grid.n[0],
                 "navier_stokes_2d: forcing_wavenumber ", forcing_wavenumber, " must be in [1, ", grid.n[0] / 2 - 1, "]");
  DeviceBuffer<Real> f(grid.points());
  for_each_index(stream, std::size_t(grid.n[0]), std::size_t(grid.n[1]),
                 ForcingField<Real>{grid, forcing, forcing_wavenumber, f.data()});
  fft_.get(1).forward(f.data(), forcing_hat_.data());
  stream.synchronize();
}

template <class Real>
LinearSymbol NavierStokes2d<Real>::linear(int, const double* params) const {
  LinearSymbol s;
  s.c2 = -params[viscosity];
  return s;
}

template <class Real>
void NavierStokes2d<Real>::nonlinear(const Complex<Real>* uhat, Complex<Real>* nhat, const double* params_device,
                                     std::size_t batch) {
  SIMFORGE_CHECK(batch <= max_batch_, "navier_stokes_2d: batch ", batch, " exceeds ", max_batch_);
  const std::size_t points = grid_.points();
  for_each_mode(stream_, grid_, batch, VelocityAndGradient<Real>{grid_, uhat, gradients_hat_.data()});
  fft_.get(4 * batch).inverse(gradients_hat_.data(), gradients_.data());
  for_each_index(stream_, batch, points, Advection<Real>{points, gradients_.data(), advection_.data()});
  fft_.get(batch).forward(advection_.data(), advection_hat_.data());
  for_each_mode(stream_, grid_, batch, Assemble<Real>{grid_, parameter_count, params_device, forcing_hat_.data(), advection_hat_.data(), nhat});
}

template <class Real>
std::vector<double> NavierStokes2d<Real>::stability_rate(std::size_t batch) {
  const std::size_t points = grid_.points();
  std::vector<double> rate(batch);
  for (std::size_t b = 0; b < batch; ++b) {
    const Real* q = gradients_.data() + b * 4 * points;
    rate[b] = double(max_abs(stream_, q, points)) / grid_.spacing(1) +
              double(max_abs(stream_, q + points, points)) / grid_.spacing(0);
  }
  return rate;
}

template class NavierStokes2d<float>;
template class NavierStokes2d<double>;

}  // namespace simforge

SIMFORGE_REGISTER_SPECTRAL_PDE(simforge::NavierStokes2d);
