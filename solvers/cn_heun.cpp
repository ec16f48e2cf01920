#include "solvers/cn_heun.hpp"

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "solvers/spectral_ops.hpp"

namespace simforge {

namespace {
// out = ((1 + dt/2 L) u + dt (a n1 + b n2)) / (1 - dt/2 L), per mode, in double.
template <class Real>
struct CnUpdate {
  SpectralGrid g;
  int fields;
  double dt, a, b;
  const LinearSymbol* symbols;  // [batch, fields]
  const Complex<Real>* u;
  const Complex<Real>* n1;
  const Complex<Real>* n2;
  Complex<Real>* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m) const {
    int k[3];
    g.wavenumbers(m, k);
    const Complex<double> half_l = symbols[row](g, k) * (0.5 * dt);
    const std::size_t i = row * g.modes() + m;
    Complex<double> rhs = (1.0 + half_l) * widen(u[i]) + dt * a * widen(n1[i]);
    if (b != 0.0) rhs += dt * b * widen(n2[i]);
    out[i] = narrow<Real>(rhs / (1.0 - half_l));
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
      symbols_(max_batch * pde.n_fields()),
      n1_(max_batch * pde.n_fields() * grid.modes()),
      n2_(max_batch * pde.n_fields() * grid.modes()),
      predictor_(max_batch * pde.n_fields() * grid.modes()) {}

template <class Real>
void CnHeun<Real>::prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t batch) {
  SIMFORGE_CHECK(symbols.size() == batch * pde_.n_fields() && symbols.size() <= symbols_.size(),
                 "cn_heun: ", symbols.size(), " symbols for batch ", batch);
  copy_n(symbols_.data(), symbols.data(), symbols.size(), CopyKind::HostToDevice, stream_);
  stream_.synchronize();
  batch_ = batch;
  params_ = params_device;
}

template <class Real>
void CnHeun<Real>::step(Complex<Real>* u) {
  const std::size_t rows = batch_ * pde_.n_fields();
  pde_.nonlinear(u, n1_.data(), params_, batch_);
  for_each_index(stream_, rows, grid_.modes(),
                 CnUpdate<Real>{grid_, pde_.n_fields(), dt_, 1.0, 0.0, symbols_.data(), u, n1_.data(), nullptr, predictor_.data()});
  pde_.nonlinear(predictor_.data(), n2_.data(), params_, batch_);
  for_each_index(stream_, rows, grid_.modes(),
                 CnUpdate<Real>{grid_, pde_.n_fields(), dt_, 0.5, 0.5, symbols_.data(), u, n1_.data(), n2_.data(), u});
}

template class CnHeun<float>;
template class CnHeun<double>;

}  // namespace simforge
