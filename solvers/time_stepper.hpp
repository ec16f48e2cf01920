#pragma once
// Time steppers for u_t = L u + N(u) in spectral space, batched over samples.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "solvers/pde.hpp"

namespace simforge {

template <class Real>
class TimeStepper {
 public:
  virtual ~TimeStepper() = default;
  // New coefficients: one symbol per (sample, field), row-major, and the parameter rows
  // [batch, n_params] on the device.
  virtual void prepare(std::span<const LinearSymbol> symbols, const double* params_device, std::size_t n_params,
                       std::size_t batch) = 0;
  // Advances samples [first, first + count) of uhat [batch, fields, modes] by one step of dt.
  // Samples are independent, so callers may step a batch in cache-sized chunks.
  virtual void step(Complex<Real>* uhat, std::size_t first, std::size_t count) = 0;
};

const std::vector<std::string>& stepper_names();  // "cn_heun", ...

template <class Real>
std::unique_ptr<TimeStepper<Real>> make_stepper(const std::string& name, SpectralPde<Real>& pde,
                                                const SpectralGrid& grid, double dt, std::size_t max_batch,
                                                const Stream& stream);

}  // namespace simforge
