#pragma once
// The pseudo-spectral family's PDEs: u_t = L u + N(u) on a periodic box, solved for a batch of
// samples. The state is the unnormalized forward FFT of each field, laid out [sample, field,
// mode]; L is a diagonal Fourier symbol (LinearSymbol) and N is evaluated by the PDE on the
// device, dealiased. A PDE of this family is a SpectralPde<Real> class template with a static
// descriptor() and the constructor below; the file that defines it registers it in one line:
//   SIMFORGE_REGISTER_SPECTRAL_PDE(NavierStokes2d);
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/device.hpp"
#include "solvers/pde.hpp"
#include "solvers/simulation_spec.hpp"
#include "solvers/solver.hpp"
#include "solvers/spectral/linear_symbol.hpp"
#include "solvers/spectral/spectral_grid.hpp"

namespace simforge {

template <class Real>
class SpectralPde {
 public:
  virtual ~SpectralPde() = default;

  virtual int n_fields() const = 0;
  // The linear symbol of one field for one sample's coefficients (descriptor order).
  virtual LinearSymbol linear(int field, const double* params) const = 0;
  // nhat = N(uhat) for `batch` samples; params_device is [batch, n_params] on the device.
  virtual void nonlinear(const Complex<Real>* uhat, Complex<Real>* nhat, const double* params_device,
                         std::size_t batch) = 0;
  // Explicit stability rate (1/time) per sample from the fields of the last nonlinear() call:
  // sum_a max|u_a| / dx_a for transport, the largest reaction Jacobian entry for reactions;
  // empty for PDEs without either.
  virtual std::vector<double> stability_rate(std::size_t /*batch*/) { return {}; }
};

// How the family's solver makes a PDE (one per CPU worker thread, see SpectralSolver).
template <class Real>
using SpectralPdeFactory =
    std::function<std::unique_ptr<SpectralPde<Real>>(const SpectralGrid& grid, std::size_t max_batch, const Stream& stream)>;

// The family's Solver for `spec`, built around the PDE that `make_pde` makes (spectral_solver.cpp).
template <class Real>
std::unique_ptr<Solver<Real>> make_spectral_solver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream,
                                                   SpectralPdeFactory<Real> make_pde);

// The registry entry of a spectral PDE class template Pde<Real>, constructed as
// Pde<Real>(const PdeSpec&, const PdeDescriptor&, const SpectralGrid&, std::size_t max_batch, const Stream&).
template <template <class> class Pde>
PdeEntry spectral_pde_entry() {
  PdeEntry e;
  e.descriptor = Pde<double>::descriptor();
  e.descriptor.family = "spectral";
  e.name = e.descriptor.name;
  auto factory = [](auto real) -> SolverFactory<decltype(real)> {
    using Real = decltype(real);
    return [](const SimulationSpec& spec, std::size_t max_batch, const Stream& stream) {
      const PdeSpec pde = spec.pde;
      const PdeDescriptor& d = find_pde(pde.type);
      return make_spectral_solver<Real>(spec, max_batch, stream,
                                        [pde, &d](const SpectralGrid& g, std::size_t batch, const Stream& s) {
                                          return std::make_unique<Pde<Real>>(pde, d, g, batch, s);
                                        });
    };
  };
  e.make_float = factory(float{});
  e.make_double = factory(double{});
  return e;
}

}  // namespace simforge

#define SIMFORGE_REGISTER_SPECTRAL_PDE(Pde) SIMFORGE_REGISTER(::simforge::pde_registry(), ::simforge::spectral_pde_entry<Pde>())
