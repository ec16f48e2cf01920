#pragma once
// A PDE u_t = L u + N(u) on a periodic box, solved pseudo-spectrally for a batch of samples.
// The state is the unnormalized forward FFT of each field, laid out [sample, field, mode]; L is a
// diagonal Fourier symbol (LinearSymbol) and N is evaluated by the PDE on the device, dealiased.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/device.hpp"
#include "solvers/linear_symbol.hpp"
#include "solvers/parameters.hpp"
#include "solvers/spectral_grid.hpp"

namespace simforge {

template <class Real>
class SpectralPde {
 public:
  virtual ~SpectralPde() = default;

  virtual int n_fields() const = 0;
  // The linear symbol of one field for one sample's coefficients (PDE parameter order).
  virtual LinearSymbol linear(int field, const double* params) const = 0;
  // nhat = N(uhat) for `batch` samples; params_device is [batch, n_params] on the device.
  virtual void nonlinear(const Complex<Real>* uhat, Complex<Real>* nhat, const double* params_device,
                         std::size_t batch) = 0;
  // Advective CFL rate sum_a max|u_a| / dx_a per sample (1/time), from the velocity of the last
  // nonlinear() call; empty for PDEs without a transporting velocity.
  virtual std::vector<double> cfl_rate(std::size_t /*batch*/) { return {}; }
};

// A string-valued choice of a PDE (e.g. Navier–Stokes forcing).
struct PdeOption {
  std::string name;
  std::vector<std::string> allowed;
  std::string default_value;
  std::string doc;
};

// What the configuration layer and the documentation know about a PDE.
struct PdeDescriptor {
  std::string name;
  std::string summary;
  std::vector<int> dims;                  // supported spatial dimensions
  std::vector<std::string> fields;
  std::vector<ParameterInfo> parameters;  // the order of the device parameter rows
  std::vector<PdeOption> options;
  bool has_velocity = false;              // a transporting velocity: the CFL bound applies
};

// A PDE as configured: laws for every parameter (in descriptor order) and every option's value.
struct PdeSpec {
  std::string type;
  std::vector<ParameterLaw> parameters;
  std::vector<std::string> options;
};

const std::vector<PdeDescriptor>& pde_catalog();
// Throws naming the valid PDEs when `name` is unknown.
const PdeDescriptor& find_pde(const std::string& name);

template <class Real>
std::unique_ptr<SpectralPde<Real>> make_pde(const PdeSpec& spec, const SpectralGrid& grid, std::size_t max_batch,
                                            const Stream& stream);

}  // namespace simforge
