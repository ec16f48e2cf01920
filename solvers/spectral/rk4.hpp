#pragma once
// Classical fourth-order Runge–Kutta on u_t = L u + N(u). Explicit in L too, so stiff symbols
// (high-order derivatives) limit dt: prepare() rejects a dt outside the stability region
// (|dt L| <= 2.78 along the axes) before any step is taken.
#include "solvers/spectral/time_stepper.hpp"

namespace simforge {

template <class Real>
class Rk4 final : public TimeStepper<Real> {
 public:
  Rk4(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch, const Stream& stream);
  void step(Complex<Real>* uhat, std::size_t first, std::size_t count) override;

  static constexpr double stability_limit = 2.78;  // RK4's reach along the real and imaginary axes

 private:
  void tabulate(const SymbolRows& rows) override;  // also rejects a dt outside the stability region
  DeviceBuffer<Complex<Real>> l_;  // [table rows, modes]
  DeviceBuffer<Complex<Real>> stage_, n_, sum_;
};

}  // namespace simforge
