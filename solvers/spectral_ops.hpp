#pragma once
// Small host-device helpers shared by the spectral PDEs and steppers.
#include "kernels/backend.hpp"

namespace simforge {

// i * a * z, for a real a.
template <class Real>
SIMFORGE_HD inline Complex<Real> i_times(Real a, Complex<Real> z) {
  return Complex<Real>(-a * z.imag(), a * z.real());
}

template <class Real>
SIMFORGE_HD inline Complex<double> widen(Complex<Real> z) {
  return Complex<double>(double(z.real()), double(z.imag()));
}
template <class Real>
SIMFORGE_HD inline Complex<Real> narrow(Complex<double> z) {
  return Complex<Real>(Real(z.real()), Real(z.imag()));
}

}  // namespace simforge
