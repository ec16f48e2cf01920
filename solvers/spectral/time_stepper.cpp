// The bookkeeping every spectral time stepper shares, and the registry of schemes.
#include "solvers/spectral/time_stepper.hpp"

#include "kernels/error.hpp"

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

Registry<StepperEntry>& spectral_stepper_registry() {
  static Registry<StepperEntry> registry("time stepper");
  return registry;
}

template <class Real>
std::unique_ptr<TimeStepper<Real>> make_stepper(const std::string& name, SpectralPde<Real>& pde,
                                                const SpectralGrid& grid, double dt, std::size_t max_batch,
                                                const Stream& stream) {
  const StepperEntry& e = spectral_stepper_registry().at(name);
  if constexpr (std::is_same_v<Real, float>) return e.make_float(pde, grid, dt, max_batch, stream);
  else return e.make_double(pde, grid, dt, max_batch, stream);
}

template std::unique_ptr<TimeStepper<float>> make_stepper(const std::string&, SpectralPde<float>&, const SpectralGrid&,
                                                          double, std::size_t, const Stream&);
template std::unique_ptr<TimeStepper<double>> make_stepper(const std::string&, SpectralPde<double>&,
                                                           const SpectralGrid&, double, std::size_t, const Stream&);

}  // namespace simforge
