#include "solvers/simulation.hpp"

#include <omp.h>

#include <cmath>
#include <exception>
#include <sstream>

#include "kernels/error.hpp"
#include "solvers/mode_loop.hpp"

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

std::string sample_at(std::uint64_t sample, double t) {
  std::ostringstream os;
  os << "sample " << sample << " at t = " << t;
  return os.str();
}

}  // namespace

std::vector<double> SimulationSpec::times() const {
  std::vector<double> t(frames);
  for (std::size_t i = 0; i < frames; ++i) t[i] = double(i) * double(steps_per_frame) * dt;
  return t;
}

template <class Real>
Simulation<Real>::Simulation(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream)
    : spec_(spec),
      descriptor_(&find_pde(spec.pde.type)),
      grid_(SpectralGrid::make(spec.grid, spec.length)),
      store_(SpectralGrid::make(spec.store_grid, spec.length)),
      max_batch_(max_batch),
      stream_(stream),
      pde_(make_pde<Real>(spec.pde, grid_, max_batch, stream)),
      stepper_(make_stepper<Real>(spec.stepper, *pde_, grid_, spec.dt, max_batch, stream)),
      fft_(spec.grid, FftKind::RealToComplex, stream),
      store_fft_(spec.store_grid, FftKind::RealToComplex, stream) {
  SIMFORGE_CHECK(max_batch >= 1, "simulation: batch must be at least 1");
  SIMFORGE_CHECK(spec.store_grid.size() == spec.grid.size(), "simulation: store grid has ", spec.store_grid.size(),
                 " axes, grid has ", spec.grid.size());
  for (std::size_t a = 0; a < spec.grid.size(); ++a)
    SIMFORGE_CHECK(spec.store_grid[a] <= spec.grid[a], "simulation: store grid ", spec.store_grid[a],
                   " exceeds the solve grid ", spec.grid[a]);
  const std::size_t rows = max_batch * std::size_t(pde_->n_fields());
  state_ = DeviceBuffer<Complex<Real>>(rows * grid_.modes());
  scratch_ = DeviceBuffer<Complex<Real>>(rows * grid_.modes());
  store_hat_ = DeviceBuffer<Complex<Real>>(rows * store_.modes());
  store_real_ = DeviceBuffer<Real>(rows * store_.points());
  physical_ = DeviceBuffer<Real>(rows * grid_.points());
  store_float_ = DeviceBuffer<float>(rows * store_.points());
  frame_host_ = HostBuffer<float>(rows * store_.points());
  // Bytes one sample touches per step: state, stepper and nonlinear scratch spectra, real fields.
  const std::size_t per_sample = std::size_t(pde_->n_fields()) * (12 * grid_.modes() * sizeof(Complex<Real>) +
                                                                   6 * grid_.points() * sizeof(Real));
  chunk_ = device::preferred_chunk(per_sample, max_batch);
#if !SIMFORGE_CUDA
  // On the CPU each thread steps whole chunks with its own PDE and stepper: no team barrier per
  // kernel, and a chunk's working set stays in that core's cache for all its steps.
  const std::size_t threads = std::size_t(device::thread_count());
  if (threads > 1 && chunk_ < max_batch)
    for (std::size_t t = 0; t < threads; ++t) {
      Worker w;
      w.pde = make_pde<Real>(spec.pde, grid_, chunk_, stream);
      w.stepper = make_stepper<Real>(spec.stepper, *w.pde, grid_, spec.dt, chunk_, stream);
      workers_.push_back(std::move(w));
    }
#endif
}

template <class Real>
Simulation<Real>::~Simulation() = default;

std::vector<std::string> simulation_diagnostics(const PdeDescriptor& d) {
  std::vector<std::string> names;
  if (d.has_velocity) names.push_back("max_cfl");
  for (const auto& f : d.fields) {
    names.push_back(f + "_final_mean");
    names.push_back(f + "_final_rms");
  }
  return names;
}

template <class Real>
void Simulation<Real>::begin(std::uint64_t first, std::size_t count) {
  SIMFORGE_CHECK(count >= 1 && count <= max_batch_, "simulation: batch of ", count, " samples, at most ", max_batch_);
  first_ = first;
  count_ = count;
  std::vector<std::string> names;
  for (const auto& p : descriptor_->parameters) names.push_back(p.name);
  params_ = ParameterTable::draw(names, spec_.pde.parameters, spec_.seed, first, count);
  params_device_ = to_device<double>(params_.values, stream_);
  graphs_.clear();  // the recorded steps point at the previous batch's coefficients
  symbols_.clear();
  for (std::size_t b = 0; b < count; ++b)
    for (int f = 0; f < pde_->n_fields(); ++f) symbols_.push_back(pde_->linear(f, params_.row(b)));
  stepper_->prepare(symbols_, params_device_.data(), descriptor_->parameters.size(), count);
  cfl_rate_.assign(count, 0.0);
  generate_initial_condition<Real>(spec_.initial_condition, grid_, pde_->n_fields(), spec_.seed, first, count,
                                   state_.data(), stream_, fft_, physical_.data(), spec_.cell_centered ? 0.5 : 0.0);
}

template <class Real>
void Simulation<Real>::set_physical_state(const Real* fields_device) {
  const std::size_t rows = count_ * std::size_t(pde_->n_fields());
  fft_.get(rows).forward(fields_device, state_.data());
}

template <class Real>
void Simulation<Real>::advance(std::size_t steps) {
  if (!workers_.empty() && count_ > chunk_) return advance_on_workers(steps);
  // Chunk-outer, step-inner: on the CPU a chunk's working set stays in cache for all its steps.
  for (std::size_t c0 = 0; c0 < count_; c0 += chunk_) {
    const std::size_t n = std::min(chunk_, count_ - c0);
    // One recorded step per chunk, replayed: on a GPU one graph launch per step.
    for (std::size_t s = 0; s < steps; ++s) graphs_.run(c0, stream_, [&] { stepper_->step(state_.data(), c0, n); });
    const std::vector<double> rate = pde_->cfl_rate(n);  // from the chunk's last nonlinear term
    std::copy(rate.begin(), rate.end(), cfl_rate_.begin() + std::ptrdiff_t(c0));
  }
}

template <class Real>
void Simulation<Real>::advance_on_workers(std::size_t steps) {
  const std::size_t chunks = (count_ + chunk_ - 1) / chunk_, fields = std::size_t(pde_->n_fields());
  const std::size_t n_params = descriptor_->parameters.size();
  std::vector<std::exception_ptr> errors(chunks);
#pragma omp parallel for schedule(dynamic, 1) num_threads(int(workers_.size()))
  for (std::ptrdiff_t c = 0; c < std::ptrdiff_t(chunks); ++c) {
    Worker& w = workers_[std::size_t(omp_get_thread_num())];
    const std::size_t c0 = std::size_t(c) * chunk_, n = std::min(chunk_, count_ - c0);
    try {
      w.stepper->prepare(std::span<const LinearSymbol>(symbols_).subspan(c0 * fields, n * fields),
                         params_device_.data() + c0 * n_params, n_params, n);
      for (std::size_t s = 0; s < steps; ++s) w.stepper->step(state_.data() + c0 * fields * grid_.modes(), 0, n);
      const std::vector<double> rate = w.pde->cfl_rate(n);
      std::copy(rate.begin(), rate.end(), cfl_rate_.begin() + std::ptrdiff_t(c0));
    } catch (...) {
      errors[std::size_t(c)] = std::current_exception();
    }
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

template <class Real>
void Simulation<Real>::physical_state(Real* fields_device) {
  const std::size_t rows = count_ * std::size_t(pde_->n_fields());
  const std::size_t n = rows * grid_.modes();
  copy_n(scratch_.data(), state_.data(), n, CopyKind::DeviceToDevice, stream_);
  for_each_index(stream_, n, Scale<Real>{scratch_.data(), Real(1.0 / double(grid_.points()))});
  fft_.get(rows).inverse(scratch_.data(), fields_device);
  stream_.synchronize();
}

template <class Real>
void Simulation<Real>::extract_frame(std::size_t frame, BatchResult& out) {
  const int fields = pde_->n_fields();
  const std::size_t rows = count_ * std::size_t(fields), pts = store_.points();
  for_each_mode(stream_, store_, rows, Truncate<Real>{grid_, store_, state_.data(), store_hat_.data()});
  store_fft_.get(rows).inverse(store_hat_.data(), store_real_.data());
  for_each_index(stream_, rows * pts, ToFloat<Real>{store_real_.data(), store_float_.data()});
  copy_n(frame_host_.data(), store_float_.data(), rows * pts, CopyKind::DeviceToHost, stream_);
  stream_.synchronize();
  const double t = double(frame) * spec_.save_interval();
  for (std::size_t b = 0; b < count_; ++b)
    for (int f = 0; f < fields; ++f) {
      const float* src = frame_host_.data() + (b * fields + f) * pts;
      for (std::size_t p = 0; p < pts; ++p)
        SIMFORGE_CHECK(std::isfinite(src[p]), "simulation diverged: ", descriptor_->fields[f], " of ",
                       sample_at(first_ + b, t), " is not finite (NaN/Inf); reduce time.dt or check the parameters");
      std::copy(src, src + pts, out.fields[f].begin() + std::ptrdiff_t((b * spec_.frames + frame) * pts));
    }
}

template <class Real>
void Simulation<Real>::check_cfl(std::size_t frame, std::vector<double>& max_cfl) {
  if (!descriptor_->has_velocity) return;
  const std::vector<double>& rate = cfl_rate_;
  for (std::size_t b = 0; b < rate.size(); ++b) {
    const double cfl = rate[b] * spec_.dt;
    max_cfl[b] = std::max(max_cfl[b], cfl);
    SIMFORGE_CHECK(cfl <= spec_.cfl_max, "CFL number ", cfl, " of ", sample_at(first_ + b, double(frame) * spec_.save_interval()),
                   " exceeds time.cfl_max = ", spec_.cfl_max, "; reduce time.dt below ",
                   spec_.cfl_max / std::max(rate[b], 1e-300));
  }
}

template <class Real>
BatchResult Simulation<Real>::run(std::uint64_t first, std::size_t count) {
  begin(first, count);
  const int fields = pde_->n_fields();
  BatchResult out;
  out.first = first;
  out.count = count;
  out.fields.assign(fields, std::vector<float>(count * spec_.frames * store_.points()));
  std::vector<double> max_cfl(count, 0.0);

  extract_frame(0, out);
  pde_->nonlinear(state_.data(), scratch_.data(), params_device_.data(), count);  // velocity at t = 0
  cfl_rate_ = pde_->cfl_rate(count);
  check_cfl(0, max_cfl);
  for (std::size_t frame = 1; frame < spec_.frames; ++frame) {
    advance(spec_.steps_per_frame);
    extract_frame(frame, out);
    check_cfl(frame, max_cfl);  // velocity of the last step's second stage
  }

  out.parameters = params_;
  out.diagnostic_names = simulation_diagnostics(*descriptor_);
  const std::size_t pts = store_.points();
  for (const auto& name : out.diagnostic_names) {
    std::vector<double> v(count);
    if (name == "max_cfl") {
      v = max_cfl;
    } else {
      const bool rms = name.ends_with("_rms");
      const std::string field = name.substr(0, name.size() - (rms ? 10 : 11));
      const std::size_t f = std::size_t(std::find(descriptor_->fields.begin(), descriptor_->fields.end(), field) -
                                        descriptor_->fields.begin());
      for (std::size_t b = 0; b < count; ++b) {
        const float* last = out.fields[f].data() + (b * spec_.frames + spec_.frames - 1) * pts;
        double s = 0;
        for (std::size_t p = 0; p < pts; ++p) s += rms ? double(last[p]) * last[p] : last[p];
        v[b] = rms ? std::sqrt(s / double(pts)) : s / double(pts);
      }
    }
    out.diagnostics.push_back(std::move(v));
  }
  return out;
}

template class Simulation<float>;
template class Simulation<double>;

}  // namespace simforge
