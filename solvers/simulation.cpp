#include "solvers/simulation.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "kernels/error.hpp"

namespace simforge {

namespace {

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
std::unique_ptr<Solver<Real>> make_solver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream) {
  const PdeEntry& e = pde_registry().at(spec.pde.type);
  e.descriptor.check(spec.pde);
  const auto& dims = e.descriptor.dims;
  SIMFORGE_CHECK(std::find(dims.begin(), dims.end(), spec.grid.dim) != dims.end(), "PDE ", e.name, " does not support ",
                 spec.grid.dim, "D grids");
  if constexpr (std::is_same_v<Real, float>) return e.make_float(spec, max_batch, stream);
  else return e.make_double(spec, max_batch, stream);
}

template std::unique_ptr<Solver<float>> make_solver(const SimulationSpec&, std::size_t, const Stream&);
template std::unique_ptr<Solver<double>> make_solver(const SimulationSpec&, std::size_t, const Stream&);

std::vector<std::string> simulation_diagnostics(const PdeDescriptor& d, int dim) {
  std::vector<std::string> names;
  if (d.stability_limited) names.push_back("max_cfl");
  for (const auto& f : d.field_names(dim)) {
    names.push_back(f + "_final_mean");
    names.push_back(f + "_final_rms");
  }
  names.insert(names.end(), d.solver_diagnostics.begin(), d.solver_diagnostics.end());
  return names;
}

template <class Real>
Simulation<Real>::Simulation(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream)
    : spec_(spec),
      descriptor_(&find_pde(spec.pde.type)),
      max_batch_(max_batch),
      stream_(stream),
      solver_(make_solver<Real>(spec, max_batch, stream)),
      initial_condition_(make_initial_condition<Real>(spec.initial_condition, solver_->fields(), spec.grid.dim)) {
  field_names_ = descriptor_->field_names(spec.grid.dim);
  SIMFORGE_CHECK(int(field_names_.size()) == solver_->fields(), descriptor_->name, ": the solver holds ", solver_->fields(),
                 " fields, the descriptor names ", field_names_.size());
  const std::size_t rows = max_batch * std::size_t(solver_->fields());
  store_points_ = spec.store_grid().points();
  physical_ = DeviceBuffer<Real>(rows * spec.grid.points());
  frame_ = DeviceBuffer<float>(rows * store_points_);
  frame_host_ = HostBuffer<float>(rows * store_points_);
}

template <class Real>
Simulation<Real>::~Simulation() = default;

template <class Real>
void Simulation<Real>::begin(std::uint64_t first, std::size_t count) {
  SIMFORGE_CHECK(count >= 1 && count <= max_batch_, "simulation: batch of ", count, " samples, at most ", max_batch_);
  first_ = first;
  count_ = count;
  params_ = ParameterTable::draw(descriptor_->parameter_names(), descriptor_->laws(spec_.pde), spec_.seed, first, count);
  solver_->begin(params_);
  const InitialConditionRequest request{spec_.grid, solver_->fields(), spec_.seed, first, count, &stream_};
  try {
    if (!solver_->initialize(*initial_condition_, request)) {
      initial_condition_->physical(request, physical_.data());
      solver_->set_state(physical_.data());
    }
  } catch (const SampleFailure& e) {
    SIMFORGE_FAIL("the initial condition: ", e.what_failed, " in ", sample_at(first_ + e.index, e.t), "; check initial_condition.*");
  }
}

template <class Real>
void Simulation<Real>::set_physical_state(const Real* fields_device) {
  solver_->set_state(fields_device);
}

template <class Real>
void Simulation<Real>::physical_state(Real* fields_device) {
  solver_->state(fields_device);
}

template <class Real>
void Simulation<Real>::advance(double duration) {
  try {
    solver_->advance(duration);
  } catch (const SampleFailure& e) {
    SIMFORGE_FAIL(e.what_failed, " in ", sample_at(first_ + e.index, e.t), "; ", e.remedy);
  }
}

template <class Real>
void Simulation<Real>::store_frame() {
  solver_->stored_frame(frame_.data());
  stored_.record(stream_);
  copy_stream_.wait(stored_);
  copy_n(frame_host_.data(), frame_.data(), count_ * std::size_t(solver_->fields()) * store_points_, CopyKind::DeviceToHost,
         copy_stream_);
  copied_.record(copy_stream_);
}

template <class Real>
void Simulation<Real>::take_frame(std::size_t frame, BatchResult& out) {
  const std::size_t pts = store_points_;
  const int fields = solver_->fields();
  copied_.synchronize();
  const double t = double(frame) * spec_.save_interval();
  for (std::size_t b = 0; b < count_; ++b)
    for (int f = 0; f < fields; ++f) {
      const float* src = frame_host_.data() + (b * fields + f) * pts;
      for (std::size_t p = 0; p < pts; ++p)
        SIMFORGE_CHECK(std::isfinite(src[p]), "simulation diverged: ", field_names_[std::size_t(f)], " of ",
                       sample_at(first_ + b, t), " is not finite (NaN/Inf); reduce time.dt or check the parameters");
      std::copy(src, src + pts, out.fields[f].begin() + std::ptrdiff_t((b * spec_.frames + frame) * pts));
    }
}

// dt times the solver's stability rate at a saved frame, against time.cfl_max.
template <class Real>
void Simulation<Real>::check_stability(std::size_t frame, std::vector<double>& max_cfl) {
  if (!descriptor_->stability_limited) return;
  const std::vector<double> rate = solver_->stability_rate();
  SIMFORGE_CHECK(rate.size() == count_, "simulation: the solver gave ", rate.size(), " stability rates for ", count_, " samples");
  for (std::size_t b = 0; b < rate.size(); ++b) {
    const double cfl = rate[b] * spec_.dt;
    if (std::isnan(cfl)) continue;  // a diverged state: take_frame names the sample and the field
    max_cfl[b] = std::max(max_cfl[b], cfl);
    SIMFORGE_CHECK(cfl <= spec_.cfl_max, "CFL number ", cfl, " of ", sample_at(first_ + b, double(frame) * spec_.save_interval()),
                   " exceeds time.cfl_max = ", spec_.cfl_max, "; reduce time.dt below ",
                   spec_.cfl_max / std::max(rate[b], 1e-300));
  }
}

template <class Real>
BatchResult Simulation<Real>::run(std::uint64_t first, std::size_t count) {
  begin(first, count);
  const int fields = solver_->fields();
  BatchResult out;
  out.first = first;
  out.count = count;
  out.fields.assign(std::size_t(fields), std::vector<float>(count * spec_.frames * store_points_));
  std::vector<double> max_cfl(count, 0.0);

  for (std::size_t frame = 0; frame < spec_.frames; ++frame) {
    store_frame();
    check_stability(frame, max_cfl);
    if (frame + 1 < spec_.frames) advance(spec_.save_interval());  // queued before the host takes the frame
    take_frame(frame, out);
  }

  out.parameters = params_;
  // Values in the order simulation_diagnostics names them.
  out.diagnostic_names = simulation_diagnostics(*descriptor_, spec_.grid.dim);
  if (descriptor_->stability_limited) out.diagnostics.push_back(max_cfl);
  const std::size_t pts = store_points_;
  for (std::size_t f = 0; f < field_names_.size(); ++f) {
    std::vector<double> mean(count), rms(count);
    for (std::size_t b = 0; b < count; ++b) {
      const float* last = out.fields[f].data() + (b * spec_.frames + spec_.frames - 1) * pts;
      double s = 0, s2 = 0;
      for (std::size_t p = 0; p < pts; ++p) s += last[p], s2 += double(last[p]) * last[p];
      mean[b] = s / double(pts);
      rms[b] = std::sqrt(s2 / double(pts));
    }
    out.diagnostics.push_back(std::move(mean));
    out.diagnostics.push_back(std::move(rms));
  }
  std::vector<std::vector<double>> extra = solver_->diagnostics();
  SIMFORGE_CHECK(extra.size() == descriptor_->solver_diagnostics.size(), descriptor_->name, ": the solver reported ", extra.size(),
                 " diagnostics, its descriptor names ", descriptor_->solver_diagnostics.size());
  for (auto& v : extra) {
    SIMFORGE_CHECK(v.size() == count, descriptor_->name, ": a solver diagnostic has ", v.size(), " values for ", count, " samples");
    out.diagnostics.push_back(std::move(v));
  }
  return out;
}

template class Simulation<float>;
template class Simulation<double>;

}  // namespace simforge
