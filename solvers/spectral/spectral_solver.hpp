#pragma once
// The pseudo-spectral family's Solver: a SpectralPde and a TimeStepper over the batch's spectra,
// storage by spectral truncation, and CPU worker threads that each step whole cache-sized chunks
// of samples with their own PDE and stepper. Periodic boundaries only; FFT-friendly extents.
#include <memory>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/fft_cache.hpp"
#include "kernels/graph.hpp"
#include "solvers/solver.hpp"
#include "solvers/spectral/spectral_pde.hpp"
#include "solvers/spectral/time_stepper.hpp"

namespace simforge {

template <class Real>
class SpectralSolver final : public Solver<Real> {
 public:
  SpectralSolver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream, SpectralPdeFactory<Real> make_pde);
  ~SpectralSolver() override;

  const Grid& grid() const override { return grid_; }
  int fields() const override { return pde_->n_fields(); }
  void begin(const ParameterTable& parameters) override;
  bool initialize(InitialCondition<Real>& ic, const InitialConditionRequest& request) override;
  void set_state(const Real* physical) override;
  void state(Real* physical) override;
  void advance(double duration) override;
  void stored_frame(float* frame) override;
  std::vector<double> stability_rate() override;

  const SpectralGrid& spectral_grid() const { return spectral_; }
  Complex<Real>* spectral_state() { return state_.data(); }  // [count, fields, modes]
  void advance_steps(std::size_t steps);

 private:
  void advance_on_workers(std::size_t steps);
  void chunk_rate(SpectralPde<Real>& pde, std::size_t first, std::size_t count);  // into rate_

  // A PDE and stepper sized for one chunk: one per CPU thread (none on a GPU).
  struct Worker {
    std::unique_ptr<SpectralPde<Real>> pde;
    std::unique_ptr<TimeStepper<Real>> stepper;
  };

  Grid grid_;
  SpectralGrid spectral_, store_;
  double dt_;
  std::size_t max_batch_;
  const Stream& stream_;
  std::unique_ptr<SpectralPde<Real>> pde_;
  std::unique_ptr<TimeStepper<Real>> stepper_;
  FftCache<Real> fft_, store_fft_;
  DeviceBuffer<Complex<Real>> state_, scratch_, store_hat_;
  DeviceBuffer<Real> store_real_;
  DeviceBuffer<double> params_device_;
  std::size_t n_params_ = 0;
  bool stability_limited_ = false;
  std::vector<Worker> workers_;
  std::vector<LinearSymbol> symbols_;  // per (sample, field) of the current batch
  GraphCache graphs_;                  // recorded steps, per chunk
  std::size_t chunk_ = 1;              // samples stepped together (device::preferred_chunk)
  std::size_t count_ = 0;
  std::vector<double> rate_;           // per sample, from the latest nonlinear evaluation
  bool rate_current_ = false;          // rate_ describes the present state (false after a new state)
};

}  // namespace simforge
