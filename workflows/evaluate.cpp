#include "workflows/evaluate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "config/generate_config.hpp"
#include "data/training_data.hpp"
#include "data/windows.hpp"
#include "io/checkpoint.hpp"
#include "io/dataset_reader.hpp"
#include "kernels/error.hpp"
#include "solvers/simulation.hpp"
#include "workflows/model_file.hpp"

namespace simforge::workflows {

namespace {
using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Solver time for frames history .. T-1 of samples [first, first + count): the same trajectories
// and the same device as the surrogate rollout (initial conditions not counted).
double solver_seconds(const io::DatasetReader& reader, std::uint64_t first, std::size_t count, std::size_t steps, const Stream& stream) {
  const config::GenerateConfig g = config::parse_generate_config(reader.info().spec.config_yaml, "the dataset's simforge_config");
  Simulation<float> sim(g.simulation, count, stream);
  sim.begin(first, count);
  stream.synchronize();
  const auto t = Clock::now();
  // A steady PDE's solve is its state: time it (a second begin, warm); else the frames.
  if (find_pde(g.simulation.pde.type).steady) sim.begin(first, count);
  else sim.advance(g.simulation.save_interval() * double(steps));
  stream.synchronize();
  return since(t);
}
}  // namespace

EvalReport evaluate_surrogate(const std::filesystem::path& model_file, const EvalOptions& o, const Stream& stream) {
  io::Checkpoint ck = io::read_checkpoint(model_file);
  if (o.dataset) ck.dataset = *o.dataset;
  const io::DatasetReader reader(ck.dataset);
  const io::DatasetSpec& s = reader.info().spec;
  data::require_fields(s, ck.dataset, ck.fields, ck.scalars, "model " + model_file.string());
  const std::size_t frames = s.times.size(), hist = std::size_t(ck.history);
  const bool steady = ck.targets > 0;  // a steady map: one prediction per sample, at the inputs' frame
  SIMFORGE_CHECK(steady || frames > hist, "dataset ", ck.dataset, " has ", frames, " frames; a rollout after ", hist,
                 " history frames needs at least ", hist + 1);
  SIMFORGE_CHECK(o.split == "test" || o.split == "val" || o.split == "train", "split '", o.split, "' is not allowed; allowed: test, val, train");
  std::vector<std::uint64_t> samples = o.split == "test" ? ck.test : o.split == "val" ? ck.val : ck.train;
  if (o.dataset) {  // another dataset: every sample in range
    samples.clear();
    for (std::uint64_t i = 0; i < s.n_trajectories; ++i) samples.push_back(i);
  }
  if (o.max_samples && samples.size() > *o.max_samples) samples.resize(*o.max_samples);
  SIMFORGE_CHECK(!samples.empty(), "model ", model_file.string(), ": the ", o.split, " split is empty");

  surrogate::Predictor predictor(predictor_spec(ck), stream);
  const surrogate::WindowLayout w = predictor.layout();
  const int h = s.spatial_shape.size() == 2 ? int(s.spatial_shape[0]) : 1, wd = int(s.spatial_shape.back());
  // f: the fields read from the file; out: the predicted ones (all of them for a rollout).
  const std::size_t plane = std::size_t(h) * wd, steps = steady ? 1 : frames - hist, f = ck.fields.size(),
                    out_f = std::size_t(w.out_channels()), cin = std::size_t(w.in_channels());
  surrogate::RolloutMetrics metrics(int(out_f), h, wd, int(steps), stream);
  std::vector<std::vector<double>> scalar_values;
  for (const auto& sc : ck.scalars) scalar_values.push_back(reader.read_scalar(sc));

  EvalReport r;
  r.model = model_file.string();
  r.dataset = ck.dataset;
  r.split = o.dataset ? "all" : o.split;
  r.history = hist;
  r.steady = steady;
  r.step = ck.step;
  r.best_validation = ck.best;
  double rollout_s = 0;
  const auto start = Clock::now();
  std::vector<std::vector<float>> trajectory(f);
  std::vector<const float*> field_frames(f);
  std::vector<double> scalars(ck.scalars.size());
  // Teacher-forced one-step predictions of every window of the trajectory in `trajectory`: the
  // true frames t0 .. t0 + history - 1 in, frame t0 + history scored (one batch of `steps`).
  std::vector<float> tf_in(steady ? 0 : steps * cin * plane), tf_truth(steady ? 0 : steps * out_f * plane);
  auto score_one_step = [&](std::uint64_t sample) {
    std::vector<const float*> at(f);
    for (std::size_t t0 = 0; t0 < steps; ++t0) {
      for (std::size_t fi = 0; fi < f; ++fi) at[fi] = trajectory[fi].data() + t0 * plane;
      data::assemble_window(w, at, scalars, plane, std::size_t(wd), nullptr, tf_in.data() + t0 * cin * plane,
                            {tf_truth.data() + t0 * out_f * plane, out_f * plane, 1});
    }
    DeviceBuffer<float> in = to_device<float>(tf_in, stream), out(tf_truth.size());
    predictor.rollout(in.data(), int(steps), h, wd, 1, out.data());
    const std::vector<float> pred = to_host_span(out.data(), out.size(), stream);  // [steps, out fields, plane]
    for (std::size_t i = 0; i < pred.size(); ++i)
      SIMFORGE_CHECK(std::isfinite(pred[i]), "model ", model_file.string(), ": its one-step prediction of sample ", sample,
                     " from frame ", i / (out_f * plane), " is not finite (NaN/Inf); the model diverges on these data");
    for (std::size_t t0 = 0; t0 < steps; ++t0)
      metrics.add_one_step(pred.data() + t0 * out_f * plane, tf_truth.data() + t0 * out_f * plane);
  };
  for (std::size_t b0 = 0; b0 < samples.size(); b0 += o.batch) {
    const std::size_t n = std::min(o.batch, samples.size() - b0);
    std::vector<float> window(n * cin * plane), truth(n * steps * out_f * plane);  // truth: [n, steps, out fields, plane]
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t fi = 0; fi < f; ++fi) {
        trajectory[fi] = reader.read_sample(ck.fields[fi], samples[b0 + k]);
        field_frames[fi] = trajectory[fi].data();
        // Metrics of NaN are NaN: say which trajectory is not finite instead (and write no report).
        SIMFORGE_CHECK(std::all_of(trajectory[fi].begin(), trajectory[fi].end(), [](float v) { return std::isfinite(v); }),
                       "dataset ", ck.dataset, ": sample ", samples[b0 + k], " holds values that are not finite (NaN/Inf); it cannot be scored");
      }
      for (std::size_t si = 0; si < scalars.size(); ++si) scalars[si] = scalar_values[si][samples[b0 + k]];
      data::assemble_window(w, field_frames, scalars, plane, std::size_t(wd), nullptr, window.data() + k * cin * plane,
                            {truth.data() + k * steps * out_f * plane, out_f * plane, steps});
      if (!steady) score_one_step(samples[b0 + k]);
    }
    DeviceBuffer<float> wdev = to_device<float>(window, stream), out(steps * n * out_f * plane);
    predictor.rollout(wdev.data(), int(n), h, wd, 1, out.data());  // warm-up: plans and buffers for this batch size
    stream.synchronize();
    const auto t = Clock::now();
    predictor.rollout(wdev.data(), int(n), h, wd, int(steps), out.data());
    stream.synchronize();
    rollout_s += since(t);
    const std::vector<float> pred = to_host_span(out.data(), out.size(), stream);  // [steps, n, f, plane]
    for (std::size_t i = 0; i < pred.size(); ++i)
      SIMFORGE_CHECK(std::isfinite(pred[i]), "model ", model_file.string(), ": its rollout of sample ", samples[b0 + (i / (out_f * plane)) % n],
                     " is not finite (NaN/Inf) at step ", i / (n * out_f * plane) + 1, "; the model diverges on these data");
    std::vector<float> p1(steps * out_f * plane);
    for (std::size_t k = 0; k < n; ++k) {
      for (std::size_t t = 0; t < steps; ++t)
        std::copy_n(pred.begin() + std::ptrdiff_t(((t * n + k) * out_f) * plane), out_f * plane, p1.begin() + std::ptrdiff_t(t * out_f * plane));
      metrics.add(p1.data(), truth.data() + k * steps * out_f * plane);
    }
    if (b0 == 0 && o.time_solver) r.solver_seconds_per_trajectory = solver_seconds(reader, samples[0], n, steps, stream) / double(n);
    if (o.progress) o.progress(b0 + n, samples.size(), since(start));
  }
  r.metrics = metrics.summary();
  r.surrogate_seconds_per_trajectory = rollout_s / double(samples.size());
  return r;
}

}  // namespace simforge::workflows
