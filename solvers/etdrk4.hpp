#pragma once
// ETDRK4 (Cox & Matthews 2002): exponential time differencing, fourth order. L is integrated
// exactly; the phi-function coefficients are evaluated once per distinct symbol by
// Kassam & Trefethen's (2005) contour integrals, in double, which avoids the cancellation of the
// direct formulas for small |dt L|.
#include "solvers/symbol_rows.hpp"
#include "solvers/time_stepper.hpp"

namespace simforge {

template <class Real>
class Etdrk4 final : public TimeStepper<Real> {
 public:
  Etdrk4(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch, const Stream& stream);
  void prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t n_params,
               std::size_t batch) override;
  void step(Complex<Real>* uhat, std::size_t first, std::size_t count) override;

 private:
  SpectralPde<Real>& pde_;
  SpectralGrid grid_;
  double dt_;
  const Stream& stream_;
  std::size_t batch_ = 0, n_params_ = 0;
  const double* params_ = nullptr;
  TableRow table_{true, 1};
  std::vector<LinearSymbol> tabulated_;         // the symbols the tables hold
  DeviceBuffer<Complex<Real>> coefficients_;    // [6, table rows, modes]: E, E2, Q, f1, f2, f3
  DeviceBuffer<Complex<Real>> a_, b_, c_, nu_, na_, nb_, nc_;
};

}  // namespace simforge
