// Time steppers by name, and the bookkeeping they share.
#include "kernels/error.hpp"
#include "solvers/cn_heun.hpp"
#include "solvers/etdrk4.hpp"
#include "solvers/rk4.hpp"
#include "solvers/time_stepper.hpp"

namespace simforge {

template <class Real>
void TimeStepper<Real>::prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t n_params,
                                std::size_t batch) {
  const std::size_t fields = std::size_t(pde_.n_fields());
  SIMFORGE_CHECK(symbols.size() == batch * fields && batch <= max_batch_, name_, ": ", symbols.size(),
                 " symbols for a batch of ", batch, " (at most ", max_batch_, ")");
  const SymbolRows rows = SymbolRows::from(symbols, fields);
  tabulate(rows);
  table_ = {rows.shared, fields};
  table_rows_ = rows.unique.size();
  batch_ = batch;
  params_ = params_device;
  n_params_ = n_params;
}

template <class Real>
typename TimeStepper<Real>::Chunk TimeStepper<Real>::chunk(Complex<Real>* state, std::size_t first,
                                                           std::size_t count) const {
  SIMFORGE_CHECK(first + count <= batch_, name_, ": samples [", first, ", ", first + count, ") outside the batch of ",
                 batch_);
  const std::size_t fields = std::size_t(pde_.n_fields()), offset = first * fields * grid_.modes();
  return {state + offset, count * fields, table_.shared ? 0 : offset, params_ + first * n_params_};
}

template class TimeStepper<float>;
template class TimeStepper<double>;

const std::vector<std::string>& stepper_names() {
  static const std::vector<std::string> names = {"cn_heun", "etdrk4", "rk4"};
  return names;
}

template <class Real>
std::unique_ptr<TimeStepper<Real>> make_stepper(const std::string& name, SpectralPde<Real>& pde,
                                                const SpectralGrid& grid, double dt, std::size_t max_batch,
                                                const Stream& stream) {
  if (name == "cn_heun") return std::make_unique<CnHeun<Real>>(pde, grid, dt, max_batch, stream);
  if (name == "etdrk4") return std::make_unique<Etdrk4<Real>>(pde, grid, dt, max_batch, stream);
  if (name == "rk4") return std::make_unique<Rk4<Real>>(pde, grid, dt, max_batch, stream);
  SIMFORGE_FAIL("unknown time stepper '", name, "'; valid: cn_heun, etdrk4, rk4");
}

template std::unique_ptr<TimeStepper<float>> make_stepper(const std::string&, SpectralPde<float>&, const SpectralGrid&,
                                                          double, std::size_t, const Stream&);
template std::unique_ptr<TimeStepper<double>> make_stepper(const std::string&, SpectralPde<double>&,
                                                           const SpectralGrid&, double, std::size_t, const Stream&);

}  // namespace simforge
