#pragma once
// Classical fourth-order Runge–Kutta on u_t = L u + N(u). Explicit in L too, so stiff symbols
// (high-order derivatives) limit dt: prepare() rejects a dt outside the stability region
// (|dt L| <= 2.78 along the axes) before any step is taken.
#include "solvers/symbol_rows.hpp"
#include "solvers/time_stepper.hpp"

namespace simforge {

template <class Real>
class Rk4 final : public TimeStepper<Real> {
 public:
  Rk4(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch, const Stream& stream);
  void prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t n_params,
               std::size_t batch) override;
  void step(Complex<Real>* uhat, std::size_t first, std::size_t count) override;

  static constexpr double stability_limit = 2.78;  // RK4's reach along the real and imaginary axes

 private:
  SpectralPde<Real>& pde_;
  SpectralGrid grid_;
  double dt_;
  const Stream& stream_;
  std::size_t batch_ = 0, n_params_ = 0;
  const double* params_ = nullptr;
  TableRow table_{true, 1};
  DeviceBuffer<Complex<Real>> l_;  // [table rows, modes]
  DeviceBuffer<Complex<Real>> stage_, n_, sum_;
};

}  // namespace simforge
