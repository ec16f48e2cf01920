#include "solvers/cn_heun.hpp"

#include "kernels/error.hpp"
#include "solvers/mode_loop.hpp"
#include "solvers/spectral_ops.hpp"

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
    : pde_(pde),
      grid_(grid),
      dt_(dt),
      stream_(stream),
      a_(max_batch * pde.n_fields() * grid.modes()),
      b_(max_batch * pde.n_fields() * grid.modes()),
      n1_(max_batch * pde.n_fields() * grid.modes()),
      n2_(max_batch * pde.n_fields() * grid.modes()),
      predictor_(max_batch * pde.n_fields() * grid.modes()) {}

template <class Real>
void CnHeun<Real>::prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t n_params,
                           std::size_t batch) {
  SIMFORGE_CHECK(symbols.size() == batch * pde_.n_fields() && batch * grid_.modes() * pde_.n_fields() <= a_.size(),
                 "cn_heun: ", symbols.size(), " symbols for batch ", batch);
  const SymbolRows rows = SymbolRows::from(symbols, std::size_t(pde_.n_fields()));
  const DeviceBuffer<LinearSymbol> unique = to_device<LinearSymbol>(rows.unique, stream_);
  for_each_mode(stream_, grid_, rows.unique.size(), CnTables<Real>{grid_, dt_, unique.data(), a_.data(), b_.data()});
  stream_.synchronize();
  table_ = {rows.shared, std::size_t(pde_.n_fields())};
  batch_ = batch;
  params_ = params_device;
  n_params_ = n_params;
}

template <class Real>
void CnHeun<Real>::step(Complex<Real>* state, std::size_t first, std::size_t count) {
  SIMFORGE_CHECK(first + count <= batch_, "cn_heun: samples [", first, ", ", first + count, ") outside batch ", batch_);
  const std::size_t fields = std::size_t(pde_.n_fields()), rows = count * fields, modes = grid_.modes();
  Complex<Real>* u = state + first * fields * modes;
  const double* params = params_ + first * n_params_;
  pde_.nonlinear(u, n1_.data(), params, count);
  // Offset the tables with the state when they are per sample.
  const std::size_t t0 = table_.shared ? 0 : first * fields * modes;
  const Complex<Real>*a = a_.data() + t0, *b = b_.data() + t0;
  for_each_mode(stream_, grid_, rows, CnUpdate<Real>{modes, table_, Real(1), Real(0), a, b, u, n1_.data(), nullptr, predictor_.data()});
  pde_.nonlinear(predictor_.data(), n2_.data(), params, count);
  for_each_mode(stream_, grid_, rows, CnUpdate<Real>{modes, table_, Real(0.5), Real(0.5), a, b, u, n1_.data(), n2_.data(), u});
}

template class CnHeun<float>;
template class CnHeun<double>;

}  // namespace simforge
