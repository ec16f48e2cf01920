#pragma once
// Small host-device helpers shared by the spectral PDEs and steppers.
#include "kernels/backend.hpp"

namespace simforge {

// i * a * z, for a real a.
template <class Real>
SIMFORGE_HD inline Complex<Real> i_times(Real a, Complex<Real> z) {
  return Complex<Real>(-a * z.imag(), a * z.real());
}

// z / w by the textbook formula. thrust::complex's operator/ guards against overflow with C99
// Annex G scaling, several times slower; the symbols divided by here are O(1) to O(dt |k|^4).
template <class Real>
SIMFORGE_HD inline Complex<Real> fast_divide(Complex<Real> z, Complex<Real> w) {
  const Real inv = Real(1) / (w.real() * w.real() + w.imag() * w.imag());
  return Complex<Real>((z.real() * w.real() + z.imag() * w.imag()) * inv, (z.imag() * w.real() - z.real() * w.imag()) * inv);
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
