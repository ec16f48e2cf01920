#pragma once
// Crank–Nicolson for L, Heun (explicit trapezoid) for N: the scheme of the FNO paper's
// Navier–Stokes data generator. Second order in time; unconditionally stable for the diffusive
// part, and its fixed points are exact steady states (L u + N(u) = 0).
//   u* = ((1 + dt/2 L) u + dt N(u)) / (1 - dt/2 L)
//   u' = ((1 + dt/2 L) u + dt/2 (N(u) + N(u*))) / (1 - dt/2 L)
#include "solvers/spectral/time_stepper.hpp"

namespace simforge {

template <class Real>
class CnHeun final : public TimeStepper<Real> {
 public:
  CnHeun(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch, const Stream& stream);
  void step(Complex<Real>* uhat, std::size_t first, std::size_t count) override;

 private:
  void tabulate(const SymbolRows& rows) override;
  DeviceBuffer<Complex<Real>> a_, b_;  // [table rows, modes]: (1 + dt/2 L) / (1 - dt/2 L), dt / (1 - dt/2 L)
  DeviceBuffer<Complex<Real>> n1_, n2_, predictor_;
};

}  // namespace simforge
