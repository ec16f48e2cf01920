#include "solvers/spectral/cn_heun.hpp"

#include "kernels/error.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_ops.hpp"

namespace simforge {

namespace {
// Per-mode coefficients, in double then rounded: A = (1 + dt/2 L) / (1 - dt/2 L), B = dt / (1 - dt/2 L).
template <class Real>
struct CnTables {
  SpectralGrid g;
  double dt;
  const LinearSymbol* symbols;  // [table rows]
  Complex<Real>* a;
  Complex<Real>* b;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    const Complex<double> h = symbols[row](g, k) * (0.5 * dt);
    const Complex<double> inv = 1.0 / (1.0 - h);
    a[row * g.modes() + m] = narrow<Real>((1.0 + h) * inv);
    b[row * g.modes() + m] = narrow<Real>(dt * inv);
  }
};

// out = A u + B (wa n1 + wb n2)
template <class Real>
struct CnUpdate {
  std::size_t modes;
  TableRow table;
  Real wa, wb;
  const Complex<Real>* a;
  const Complex<Real>* b;
  const Complex<Real>* u;
  const Complex<Real>* n1;
  const Complex<Real>* n2;
  Complex<Real>* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int*) const {
    const std::size_t i = row * modes + m, t = table(row) * modes + m;
    Complex<Real> n = wa * n1[i];
    if (n2) n += wb * n2[i];
    out[i] = a[t] * u[i] + b[t] * n;
  }
};
}  // namespace

template <class Real>
CnHeun<Real>::CnHeun(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch,
                     const Stream& stream)
    : TimeStepper<Real>("cn_heun", pde, grid, dt, max_batch, stream) {
  for (auto* b : {&a_, &b_, &n1_, &n2_, &predictor_}) *b = DeviceBuffer<Complex<Real>>(this->state_size());
}

template <class Real>
void CnHeun<Real>::tabulate(const SymbolRows& rows) {
  const DeviceBuffer<LinearSymbol> unique = to_device<LinearSymbol>(rows.unique, this->stream_);
  for_each_mode(this->stream_, this->grid_, rows.unique.size(),
                CnTables<Real>{this->grid_, this->dt_, unique.data(), a_.data(), b_.data()});
  this->stream_.synchronize();
}

template <class Real>
void CnHeun<Real>::step(Complex<Real>* state, std::size_t first, std::size_t count) {
  const auto c = this->chunk(state, first, count);
  const Stream& s = this->stream_;
  const std::size_t modes = this->grid_.modes();
  const Complex<Real>*a = a_.data() + c.table_offset, *b = b_.data() + c.table_offset;
  this->pde_.nonlinear(c.u, n1_.data(), c.params, count);
  for_each_mode(s, this->grid_, c.rows,
                CnUpdate<Real>{modes, this->table_, Real(1), Real(0), a, b, c.u, n1_.data(), nullptr, predictor_.data()});
  this->pde_.nonlinear(predictor_.data(), n2_.data(), c.params, count);
  for_each_mode(s, this->grid_, c.rows,
                CnUpdate<Real>{modes, this->table_, Real(0.5), Real(0.5), a, b, c.u, n1_.data(), n2_.data(), c.u});
}

template class CnHeun<float>;
template class CnHeun<double>;

}  // namespace simforge

SIMFORGE_REGISTER_SPECTRAL_STEPPER(simforge::CnHeun, "cn_heun", "Crank–Nicolson for L, Heun for N (2nd order; the FNO data generator's scheme)");
