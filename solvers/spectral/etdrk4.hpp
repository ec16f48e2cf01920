#pragma once
// ETDRK4 (Cox & Matthews 2002): exponential time differencing, fourth order. L is integrated
// exactly; the phi-function coefficients are evaluated once per distinct symbol by
// Kassam & Trefethen's (2005) contour integrals, in double, which avoids the cancellation of the
// direct formulas for small |dt L|.
#include "solvers/spectral/time_stepper.hpp"

namespace simforge {

template <class Real>
class Etdrk4 final : public TimeStepper<Real> {
 public:
  Etdrk4(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch, const Stream& stream);
  void step(Complex<Real>* uhat, std::size_t first, std::size_t count) override;

 private:
  void tabulate(const SymbolRows& rows) override;
  std::vector<LinearSymbol> tabulated_;         // the symbols the tables hold
  DeviceBuffer<Complex<Real>> coefficients_;    // [6, table rows, modes]: E, E2, Q, f1, f2, f3
  DeviceBuffer<Complex<Real>> a_, b_, c_, nu_, na_, nb_, nc_;
};

}  // namespace simforge
