#pragma once
// The seam between Simulation (what every family shares: parameter draws, initial conditions,
// the frame loop, NaN and CFL checks, diagnostics) and a solver family (how a PDE is discretized
// and stepped). A family implements Solver<Real> for a batch of samples and registers its PDEs
// with a factory (solvers/pde.hpp). All state pointers are device memory, laid out
// [sample, field, ...grid] row-major.
#include <cstddef>
#include <memory>
#include <vector>

#include "kernels/device.hpp"
#include "kernels/error.hpp"
#include "solvers/grid.hpp"
#include "solvers/initial_condition.hpp"
#include "solvers/parameters.hpp"

namespace simforge {

struct SimulationSpec;

// A solver's report that one sample of its batch cannot go on (a negative density, a dry cell):
// Simulation names the sample and stops the run before anything of the batch is stored.
struct SampleFailure : Error {
  SampleFailure(std::size_t batch_index, double time, const std::string& problem, const std::string& advice)
      : Error(problem + "; " + advice), index(batch_index), t(time), what_failed(problem), remedy(advice) {}
  std::size_t index;
  double t;
  std::string what_failed, remedy;
};

template <class Real>
class Solver {
 public:
  virtual ~Solver() = default;

  virtual const Grid& grid() const = 0;
  virtual int fields() const = 0;

  // Starts a batch: the samples' coefficients, one row per sample in descriptor order.
  virtual void begin(const ParameterTable& parameters) = 0;
  // Sets the state from an initial condition in the family's own representation, if it has one
  // for this condition (the spectral family takes a spectrally defined field's coefficients as
  // they are); false: Simulation sets it from the condition's physical values instead.
  virtual bool initialize(InitialCondition<Real>& /*ic*/, const InitialConditionRequest& /*request*/) { return false; }
  virtual void set_state(const Real* physical) = 0;  // [count, fields, ...grid]
  virtual void state(Real* physical) = 0;            // [count, fields, ...grid]; synchronizes
  // Advances every sample by `duration` of model time: a fixed-step family in whole steps of dt
  // (duration must be a whole multiple), an adaptive one in steps that end exactly there.
  virtual void advance(double duration) = 0;
  // The state at the stored resolution, float32 [count, fields, ...store].
  virtual void stored_frame(float* frame) = 0;
  // Explicit stability rate (1/time) of each sample at the latest state, for the CFL check; empty
  // for a PDE that is not stability limited.
  virtual std::vector<double> stability_rate() = 0;
  // The latest batch's per-sample values of the descriptor's solver_diagnostics, in that order.
  virtual std::vector<std::vector<double>> diagnostics() { return {}; }
};

// The registered family's solver for spec.pde.type, for batches of up to `max_batch` samples.
template <class Real>
std::unique_ptr<Solver<Real>> make_solver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream);

}  // namespace simforge
