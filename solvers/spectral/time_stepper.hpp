#pragma once
// Time steppers for u_t = L u + N(u) in spectral space, batched over samples. The base class keeps
// the bookkeeping every scheme shares (the batch's symbols, deduplicated into coefficient-table
// rows, and its parameter rows); a scheme tabulates its per-mode coefficients and steps. The file
// that defines a scheme registers it in one line:
//   SIMFORGE_REGISTER_SPECTRAL_STEPPER(Etdrk4, "etdrk4", "Cox–Matthews exponential time differencing, ...");
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/registry.hpp"
#include "solvers/spectral/spectral_pde.hpp"
#include "solvers/spectral/symbol_rows.hpp"

namespace simforge {

template <class Real>
class TimeStepper {
 public:
  TimeStepper(const char* name, SpectralPde<Real>& pde, const SpectralGrid& grid, double dt, std::size_t max_batch,
              const Stream& stream)
      : name_(name), pde_(pde), grid_(grid), dt_(dt), max_batch_(max_batch), stream_(stream) {}
  virtual ~TimeStepper() = default;

  // New coefficients: one symbol per (sample, field), row-major, and the parameter rows
  // [batch, n_params] on the device.
  void prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t n_params,
               std::size_t batch);
  // Advances samples [first, first + count) of uhat [batch, fields, modes] by one step of dt.
  // Samples are independent, so callers may step a batch in cache-sized chunks.
  virtual void step(Complex<Real>* uhat, std::size_t first, std::size_t count) = 0;

 protected:
  // Fill the per-mode coefficient tables for the distinct symbols (rows.unique).
  virtual void tabulate(const SymbolRows& rows) = 0;

  // What step() works on for samples [first, first + count).
  struct Chunk {
    Complex<Real>* u;          // the chunk's state
    std::size_t rows;          // count * fields
    std::size_t table_offset;  // elements into the coefficient tables (0 when shared)
    const double* params;      // the chunk's parameter rows
  };
  Chunk chunk(Complex<Real>* state, std::size_t first, std::size_t count) const;
  std::size_t state_size() const { return max_batch_ * std::size_t(pde_.n_fields()) * grid_.modes(); }

  const char* name_;
  SpectralPde<Real>& pde_;
  SpectralGrid grid_;
  double dt_;
  std::size_t max_batch_;
  const Stream& stream_;
  TableRow table_{true, 1};
  std::size_t table_rows_ = 0;  // rows in the coefficient tables

 private:
  std::size_t batch_ = 0, n_params_ = 0;
  const double* params_ = nullptr;
};

template <class Real>
using StepperFactory = std::function<std::unique_ptr<TimeStepper<Real>>(SpectralPde<Real>& pde, const SpectralGrid& grid,
                                                                        double dt, std::size_t max_batch, const Stream& stream)>;

struct StepperEntry {
  std::string name;
  std::string summary;  // the scheme, for docs
  StepperFactory<float> make_float;
  StepperFactory<double> make_double;
};

Registry<StepperEntry>& spectral_stepper_registry();

// The registry entry of a scheme class template S<Real>(pde, grid, dt, max_batch, stream).
template <template <class> class S>
StepperEntry stepper_entry(std::string name, std::string summary) {
  StepperEntry e{std::move(name), std::move(summary), {}, {}};
  e.make_float = [](SpectralPde<float>& p, const SpectralGrid& g, double dt, std::size_t b, const Stream& s) {
    return std::make_unique<S<float>>(p, g, dt, b, s);
  };
  e.make_double = [](SpectralPde<double>& p, const SpectralGrid& g, double dt, std::size_t b, const Stream& s) {
    return std::make_unique<S<double>>(p, g, dt, b, s);
  };
  return e;
}

// The scheme `name` for `pde`; throws naming the valid schemes when it is unknown.
template <class Real>
std::unique_ptr<TimeStepper<Real>> make_stepper(const std::string& name, SpectralPde<Real>& pde,
                                                const SpectralGrid& grid, double dt, std::size_t max_batch,
                                                const Stream& stream);

}  // namespace simforge

#define SIMFORGE_REGISTER_SPECTRAL_STEPPER(Scheme, name, summary) \
  SIMFORGE_REGISTER(::simforge::spectral_stepper_registry(), ::simforge::stepper_entry<Scheme>(name, summary))
