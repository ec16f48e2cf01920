#include "solvers/rk4.hpp"

#include <cmath>
#include <sstream>

#include "kernels/error.hpp"
#include "solvers/mode_loop.hpp"
#include "solvers/spectral_ops.hpp"

namespace simforge {

namespace {

template <class Real>
struct SymbolTable {
  SpectralGrid g;
  const LinearSymbol* symbols;
  Complex<Real>* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    out[row * g.modes() + m] = narrow<Real>(symbols[row](g, k));
  }
};

template <class Real>
struct AbsTable {
  const Complex<Real>* l;
  SIMFORGE_HD double operator()(std::size_t i) const { return double(abs(l[i])); }
};

// One stage: F = L x + N(x); sum += w F; next = u + c dt F (the input of the next stage), or on
// the last stage u += dt/6 (sum + F).
template <class Real>
struct Rk4Stage {
  std::size_t modes;
  TableRow table;
  const Complex<Real>* l;
  const Complex<Real>* x;
  const Complex<Real>* n;
  Complex<Real>* u;
  Complex<Real>* sum;
  Complex<Real>* next;
  Real w, c_dt, dt6;
  bool first, last;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int*) const {
    const std::size_t i = row * modes + m;
    const Complex<Real> f = l[table(row) * modes + m] * x[i] + n[i];
    if (last) {
      u[i] += dt6 * (sum[i] + f);
    } else {
      sum[i] = first ? w * f : sum[i] + w * f;
      next[i] = u[i] + c_dt * f;
    }
  }
};

}  // namespace

template <class Real>
Rk4<Real>::Rk4(SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch, const Stream& stream)
    : pde_(pde), grid_(grid), dt_(dt), stream_(stream) {
  const std::size_t n = max_batch * std::size_t(pde.n_fields()) * grid.modes();
  for (auto* b : {&l_, &stage_, &n_, &sum_}) *b = DeviceBuffer<Complex<Real>>(n);
}

template <class Real>
void Rk4<Real>::prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t n_params,
                        std::size_t batch) {
  SIMFORGE_CHECK(symbols.size() == batch * pde_.n_fields() && symbols.size() * grid_.modes() <= l_.size(),
                 "rk4: ", symbols.size(), " symbols for batch ", batch);
  const SymbolRows rows = SymbolRows::from(symbols, std::size_t(pde_.n_fields()));
  const DeviceBuffer<LinearSymbol> unique = to_device<LinearSymbol>(rows.unique, stream_);
  for_each_mode(stream_, grid_, rows.unique.size(), SymbolTable<Real>{grid_, unique.data(), l_.data()});
  const double max_l = transform_reduce_index(stream_, rows.unique.size() * grid_.modes(), AbsTable<Real>{l_.data()}, 0.0,
                                              detail::MaxOp<double>());
  SIMFORGE_CHECK(dt_ * max_l <= stability_limit, "time.dt = ", dt_, " is outside RK4's stability region for this PDE's ",
                 "linear term (dt * max|L| = ", dt_ * max_l, " > ", stability_limit, "); reduce time.dt below ",
                 stability_limit / max_l, " or use stepper etdrk4");
  table_ = {rows.shared, std::size_t(pde_.n_fields())};
  batch_ = batch;
  params_ = params_device;
  n_params_ = n_params;
}

template <class Real>
void Rk4<Real>::step(Complex<Real>* state, std::size_t first, std::size_t count) {
  SIMFORGE_CHECK(first + count <= batch_, "rk4: samples [", first, ", ", first + count, ") outside batch ", batch_);
  const std::size_t fields = std::size_t(pde_.n_fields()), rows = count * fields, modes = grid_.modes();
  const Complex<Real>* l = l_.data() + (table_.shared ? 0 : first * fields * modes);
  Complex<Real>* u = state + first * fields * modes;
  const double* params = params_ + first * n_params_;
  const Real dt = Real(dt_);
  const Real weights[4] = {1, 2, 2, 1}, offsets[4] = {Real(0.5), Real(0.5), 1, 0};
  const Complex<Real>* x = u;
  for (int s = 0; s < 4; ++s) {
    pde_.nonlinear(x, n_.data(), params, count);
    for_each_mode(stream_, grid_, rows,
                  Rk4Stage<Real>{modes, table_, l, x, n_.data(), u, sum_.data(), stage_.data(), weights[s],
                                 offsets[s] * dt, dt / Real(6), s == 0, s == 3});
    x = stage_.data();
  }
}

template class Rk4<float>;
template class Rk4<double>;

}  // namespace simforge
