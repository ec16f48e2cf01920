#pragma once
// A batched simulation: initial conditions, time stepping, saved frames and diagnostics for a
// range of samples. It knows nothing of files or configs: io/ and apps/ feed it a SimulationSpec
// and take the frames it returns.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/fft_cache.hpp"
#include "kernels/graph.hpp"
#include "solvers/initial_condition.hpp"
#include "solvers/pde.hpp"
#include "solvers/time_stepper.hpp"

namespace simforge {

struct SimulationSpec {
  PdeSpec pde;
  InitialConditionSpec initial_condition;
  std::vector<int> grid;        // solve resolution, slowest axis first
  std::vector<int> store_grid;  // stored resolution (spectral truncation), <= grid on every axis
  double length = 1.0;
  bool cell_centered = false;   // grid points at (i + 1/2) L / n (PDEBench) instead of i L / n
  double dt = 1e-3;
  std::size_t steps_per_frame = 1;
  std::size_t frames = 2;       // saved frames, including t = 0
  std::string stepper = "cn_heun";
  double cfl_max = 1.0;         // advective CFL bound, checked at every saved frame
  std::uint64_t seed = 0;

  double save_interval() const { return dt * double(steps_per_frame); }
  std::vector<double> times() const;
};

// The frames and diagnostics of a range of samples, in host memory.
struct BatchResult {
  std::uint64_t first = 0;
  std::size_t count = 0;
  std::vector<std::vector<float>> fields;        // per field: [count, frames, ...store_grid]
  ParameterTable parameters;                     // per-sample PDE coefficients
  std::vector<std::string> diagnostic_names;
  std::vector<std::vector<double>> diagnostics;  // per name: [count]
};

// Per-sample diagnostics a simulation of this PDE reports: max_cfl (if it has a velocity), and the
// final mean and rms of every field (conservation checks).
std::vector<std::string> simulation_diagnostics(const PdeDescriptor& d);

template <class Real>
class Simulation {
 public:
  Simulation(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream);
  ~Simulation();

  const SimulationSpec& spec() const { return spec_; }
  const PdeDescriptor& pde_descriptor() const { return *descriptor_; }
  const SpectralGrid& grid() const { return grid_; }

  // Generates, advances and saves samples [first, first + count), count <= max_batch. Throws
  // naming the sample and time if a sample diverges (NaN/Inf) or exceeds the CFL bound.
  BatchResult run(std::uint64_t first, std::size_t count);

  // Lower-level steps for driver programs.
  void begin(std::uint64_t first, std::size_t count);  // coefficients + initial condition
  void set_physical_state(const Real* fields_device);  // replaces the state: [count, fields, ...grid]
  void advance(std::size_t steps);
  void physical_state(Real* fields_device);            // [count, fields, ...grid]
  Complex<Real>* spectral_state() { return state_.data(); }

 private:
  void extract_frame(std::size_t frame, BatchResult& out);
  void check_cfl(std::size_t frame, std::vector<double>& max_cfl);
  void advance_on_workers(std::size_t steps);

  // A PDE and stepper sized for one chunk: one per CPU thread (empty on a GPU).
  struct Worker {
    std::unique_ptr<SpectralPde<Real>> pde;
    std::unique_ptr<TimeStepper<Real>> stepper;
  };

  SimulationSpec spec_;
  const PdeDescriptor* descriptor_;
  SpectralGrid grid_, store_;
  std::size_t max_batch_;
  const Stream& stream_;
  std::unique_ptr<SpectralPde<Real>> pde_;
  std::unique_ptr<TimeStepper<Real>> stepper_;
  FftCache<Real> fft_, store_fft_;
  DeviceBuffer<Complex<Real>> state_, scratch_, store_hat_;
  DeviceBuffer<Real> store_real_, physical_;
  DeviceBuffer<float> store_float_;
  HostBuffer<float> frame_host_;
  DeviceBuffer<double> params_device_;
  ParameterTable params_;
  std::vector<double> cfl_rate_;  // per sample, from the latest nonlinear term
  std::vector<Worker> workers_;
  std::vector<LinearSymbol> symbols_;  // per (sample, field) of the current batch
  GraphCache graphs_;             // recorded steps, per chunk
  std::size_t chunk_ = 1;         // samples stepped together (device::preferred_chunk)
  std::uint64_t first_ = 0;
  std::size_t count_ = 0;
};

extern template class Simulation<float>;
extern template class Simulation<double>;

}  // namespace simforge
