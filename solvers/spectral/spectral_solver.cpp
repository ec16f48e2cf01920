// The pseudo-spectral family's Solver, and the family's registration (device source).
#include "solvers/spectral/spectral_solver.hpp"

#include <omp.h>

#include <cmath>
#include <exception>

#include "kernels/error.hpp"
#include "kernels/fft.hpp"
#include "solvers/solver_family.hpp"
#include "solvers/spectral/mode_loop.hpp"
#include "solvers/spectral/spectral_initial_condition.hpp"

namespace simforge {

namespace {

// Spectral truncation from the solve grid to the store grid, with the 1/points normalization of the
// inverse FFT folded in. The store grid's Nyquist modes are dropped when it is coarser, so the
// stored field is the real projection onto |k_a| < store_n_a / 2.
template <class Real>
struct Truncate {
  SpectralGrid from, to;
  const Complex<Real>* in;  // [rows, from.modes]
  Complex<Real>* out;       // [rows, to.modes]
  SIMFORGE_HD void operator()(std::size_t row, std::size_t m, const int k[3]) const {
    bool keep = true;
    for (int a = 0; a < to.dim; ++a) {
      const int ka = k[a] < 0 ? -k[a] : k[a];
      if (to.n[a] < from.n[a] && 2 * ka == to.n[a]) keep = false;
    }
    out[row * to.modes() + m] =
        keep ? in[row * from.modes() + from.mode_index(k)] * Real(from.inv_points) : Complex<Real>(0, 0);
  }
};

template <class Real>
struct Scale {
  Complex<Real>* p;
  Real s;
  SIMFORGE_HD void operator()(std::size_t i) const { p[i] *= s; }
};

template <class Real>
struct ToFloat {
  const Real* in;
  float* out;
  SIMFORGE_HD void operator()(std::size_t i) const { out[i] = float(in[i]); }
};

// Extents of a pseudo-spectral grid: even for the real-to-complex layout, and products of small
// primes, which both FFT libraries transform fast.
bool spectral_extent(int n) { return n >= 4 && n % 2 == 0 && fft_friendly(n); }

const SolverFamily& spectral_family() { return find_solver_family("spectral"); }

}  // namespace

template <class Real>
SpectralSolver<Real>::SpectralSolver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream,
                                     SpectralPdeFactory<Real> make_pde)
    : grid_(spec.grid), dt_(spec.dt), max_batch_(max_batch), stream_(stream), fft_(spec.grid.extents(), FftKind::RealToComplex, stream),
      store_fft_(spec.stored_extents(), FftKind::RealToComplex, stream) {
  const SolverFamily& family = spectral_family();
  SIMFORGE_CHECK(max_batch >= 1, "simulation: batch must be at least 1");
  SIMFORGE_CHECK(grid_.periodic(), "the spectral family solves periodic boxes only; ", spec.pde.type,
                 " was given a boundary other than periodic");
  const std::vector<int> store = spec.stored_extents();
  SIMFORGE_CHECK(int(store.size()) == grid_.dim, "simulation: store grid has ", store.size(), " axes, grid has ", grid_.dim);
  for (int a = 0; a < grid_.dim; ++a) {
    SIMFORGE_CHECK(family.accepts_extent(grid_.n[a]), "grid extent ", grid_.n[a], " is not allowed; allowed: ", family.extent_rule);
    SIMFORGE_CHECK(family.accepts_store(store[std::size_t(a)], grid_.n[a]), "store grid ", store[std::size_t(a)],
                   " is not allowed for the solve grid ", grid_.n[a], "; allowed: ", family.store_rule);
  }
  spectral_ = SpectralGrid::make(grid_.extents(), grid_.length);
  store_ = SpectralGrid::make(store, grid_.length);
  pde_ = make_pde(spectral_, max_batch, stream);
  stepper_ = make_stepper<Real>(spec.stepper, *pde_, spectral_, spec.dt, max_batch, stream);
  const PdeDescriptor& d = find_pde(spec.pde.type);
  n_params_ = d.parameters.size();
  stability_limited_ = d.stability_limited;
  const std::size_t rows = max_batch * std::size_t(pde_->n_fields());
  state_ = DeviceBuffer<Complex<Real>>(rows * spectral_.modes());
  scratch_ = DeviceBuffer<Complex<Real>>(rows * spectral_.modes());
  store_hat_ = DeviceBuffer<Complex<Real>>(rows * store_.modes());
  store_real_ = DeviceBuffer<Real>(rows * store_.points());
  // Bytes one sample touches per step: state, stepper and nonlinear scratch spectra, real fields.
  const std::size_t per_sample = std::size_t(pde_->n_fields()) * (12 * spectral_.modes() * sizeof(Complex<Real>) +
                                                                   6 * spectral_.points() * sizeof(Real));
  chunk_ = device::preferred_chunk(per_sample, max_batch);
#if !SIMFORGE_CUDA
  // On the CPU each thread steps whole chunks with its own PDE and stepper: no team barrier per
  // kernel, and a chunk's working set stays in that core's cache for all its steps.
  const std::size_t threads = std::size_t(device::thread_count());
  if (threads > 1 && chunk_ < max_batch)
    for (std::size_t t = 0; t < threads; ++t) {
      Worker w;
      w.pde = make_pde(spectral_, chunk_, stream);
      w.stepper = make_stepper<Real>(spec.stepper, *w.pde, spectral_, spec.dt, chunk_, stream);
      workers_.push_back(std::move(w));
    }
#endif
}

template <class Real>
SpectralSolver<Real>::~SpectralSolver() = default;

template <class Real>
void SpectralSolver<Real>::begin(const ParameterTable& parameters) {
  const std::size_t count = parameters.count;
  SIMFORGE_CHECK(count >= 1 && count <= max_batch_, "simulation: batch of ", count, " samples, at most ", max_batch_);
  SIMFORGE_CHECK(parameters.names.size() == n_params_, "spectral solver: ", parameters.names.size(), " parameters per sample, expected ",
                 n_params_);
  count_ = count;
  params_device_ = to_device<double>(parameters.values, stream_);
  graphs_.clear();  // the recorded steps point at the previous batch's coefficients
  symbols_.clear();
  for (std::size_t b = 0; b < count; ++b)
    for (int f = 0; f < pde_->n_fields(); ++f) symbols_.push_back(pde_->linear(f, parameters.row(b)));
  stepper_->prepare(symbols_, params_device_.data(), n_params_, count);
  rate_current_ = false;
}

template <class Real>
bool SpectralSolver<Real>::initialize(InitialCondition<Real>& ic, const InitialConditionRequest& request) {
  auto* spectral = dynamic_cast<SpectralInitialCondition<Real>*>(&ic);
  if (!spectral) return false;
  spectral->spectrum(request, spectral_, state_.data());
  rate_current_ = false;
  return true;
}

template <class Real>
void SpectralSolver<Real>::set_state(const Real* physical) {
  const std::size_t rows = count_ * std::size_t(pde_->n_fields());
  fft_.get(rows).forward(physical, state_.data());
  rate_current_ = false;
}

template <class Real>
void SpectralSolver<Real>::state(Real* physical) {
  const std::size_t rows = count_ * std::size_t(pde_->n_fields());
  const std::size_t n = rows * spectral_.modes();
  copy_n(scratch_.data(), state_.data(), n, CopyKind::DeviceToDevice, stream_);
  for_each_index(stream_, n, Scale<Real>{scratch_.data(), Real(1.0 / double(spectral_.points()))});
  fft_.get(rows).inverse(scratch_.data(), physical);
  stream_.synchronize();
}

template <class Real>
void SpectralSolver<Real>::advance(double duration) {
  const double steps = duration / dt_;
  SIMFORGE_CHECK(duration >= 0 && std::abs(steps - std::round(steps)) <= 1e-9 * std::max(1.0, steps), "spectral solver: ",
                 duration, " is not a whole number of time steps dt = ", dt_);
  advance_steps(std::size_t(std::llround(steps)));
}

template <class Real>
void SpectralSolver<Real>::advance_steps(std::size_t steps) {
  if (steps == 0) return;
  // The rate comes from each chunk's last nonlinear evaluation (the last step's last stage).
  rate_.assign(stability_limited_ ? count_ : 0, 0.0);
  rate_current_ = true;
  if (!workers_.empty() && count_ > chunk_) return advance_on_workers(steps);
  // Chunk-outer, step-inner: on the CPU a chunk's working set stays in cache for all its steps.
  for (std::size_t c0 = 0; c0 < count_; c0 += chunk_) {
    const std::size_t n = std::min(chunk_, count_ - c0);
    // One recorded step per chunk, replayed: on a GPU one graph launch per step.
    for (std::size_t s = 0; s < steps; ++s) graphs_.run(c0, stream_, [&] { stepper_->step(state_.data(), c0, n); });
    if (stability_limited_) chunk_rate(*pde_, c0, n);
  }
}

template <class Real>
void SpectralSolver<Real>::advance_on_workers(std::size_t steps) {
  const std::size_t chunks = (count_ + chunk_ - 1) / chunk_, fields = std::size_t(pde_->n_fields());
  std::vector<std::exception_ptr> errors(chunks);
#pragma omp parallel for schedule(dynamic, 1) num_threads(int(workers_.size()))
  for (std::ptrdiff_t c = 0; c < std::ptrdiff_t(chunks); ++c) {
    Worker& w = workers_[std::size_t(omp_get_thread_num())];
    const std::size_t c0 = std::size_t(c) * chunk_, n = std::min(chunk_, count_ - c0);
    try {
      w.stepper->prepare(std::span<const LinearSymbol>(symbols_).subspan(c0 * fields, n * fields),
                         params_device_.data() + c0 * n_params_, n_params_, n);
      for (std::size_t s = 0; s < steps; ++s) w.stepper->step(state_.data() + c0 * fields * spectral_.modes(), 0, n);
      if (stability_limited_) chunk_rate(*w.pde, c0, n);
    } catch (...) {
      errors[std::size_t(c)] = std::current_exception();
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

template <class Real>
void SpectralSolver<Real>::chunk_rate(SpectralPde<Real>& pde, std::size_t first, std::size_t count) {
  const std::vector<double> rate = pde.stability_rate(count);
  SIMFORGE_CHECK(rate.size() == count, "spectral solver: the PDE gave ", rate.size(), " stability rates for ", count, " samples");
  std::copy(rate.begin(), rate.end(), rate_.begin() + std::ptrdiff_t(first));
}

template <class Real>
void SpectralSolver<Real>::stored_frame(float* frame) {
  const std::size_t rows = count_ * std::size_t(pde_->n_fields()), pts = store_.points();
  for_each_mode(stream_, store_, rows, Truncate<Real>{spectral_, store_, state_.data(), store_hat_.data()});
  store_fft_.get(rows).inverse(store_hat_.data(), store_real_.data());
  for_each_index(stream_, rows * pts, ToFloat<Real>{store_real_.data(), frame});
}

template <class Real>
std::vector<double> SpectralSolver<Real>::stability_rate() {
  if (!stability_limited_) return {};
  if (!rate_current_) {  // a new state: evaluate the nonlinear term on it for its fields
    pde_->nonlinear(state_.data(), scratch_.data(), params_device_.data(), count_);
    rate_.assign(count_, 0.0);
    chunk_rate(*pde_, 0, count_);
    rate_current_ = true;
  }
  return rate_;
}

template class SpectralSolver<float>;
template class SpectralSolver<double>;

template <class Real>
std::unique_ptr<Solver<Real>> make_spectral_solver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream,
                                                   SpectralPdeFactory<Real> make_pde) {
  return std::make_unique<SpectralSolver<Real>>(spec, max_batch, stream, std::move(make_pde));
}

template std::unique_ptr<Solver<float>> make_spectral_solver(const SimulationSpec&, std::size_t, const Stream&,
                                                             SpectralPdeFactory<float>);
template std::unique_ptr<Solver<double>> make_spectral_solver(const SimulationSpec&, std::size_t, const Stream&,
                                                              SpectralPdeFactory<double>);

}  // namespace simforge

SIMFORGE_REGISTER_SOLVER_FAMILY(simforge::SolverFamily{
    .name = "spectral",
    .summary = "pseudo-spectral (Fourier) on periodic boxes, 2/3-dealiased",
    .accepts_extent = simforge::spectral_extent,
    .extent_rule = "even numbers >= 4 whose prime factors are all <= 7 (FFT-friendly, e.g. 32, 64, 96, 128, 256)",
    .accepts_store = [](int stored, int solved) { return simforge::spectral_extent(stored) && stored <= solved; },
    .store_rule = "<= grid.n, FFT-friendly: storage is a spectral truncation",
    .boundaries = {simforge::BoundaryKind::Periodic},
    .time_steppers =
        [] {
          std::vector<simforge::TimeSchemeInfo> s;
          for (const auto* e : simforge::spectral_stepper_registry().entries()) s.push_back({e->name, e->summary});
          return s;
        },
    .default_stepper = "cn_heun",
});
