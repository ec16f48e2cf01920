#include "solvers/spectral/rk4.hpp"

#include <cmath>
#include <sstream>

#include "kernels/error.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_ops.hpp"

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
    : TimeStepper<Real>("rk4", pde, grid, dt, max_batch, stream) {
  for (auto* b : {&l_, &stage_, &n_, &sum_}) *b = DeviceBuffer<Complex<Real>>(this->state_size());
}

template <class Real>
void Rk4<Real>::tabulate(const SymbolRows& rows) {
  const Stream& s = this->stream_;
  const DeviceBuffer<LinearSymbol> unique = to_device<LinearSymbol>(rows.unique, s);
  for_each_mode(s, this->grid_, rows.unique.size(), SymbolTable<Real>{this->grid_, unique.data(), l_.data()});
  const double max_l = transform_reduce_index(s, rows.unique.size() * this->grid_.modes(), AbsTable<Real>{l_.data()},
                                              0.0, detail::MaxOp<double>());
  const double dt = this->dt_;
  SIMFORGE_CHECK(dt * max_l <= stability_limit, "time.dt = ", dt, " is outside RK4's stability region for this PDE's ",
                 "linear term (dt * max|L| = ", dt * max_l, " > ", stability_limit, "); reduce time.dt below ",
                 stability_limit / max_l, " or use stepper etdrk4");
}

template <class Real>
void Rk4<Real>::step(Complex<Real>* state, std::size_t first, std::size_t count) {
  const auto c = this->chunk(state, first, count);
  const Complex<Real>* l = l_.data() + c.table_offset;
  const Real dt = Real(this->dt_);
  const Real weights[4] = {1, 2, 2, 1}, offsets[4] = {Real(0.5), Real(0.5), 1, 0};
  const Complex<Real>* x = c.u;
  for (int s = 0; s < 4; ++s) {
    this->pde_.nonlinear(x, n_.data(), c.params, count);
    for_each_mode(this->stream_, this->grid_, c.rows,
                  Rk4Stage<Real>{this->grid_.modes(), this->table_, l, x, n_.data(), c.u, sum_.data(), stage_.data(),
                                 weights[s], offsets[s] * dt, dt / Real(6), s == 0, s == 3});
    x = stage_.data();
  }
}

template class Rk4<float>;
template class Rk4<double>;

}  // namespace simforge

SIMFORGE_REGISTER_SPECTRAL_STEPPER(simforge::Rk4, "rk4", "classical Runge–Kutta on L u + N(u); dt limited by |dt L| <= 2.78, checked before stepping");
