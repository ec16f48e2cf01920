#pragma once
// A batched simulation of any registered PDE: per-sample coefficient draws, initial conditions,
// the frame loop with its NaN and CFL checks, and diagnostics, for a range of samples. The PDE's
// solver family does the numerics behind the Solver seam. It knows nothing of files or configs:
// workflows/ feed it a SimulationSpec and take the frames it returns.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "solvers/initial_condition.hpp"
#include "solvers/pde.hpp"
#include "solvers/simulation_spec.hpp"
#include "solvers/solver.hpp"

namespace simforge {

// The frames and diagnostics of a range of samples, in host memory.
struct BatchResult {
  std::uint64_t first = 0;
  std::size_t count = 0;
  std::vector<std::vector<float>> fields;        // per field: [count, frames, ...store grid]
  ParameterTable parameters;                     // per-sample PDE coefficients
  std::vector<std::string> diagnostic_names;
  std::vector<std::vector<double>> diagnostics;  // per name: [count]
};

// Per-sample diagnostics a simulation of this PDE reports: max_cfl (dt x the largest stability
// rate seen at a saved frame) if it is stability limited, and the final mean and rms of every
// field (conservation checks), on a dim-dimensional grid.
std::vector<std::string> simulation_diagnostics(const PdeDescriptor& d, int dim);

template <class Real>
class Simulation {
 public:
  Simulation(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream);
  ~Simulation();

  const SimulationSpec& spec() const { return spec_; }
  const PdeDescriptor& pde_descriptor() const { return *descriptor_; }
  const Grid& grid() const { return solver_->grid(); }
  Solver<Real>& solver() { return *solver_; }

  // Generates, advances and saves samples [first, first + count), count <= max_batch. Throws
  // naming the sample and time if a sample diverges (NaN/Inf) or exceeds the CFL bound.
  BatchResult run(std::uint64_t first, std::size_t count);

  // Lower-level steps for driver programs.
  void begin(std::uint64_t first, std::size_t count);  // coefficients + initial condition
  void set_physical_state(const Real* fields_device);  // replaces the state: [count, fields, ...grid]
  void physical_state(Real* fields_device);            // [count, fields, ...grid]
  void advance(double duration);                       // model time; whole steps of dt for fixed-step families

 private:
  // Saving a frame is two halves: store_frame queues its device->host copy on a stream of its
  // own, and take_frame checks and files it on the host once the solver's steps to the next frame
  // are queued. On a GPU the copy and the host's work on frame k overlap the steps to frame k + 1.
  void store_frame();
  void take_frame(std::size_t frame, BatchResult& out);
  void check_stability(std::size_t frame, std::vector<double>& max_cfl);

  SimulationSpec spec_;
  const PdeDescriptor* descriptor_;
  std::size_t max_batch_;
  const Stream& stream_;
  std::unique_ptr<Solver<Real>> solver_;
  std::unique_ptr<InitialCondition<Real>> initial_condition_;
  std::vector<std::string> field_names_;
  std::size_t store_points_ = 0;
  DeviceBuffer<Real> physical_;  // initial conditions in physical space
  DeviceBuffer<float> frame_;
  HostBuffer<float> frame_host_;  // pinned: the copy is asynchronous
  Stream copy_stream_;
  Event stored_, copied_;  // the solver wrote the frame / its copy reached the host
  ParameterTable params_;
  std::uint64_t first_ = 0;
  std::size_t count_ = 0;
};

extern template class Simulation<float>;
extern template class Simulation<double>;

}  // namespace simforge
