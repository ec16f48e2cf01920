#pragma once
// PDEs whose nonlinear term is pointwise in the fields: N_f = R_f(u) + d/dx Q_f(u), a reaction R
// and a conservative flux Q along the last axis. One generic pseudo-spectral evaluation serves
// Burgers, KdV, Kuramoto–Sivashinsky, Gray–Scott, Allen–Cahn, Swift–Hohenberg and the linear
// advection/diffusion family (no nonlinear term at all). Each PDE is a small Physics type in its
// own file in reaction_flux/, registered there in one line:
//
//   struct Physics {
//     static constexpr int fields;                 // number of fields
//     static constexpr bool reaction, flux;        // which terms exist
//     static PdeDescriptor descriptor();
//     static LinearSymbol linear(int field, const double* params, int dim);
//     template <class T> SIMFORGE_HD void pointwise(const T* u, const double* params, T* r, T* q) const;
//     template <class T> SIMFORGE_HD double rate(const T* u, const double* params, double inv_dx) const;
//   };
//   SIMFORGE_REGISTER_REACTION_FLUX_PDE(Physics);
//
// `params` rows are in descriptor order. `rate` is the explicit stability rate (1/time) at a
// point, e.g. |dQ/du| / dx for a flux; the simulation checks dt * rate against time.cfl_max.
// This header holds device code: include it from device sources only (simforge_device_sources).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/error.hpp"
#include "kernels/fft_cache.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_ops.hpp"
#include "solvers/spectral/spectral_pde.hpp"

namespace simforge {

namespace reaction_flux {

// Dealiased copy of the spectra, scaled so that the inverse FFT yields physical values.
template <class Real>
struct DealiasScale {
  SpectralGrid g;
  const Complex<Real>* in;
  Complex<Real>* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    const std::size_t i = row * g.modes() + m;
    out[i] = g.kept_by_dealiasing(k) ? in[i] * Real(g.inv_points) : Complex<Real>(0, 0);
  }
};

// Pointwise nonlinear terms at every grid point.
template <class Real, class P>
struct Pointwise {
  P physics;
  std::size_t points, n_params;
  const double* params;
  const Real* u;  // [batch, fields, points]
  Real* r;        // [batch, fields, points] or null
  Real* q;        // [batch, fields, points] or null
  SIMFORGE_HD void operator()(std::size_t b, std::size_t p) const {
    Real v[P::fields], rv[P::fields], qv[P::fields];
    for (int f = 0; f < P::fields; ++f) {
      v[f] = u[(b * P::fields + f) * points + p];
      rv[f] = qv[f] = Real(0);
    }
    const double* row = params + b * n_params;
    physics.pointwise(v, row, rv, qv);
    for (int f = 0; f < P::fields; ++f) {
      if (P::reaction) r[(b * P::fields + f) * points + p] = rv[f];
      if (P::flux) q[(b * P::fields + f) * points + p] = qv[f];
    }
  }
};

// The local explicit stability rate of one sample at point p, from the fields of the latest
// nonlinear evaluation (computed only when the simulation asks, at saved frames).
template <class Real, class P>
struct StabilityRate {
  P physics;
  std::size_t points;
  double inv_dx;
  const double* params;  // this sample's row
  const Real* u;         // this sample's [fields, points]
  SIMFORGE_HD double operator()(std::size_t p) const {
    Real v[P::fields];
    for (int f = 0; f < P::fields; ++f) v[f] = u[f * points + p];
    return physics.rate(v, params, inv_dx);
  }
};

// N = dealias(R_hat + i k_x Q_hat), k_x along the last axis.
template <class Real>
struct AssembleReactionFlux {
  SpectralGrid g;
  const Complex<Real>* r;  // may be null
  const Complex<Real>* q;  // may be null
  Complex<Real>* n;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    const std::size_t i = row * g.modes() + m;
    Complex<Real> v(0, 0);
    if (g.kept_by_dealiasing(k)) {
      if (r) v += r[i];
      if (q && !g.is_nyquist(k)) v += i_times(Real(g.wavenumber_scale() * k[g.dim - 1]), q[i]);
    }
    n[i] = v;
  }
};

template <class Real>
struct Zero {
  Complex<Real>* p;
  SIMFORGE_HD void operator()(std::size_t i) const { p[i] = Complex<Real>(0, 0); }
};

template <class Real, class P>
class ReactionFluxPde final : public SpectralPde<Real> {
 public:
  static PdeDescriptor descriptor() { return P::descriptor(); }
  ReactionFluxPde(const PdeSpec&, const PdeDescriptor&, const SpectralGrid& grid, std::size_t max_batch, const Stream& stream)
      : grid_(grid),
        stream_(stream),
        max_batch_(max_batch),
        n_params_(P::descriptor().parameters.size()),
        fft_(std::vector<int>(grid.n, grid.n + grid.dim), FftKind::RealToComplex, stream) {
    const PdeDescriptor d = P::descriptor();
    SIMFORGE_CHECK(std::find(d.dims.begin(), d.dims.end(), grid.dim) != d.dims.end(), "PDE ", d.name,
                   " does not support ", grid.dim, "D grids");
    if (!P::reaction && !P::flux) return;
    const std::size_t rows = max_batch * P::fields;
    work_hat_ = DeviceBuffer<Complex<Real>>(rows * grid.modes());
    fields_ = DeviceBuffer<Real>(rows * grid.points());
    if (P::reaction) {
      reaction_ = DeviceBuffer<Real>(rows * grid.points());
      reaction_hat_ = DeviceBuffer<Complex<Real>>(rows * grid.modes());
    }
    if (P::flux) {
      flux_ = DeviceBuffer<Real>(rows * grid.points());
      flux_hat_ = DeviceBuffer<Complex<Real>>(rows * grid.modes());
    }
  }

  int n_fields() const override { return P::fields; }
  LinearSymbol linear(int field, const double* params) const override { return P::linear(field, params, grid_.dim); }

  void nonlinear(const Complex<Real>* uhat, Complex<Real>* nhat, const double* params_device, std::size_t batch) override {
    SIMFORGE_CHECK(batch <= max_batch_, P::descriptor().name, ": batch ", batch, " exceeds ", max_batch_);
    const std::size_t rows = batch * P::fields;
    if (!P::reaction && !P::flux) {
      for_each_index(stream_, rows * grid_.modes(), Zero<Real>{nhat});
      return;
    }
    for_each_mode(stream_, grid_, rows, DealiasScale<Real>{grid_, uhat, work_hat_.data()});
    Fft<Real>& fft = fft_.get(rows);
    fft.inverse(work_hat_.data(), fields_.data());
    for_each_index(stream_, batch, grid_.points(),
                   Pointwise<Real, P>{P{}, grid_.points(), n_params_, params_device, fields_.data(), reaction_.data(),
                                      flux_.data()});
    last_params_ = params_device;
    if (P::reaction) fft.forward(reaction_.data(), reaction_hat_.data());
    if (P::flux) fft.forward(flux_.data(), flux_hat_.data());
    for_each_mode(stream_, grid_, rows, AssembleReactionFlux<Real>{grid_, reaction_hat_.data(), flux_hat_.data(), nhat});
  }

  std::vector<double> stability_rate(std::size_t batch) override {
    if (!P::reaction && !P::flux) return {};
    const std::size_t pts = grid_.points();
    std::vector<double> rate(batch);
    for (std::size_t b = 0; b < batch; ++b)
      rate[b] = transform_reduce_index(
          stream_, pts,
          StabilityRate<Real, P>{P{}, pts, 1.0 / grid_.spacing(grid_.dim - 1), last_params_ + b * n_params_,
                                 fields_.data() + b * P::fields * pts},
          0.0, detail::MaxOp<double>());
    return rate;
  }

 private:
  SpectralGrid grid_;
  const Stream& stream_;
  std::size_t max_batch_, n_params_;
  FftCache<Real> fft_;
  DeviceBuffer<Complex<Real>> work_hat_, reaction_hat_, flux_hat_;
  DeviceBuffer<Real> fields_, reaction_, flux_;
  const double* last_params_ = nullptr;  // parameter rows of the latest nonlinear evaluation
};

}  // namespace reaction_flux

// The registry entry's class template for Physics P.
template <class P>
struct ReactionFlux {
  template <class Real>
  using Pde = reaction_flux::ReactionFluxPde<Real, P>;
};

}  // namespace simforge

// Terms that several members share.
namespace simforge::physics {

// No nonlinear term: the linear members (advection, diffusion); L does everything.
struct LinearOnly {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = false;
  template <class T>
  SIMFORGE_HD void pointwise(const T*, const double*, T*, T*) const {}
  template <class T>
  SIMFORGE_HD double rate(const T*, const double*, double) const { return 0; }
};

// Burgers' flux: N = -(u^2/2)_x, with the advective rate |u| / dx (Burgers, Kuramoto–Sivashinsky).
struct BurgersFlux {
  static constexpr int fields = 1;
  static constexpr bool reaction = false, flux = true;
  template <class T>
  SIMFORGE_HD void pointwise(const T* u, const double*, T*, T* q) const { q[0] = T(-0.5) * u[0] * u[0]; }
  template <class T>
  SIMFORGE_HD double rate(const T* u, const double*, double inv_dx) const { return fabs(double(u[0])) * inv_dx; }
};

}  // namespace simforge::physics

#define SIMFORGE_REGISTER_REACTION_FLUX_PDE(Physics) SIMFORGE_REGISTER_SPECTRAL_PDE(::simforge::ReactionFlux<Physics>::template Pde)
