#include "io/evaluation.hpp"

#include <algorithm>
#include <chrono>
#include <sstream>

#include "io/config.hpp"
#include "io/dataset.hpp"
#include "io/train_config.hpp"
#include "kernels/error.hpp"
#include "solvers/simulation.hpp"

namespace simforge::io {

surrogate::PredictorSpec predictor_spec(const Checkpoint& c) {
  const TrainConfig cfg = parse_train_config(c.config_yaml, "the model file's config");
  const DatasetReader reader(c.dataset);
  surrogate::PredictorSpec p;
  p.model = cfg.model;
  p.model.rank = int(reader.info().spec.spatial_shape.size());
  p.layout = {int(c.fields.size()), c.history, int(c.scalars.size())};
  p.model.in_channels = p.layout.in_channels();
  p.model.out_channels = p.layout.out_channels();
  p.increment = c.increment;
  p.mean = c.norm_mean;
  p.std = c.norm_std;
  p.parameters = c.parameters;
  return p;
}

std::unique_ptr<surrogate::Predictor> load_predictor(const std::filesystem::path& model_file, const Stream& stream) {
  return std::make_unique<surrogate::Predictor>(predictor_spec(read_checkpoint(model_file)), stream);
}

std::string EvalReport::json() const {
  std::ostringstream os;
  os.precision(6);
  const auto& m = metrics;
  os << "{\"model\": \"" << model << "\", \"dataset\": \"" << dataset << "\", \"split\": \"" << split << "\", \"samples\": " << m.samples
     << ", \"history\": " << history << ", \"rollout_steps\": " << m.steps << ", \"nrmse\": " << m.nrmse
     << ", \"one_step_nrmse\": " << m.one_step_nrmse << ", \"relative_l2\": " << m.relative_l2 << ", \"vrmse\": " << m.vrmse
     << ", \"frmse_low\": " << m.frmse_low << ", \"frmse_mid\": " << m.frmse_mid << ", \"frmse_high\": " << m.frmse_high
     << ", \"nrmse_per_step\": [";
  for (std::size_t i = 0; i < m.nrmse_per_step.size(); ++i) os << (i ? ", " : "") << m.nrmse_per_step[i];
  os << "], \"surrogate_seconds_per_trajectory\": " << surrogate_seconds_per_trajectory;
  if (solver_seconds_per_trajectory >= 0)
    os << ", \"solver_seconds_per_trajectory\": " << solver_seconds_per_trajectory
       << ", \"speedup\": " << solver_seconds_per_trajectory / surrogate_seconds_per_trajectory;
  os << "}";
  return os.str();
}

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Solver time for frames history .. T-1 of samples [first, first + count): the same trajectories
// and the same device as the surrogate rollout (initial conditions not counted).
double solver_seconds(const DatasetReader& reader, std::uint64_t first, std::size_t count, std::size_t steps) {
  const GenerateConfig g = parse_generate_config(reader.info().spec.config_yaml, "the dataset's simforge_config");
  Stream stream;
  Simulation<float> sim(g.simulation, count, stream);
  sim.begin(first, count);
  stream.synchronize();
  const auto t = Clock::now();
  sim.advance(g.simulation.steps_per_frame * steps);
  stream.synchronize();
  return since(t);
}
}  // namespace

void check_model_fits_dataset(const Checkpoint& ck, const DatasetSpec& s, const std::filesystem::path& model_file) {
  for (const auto& f : ck.fields)
    SIMFORGE_CHECK(std::find(s.t0_fields.begin(), s.t0_fields.end(), f) != s.t0_fields.end(), "model ", model_file.string(),
                   " predicts field '", f, "', which dataset ", ck.dataset, " does not have: the model's channels do not match the dataset");
  for (const auto& f : ck.scalars)
    SIMFORGE_CHECK(std::find(s.sample_scalars.begin(), s.sample_scalars.end(), f) != s.sample_scalars.end(), "model ",
                   model_file.string(), " takes scalar '", f, "', which dataset ", ck.dataset, " does not have");
}

EvalReport evaluate_surrogate(const std::filesystem::path& model_file, const EvalOptions& o) {
  Checkpoint ck = read_checkpoint(model_file);
  if (o.dataset) ck.dataset = *o.dataset;
  const DatasetReader reader(ck.dataset);
  const DatasetSpec& s = reader.info().spec;
  check_model_fits_dataset(ck, s, model_file);
  const std::size_t frames = s.times.size(), hist = std::size_t(ck.history);
  SIMFORGE_CHECK(frames > hist, "dataset ", ck.dataset, " has ", frames, " frames; a rollout after ", hist,
                 " history frames needs at least ", hist + 1);
  std::vector<std::uint64_t> samples = o.split == "test" ? ck.test : o.split == "val" ? ck.val : ck.train;
  SIMFORGE_CHECK(o.split == "test" || o.split == "val" || o.split == "train", "split '", o.split, "' is not allowed; allowed: test, val, train");
  if (o.dataset) {  // another dataset: every sample in range
    samples.clear();
    for (std::uint64_t i = 0; i < s.n_trajectories; ++i) samples.push_back(i);
  }
  if (o.max_samples && samples.size() > *o.max_samples) samples.resize(*o.max_samples);
  SIMFORGE_CHECK(!samples.empty(), "model ", model_file.string(), ": the ", o.split, " split is empty");

  Stream stream;
  surrogate::Predictor predictor(predictor_spec(ck), stream);
  const surrogate::WindowLayout w = predictor.layout();
  const int h = s.spatial_shape.size() == 2 ? int(s.spatial_shape[0]) : 1, wd = int(s.spatial_shape.back());
  const std::size_t plane = std::size_t(h) * wd, steps = frames - hist, f = ck.fields.size();
  surrogate::RolloutMetrics metrics(int(f), h, wd, int(steps), stream);
  std::vector<std::vector<double>> scalar_values;
  for (const auto& sc : ck.scalars) scalar_values.push_back(reader.read_scalar(sc));

  EvalReport r;
  r.model = model_file.string();
  r.dataset = ck.dataset;
  r.split = o.dataset ? "all" : o.split;
  r.history = hist;
  double rollout_s = 0;
  for (std::size_t b0 = 0; b0 < samples.size(); b0 += o.batch) {
    const std::size_t n = std::min(o.batch, samples.size() - b0);
    std::vector<float> window(n * w.in_channels() * plane), truth(n * steps * f * plane);
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t fi = 0; fi < f; ++fi) {
        const std::vector<float> v = reader.read_sample(ck.fields[fi], samples[b0 + k]);
        std::copy(v.begin(), v.begin() + hist * plane, window.begin() + (k * w.in_channels() + fi * hist) * plane);
        for (std::size_t t = 0; t < steps; ++t)
          std::copy(v.begin() + (hist + t) * plane, v.begin() + (hist + t + 1) * plane, truth.begin() + ((k * steps + t) * f + fi) * plane);
      }
      for (std::size_t si = 0; si < ck.scalars.size(); ++si)
        std::fill_n(window.begin() + (k * w.in_channels() + f * hist + si) * plane, plane, float(scalar_values[si][samples[b0 + k]]));
    }
    DeviceBuffer<float> wdev = to_device<float>(window, stream), out(steps * n * f * plane);
    predictor.rollout(wdev.data(), int(n), h, wd, 1, out.data());  // warm-up: plans and buffers for this batch size
    stream.synchronize();
    const auto t = Clock::now();
    predictor.rollout(wdev.data(), int(n), h, wd, int(steps), out.data());
    stream.synchronize();
    rollout_s += since(t);
    const std::vector<float> pred = to_host_span(out.data(), out.size(), stream);  // [steps, n, f, plane]
    std::vector<float> p1(steps * f * plane);
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t t = 0; t < steps; ++t)
        std::copy_n(pred.begin() + ((t * n + k) * f) * plane, f * plane, p1.begin() + t * f * plane);
      metrics.add(p1.data(), truth.data() + k * steps * f * plane);
    }
    if (b0 == 0 && o.time_solver)
      r.solver_seconds_per_trajectory = solver_seconds(reader, samples[0], n, steps) / double(n);
  }
  r.metrics = metrics.summary();
  r.surrogate_seconds_per_trajectory = rollout_s / double(samples.size());
  return r;
}

}  // namespace simforge::io
