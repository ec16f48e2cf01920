#include "workflows/predict.hpp"

#include <algorithm>
#include <chrono>

#include "data/training_data.hpp"
#include "data/windows.hpp"
#include "io/checkpoint.hpp"
#include "io/dataset_reader.hpp"
#include "kernels/buffer.hpp"
#include "kernels/error.hpp"
#include "surrogate/metrics.hpp"
#include "workflows/model_file.hpp"

namespace simforge::workflows {

io::Prediction predict_sample(const std::filesystem::path& model_file, const PredictOptions& o, const Stream& stream) {
  io::Checkpoint ck = io::read_checkpoint(model_file);
  if (o.dataset) ck.dataset = *o.dataset;
  const io::DatasetReader reader(ck.dataset);
  const io::DatasetSpec& s = reader.info().spec;
  data::require_fields(s, ck.dataset, ck.fields, ck.scalars, "model " + model_file.string());
  SIMFORGE_CHECK(o.sample < s.n_trajectories, "sample ", o.sample, " is out of range: dataset ", ck.dataset, " has ",
                 s.n_trajectories, " trajectories");
  const std::size_t frames = s.times.size(), hist = std::size_t(ck.history);
  SIMFORGE_CHECK(frames >= hist, "dataset ", ck.dataset, " has ", frames, " frames; the model needs ", hist, " input frames");
  const bool steady = ck.targets > 0;  // a steady map predicts its targets once, at the inputs' frame
  SIMFORGE_CHECK(!steady || o.steps.value_or(1) == 1, "--steps: a steady map predicts one frame");
  const std::size_t steps = steady ? 1 : o.steps.value_or(frames - hist);
  SIMFORGE_CHECK(steps >= 1, "steps must be >= 1 (dataset ", ck.dataset, " has no frame after the ", hist, " input frames; give --steps)");

  io::Prediction p;
  p.model = model_file.string();
  p.dataset = ck.dataset;
  p.sample = o.sample;
  p.history = hist;
  p.steps = steps;
  p.truth_steps = steady ? 1 : std::min(steps, frames - hist);
  p.fields.assign(ck.fields.end() - std::ptrdiff_t(steady ? ck.targets : int(ck.fields.size())), ck.fields.end());  // the predicted ones
  p.h = s.spatial_shape.size() == 2 ? int(s.spatial_shape[0]) : 1;
  p.w = int(s.spatial_shape.back());
  const std::size_t plane = std::size_t(p.h) * p.w, nf = ck.fields.size(), out_f = p.fields.size();

  surrogate::Predictor predictor(predictor_spec(ck), stream);
  std::vector<float> window(std::size_t(predictor.layout().in_channels()) * plane);
  p.truth.resize(p.truth_steps * out_f * plane);
  std::vector<std::vector<float>> trajectory(nf);
  std::vector<const float*> field_frames(nf);
  for (std::size_t fi = 0; fi < nf; ++fi) {
    trajectory[fi] = reader.read_sample(ck.fields[fi], o.sample);
    field_frames[fi] = trajectory[fi].data();
  }
  std::vector<double> scalars;
  for (const auto& sc : ck.scalars) scalars.push_back(reader.read_scalar(sc)[o.sample]);
  data::assemble_window(predictor.layout(), field_frames, scalars, plane, std::size_t(p.w), nullptr, window.data(),
                        {p.truth.data(), out_f * plane, p.truth_steps});

  const DeviceBuffer<float> wdev = to_device<float>(window, stream);
  DeviceBuffer<float> out(steps * out_f * plane);
  stream.synchronize();
  const auto t0 = std::chrono::steady_clock::now();
  predictor.rollout(wdev.data(), 1, p.h, p.w, int(steps), out.data());
  stream.synchronize();
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  p.frames = to_host_span(out.data(), out.size(), stream);

  if (p.truth_steps) {  // the scored frames, by the metrics every evaluation uses
    surrogate::RolloutMetrics metrics(int(out_f), p.h, p.w, int(p.truth_steps), stream);
    metrics.add(p.frames.data(), p.truth.data());
    p.nrmse_per_step = metrics.summary().nrmse_per_step;
  }
  return p;
}

}  // namespace simforge::workflows
