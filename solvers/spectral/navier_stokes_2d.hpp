#pragma once
// 2D incompressible Navier–Stokes in vorticity form on a periodic box:
//   w_t + u . grad w = nu lap w + f,   u = (psi_y, -psi_x),   -lap psi = w.
// L = -nu |k|^2; N = f - u . grad w, the product formed in physical space and 2/3-dealiased.
// Forcing: none; the FNO paper's 0.1 (sin 2pi(x+y) + cos 2pi(x+y)) (amplitude scales the 0.1);
// Kolmogorov A sin(2 pi k y / L).
#include "kernels/buffer.hpp"
#include "kernels/fft_cache.hpp"
#include "solvers/spectral/spectral_pde.hpp"

namespace simforge {

template <class Real>
class NavierStokes2d final : public SpectralPde<Real> {
 public:
  enum class Forcing { None, Fno, Kolmogorov };  // in the order of the forcing option's values
  // The coefficient rows, in descriptor order.
  enum Parameter : std::size_t { viscosity, forcing_amplitude, forcing_wavenumber, parameter_count };
  static PdeDescriptor descriptor();

  NavierStokes2d(const PdeSpec& spec, const PdeDescriptor& d, const SpectralGrid& grid, std::size_t max_batch,
                 const Stream& stream);

  int n_fields() const override { return 1; }
  LinearSymbol linear(int field, const double* params) const override;
  void nonlinear(const Complex<Real>* uhat, Complex<Real>* nhat, const double* params_device,
                 std::size_t batch) override;
  std::vector<double> stability_rate(std::size_t batch) override;

 private:
  SpectralGrid grid_;
  const Stream& stream_;
  std::size_t max_batch_;
  FftCache<Real> fft_;
  DeviceBuffer<Complex<Real>> gradients_hat_;  // [batch, 4, modes]: u, v, w_x, w_y
  DeviceBuffer<Real> gradients_;               // [batch, 4, points]
  DeviceBuffer<Real> advection_;               // [batch, points]
  DeviceBuffer<Complex<Real>> advection_hat_;  // [batch, modes]
  DeviceBuffer<Complex<Real>> forcing_hat_;    // [modes], unit amplitude
};

}  // namespace simforge
