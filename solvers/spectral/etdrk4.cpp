#include "solvers/spectral/etdrk4.hpp"

#include "kernels/error.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_ops.hpp"

namespace simforge {

namespace {

// E = e^{hL}, E2 = e^{hL/2}, and Kassam–Trefethen's contour means for Q, f1, f2, f3 on a circle of
// radius 1 around hL (the full circle: L may be complex).
template <class Real>
struct Etdrk4Coefficients {
  SpectralGrid g;
  double h;
  const LinearSymbol* symbols;
  std::size_t rows;
  Complex<Real>* out;  // [6, rows, modes]
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    using C = Complex<double>;
    const C hl = symbols[row](g, k) * h;
    constexpr int points = 32;
    C q(0, 0), f1(0, 0), f2(0, 0), f3(0, 0);
    for (int j = 0; j < points; ++j) {
      const double theta = 6.283185307179586 * (j + 0.5) / points;
      const C r = hl + C(cos(theta), sin(theta));
      const C er = exp(r), r2 = r * r, r3 = r2 * r;
      q += (exp(r * 0.5) - 1.0) / r;
      f1 += (-4.0 - r + er * (4.0 - 3.0 * r + r2)) / r3;
      f2 += (2.0 + r + er * (r - 2.0)) / r3;
      f3 += (-4.0 - 3.0 * r - r2 + er * (4.0 - r)) / r3;
    }
    const double w = h / points;
    const std::size_t stride = rows * g.modes(), i = row * g.modes() + m;
    out[i] = narrow<Real>(exp(hl));
    out[stride + i] = narrow<Real>(exp(hl * 0.5));
    out[2 * stride + i] = narrow<Real>(q * w);
    out[3 * stride + i] = narrow<Real>(f1 * w);
    out[4 * stride + i] = narrow<Real>(f2 * w);
    out[5 * stride + i] = narrow<Real>(f3 * w);
  }
};

// The four stage updates, one functor: out = x * E2 + Q * (wn n + wm m), or the final combination.
// The stage is a template argument so that each instantiation's inner loop has no branch.
enum class Etdrk4Kind { A, B, C, Final };

template <class Real, Etdrk4Kind kind>
struct Etdrk4Stage {
  std::size_t modes, table_stride;
  TableRow table;
  const Complex<Real>* coef;
  const Complex<Real>* v;
  const Complex<Real>* a;
  const Complex<Real>* nv;
  const Complex<Real>* na;
  const Complex<Real>* nb;
  const Complex<Real>* nc;
  Complex<Real>* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int*) const {
    const std::size_t i = row * modes + m, t = table(row) * modes + m;
    const Complex<Real> e2 = coef[table_stride + t], q = coef[2 * table_stride + t];
    if constexpr (kind == Etdrk4Kind::A) out[i] = e2 * v[i] + q * nv[i];
    if constexpr (kind == Etdrk4Kind::B) out[i] = e2 * v[i] + q * na[i];
    if constexpr (kind == Etdrk4Kind::C) out[i] = e2 * a[i] + q * (Real(2) * nb[i] - nv[i]);
    if constexpr (kind == Etdrk4Kind::Final)
      out[i] = coef[t] * v[i] + coef[3 * table_stride + t] * nv[i] +
               coef[4 * table_stride + t] * (Real(2) * (na[i] + nb[i])) + coef[5 * table_stride + t] * nc[i];
  }
};

}  // namespace

template <class Real>
Etdrk4<Real>::Etdrk4(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch,
                     const Stream& stream)
    : TimeStepper<Real>("etdrk4", pde, grid, dt, max_batch, stream) {
  coefficients_ = DeviceBuffer<Complex<Real>>(6 * this->state_size());
  for (auto* b : {&a_, &b_, &c_, &nu_, &na_, &nb_, &nc_}) *b = DeviceBuffer<Complex<Real>>(this->state_size());
}

template <class Real>
void Etdrk4<Real>::tabulate(const SymbolRows& rows) {
  if (rows.unique == tabulated_) return;  // the contour integrals are the expensive part
  const DeviceBuffer<LinearSymbol> unique = to_device<LinearSymbol>(rows.unique, this->stream_);
  for_each_mode(this->stream_, this->grid_, rows.unique.size(),
                Etdrk4Coefficients<Real>{this->grid_, this->dt_, unique.data(), rows.unique.size(), coefficients_.data()});
  this->stream_.synchronize();
  tabulated_ = rows.unique;
}

template <class Real>
void Etdrk4<Real>::step(Complex<Real>* state, std::size_t first, std::size_t count) {
  const auto c = this->chunk(state, first, count);
  const std::size_t modes = this->grid_.modes(), table_stride = this->table_rows_ * modes;
  const Complex<Real>* coef = coefficients_.data() + c.table_offset;
  auto stage = [&]<Etdrk4Kind kind>(Complex<Real>* out) {
    for_each_mode(this->stream_, this->grid_, c.rows,
                  Etdrk4Stage<Real, kind>{modes, table_stride, this->table_, coef, c.u, a_.data(), nu_.data(), na_.data(),
                                          nb_.data(), nc_.data(), out});
  };
  this->pde_.nonlinear(c.u, nu_.data(), c.params, count);
  stage.template operator()<Etdrk4Kind::A>(a_.data());
  this->pde_.nonlinear(a_.data(), na_.data(), c.params, count);
  stage.template operator()<Etdrk4Kind::B>(b_.data());
  this->pde_.nonlinear(b_.data(), nb_.data(), c.params, count);
  stage.template operator()<Etdrk4Kind::C>(c_.data());
  this->pde_.nonlinear(c_.data(), nc_.data(), c.params, count);
  stage.template operator()<Etdrk4Kind::Final>(c.u);
}

template class Etdrk4<float>;
template class Etdrk4<double>;

}  // namespace simforge

SIMFORGE_REGISTER_SPECTRAL_STEPPER(simforge::Etdrk4, "etdrk4", "Cox–Matthews exponential time differencing, 4th order, Kassam–Trefethen coefficients");
