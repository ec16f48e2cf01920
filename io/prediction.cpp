// One-sample rollouts of a trained surrogate (simforge predict).
#include "io/prediction.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "io/checkpoint.hpp"
#include "io/dataset.hpp"
#include "io/evaluation.hpp"
#include "io/hdf5.hpp"
#include "kernels/buffer.hpp"
#include "kernels/error.hpp"
#include "surrogate/predictor.hpp"

namespace simforge::io {

Prediction predict_sample(const std::filesystem::path& model_file, const PredictOptions& o) {
  Checkpoint ck = read_checkpoint(model_file);
  if (o.dataset) ck.dataset = *o.dataset;
  const DatasetReader reader(ck.dataset);
  const DatasetSpec& s = reader.info().spec;
  check_model_fits_dataset(ck, s, model_file);
  SIMFORGE_CHECK(o.sample < s.n_trajectories, "sample ", o.sample, " is out of range: dataset ", ck.dataset, " has ",
                 s.n_trajectories, " trajectories");
  const std::size_t frames = s.times.size(), hist = std::size_t(ck.history);
  SIMFORGE_CHECK(frames >= hist, "dataset ", ck.dataset, " has ", frames, " frames; the model needs ", hist, " input frames");
  const std::size_t steps = o.steps.value_or(frames - hist);
  SIMFORGE_CHECK(steps >= 1, "steps must be >= 1 (dataset ", ck.dataset, " has no frame after the ", hist, " input frames; give --steps)");

  Prediction p;
  p.model = model_file.string();
  p.dataset = ck.dataset;
  p.sample = o.sample;
  p.history = hist;
  p.steps = steps;
  p.truth_steps = std::min(steps, frames - hist);
  p.fields = ck.fields;
  p.h = s.spatial_shape.size() == 2 ? int(s.spatial_shape[0]) : 1;
  p.w = int(s.spatial_shape.back());
  const std::size_t plane = std::size_t(p.h) * p.w, nf = ck.fields.size();

  Stream stream;
  surrogate::Predictor predictor(predictor_spec(ck), stream);
  const std::size_t cin = std::size_t(predictor.layout().in_channels());
  std::vector<float> window(cin * plane);
  p.truth.resize(p.truth_steps * nf * plane);
  for (std::size_t fi = 0; fi < nf; ++fi) {
    const std::vector<float> v = reader.read_sample(ck.fields[fi], o.sample);
    std::copy(v.begin(), v.begin() + hist * plane, window.begin() + fi * hist * plane);
    for (std::size_t t = 0; t < p.truth_steps; ++t)
      std::copy_n(v.begin() + (hist + t) * plane, plane, p.truth.begin() + (t * nf + fi) * plane);
  }
  for (std::size_t si = 0; si < ck.scalars.size(); ++si)
    std::fill_n(window.begin() + (nf * hist + si) * plane, plane, float(reader.read_scalar(ck.scalars[si])[o.sample]));

  const DeviceBuffer<float> wdev = to_device<float>(window, stream);
  DeviceBuffer<float> out(steps * nf * plane);
  stream.synchronize();
  const auto t0 = std::chrono::steady_clock::now();
  predictor.rollout(wdev.data(), 1, p.h, p.w, int(steps), out.data());
  stream.synchronize();
  p.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  p.frames = to_host_span(out.data(), out.size(), stream);

  for (std::size_t t = 0; t < p.truth_steps; ++t) {
    double acc = 0;
    for (std::size_t fi = 0; fi < nf; ++fi) {
      double e = 0, u = 0;
      const float *a = p.frames.data() + (t * nf + fi) * plane, *b = p.truth.data() + (t * nf + fi) * plane;
      for (std::size_t i = 0; i < plane; ++i) {
        e += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
        u += double(b[i]) * b[i];
      }
      acc += std::sqrt(e) / std::max(std::sqrt(u), 1e-300);
    }
    p.nrmse_per_step.push_back(acc / double(nf));
  }
  return p;
}

void write_prediction(const std::filesystem::path& path, const Prediction& p) {
  h5::File f = h5::File::create(path);
  h5::Group root = f.root();
  root.write_string("model", p.model);
  root.write_string("dataset", p.dataset);
  root.write_uint64("sample", p.sample);
  root.write_uint64("history", p.history);
  root.write_uint64("steps", p.steps);
  const std::size_t plane = std::size_t(p.h) * p.w, nf = p.fields.size();
  auto field_shape = [&](std::size_t t) {
    return p.h == 1 ? std::vector<h5::hsize>{t, h5::hsize(p.w)} : std::vector<h5::hsize>{t, h5::hsize(p.h), h5::hsize(p.w)};
  };
  auto write_frames = [&](const std::string& group, const std::vector<float>& data, std::size_t t) {
    h5::Group g = root.create_group(group);
    for (std::size_t fi = 0; fi < nf; ++fi) {
      std::vector<float> v(t * plane);
      for (std::size_t k = 0; k < t; ++k) std::copy_n(data.begin() + (k * nf + fi) * plane, plane, v.begin() + k * plane);
      const std::vector<h5::hsize> shape = field_shape(t);
      h5::Dataset d = g.create_dataset(p.fields[fi], h5::Type::f32, shape);
      if (t) d.write(v.data(), std::vector<h5::hsize>(shape.size(), 0), shape);
    }
  };
  write_frames("prediction", p.frames, p.steps);
  write_frames("truth", p.truth, p.truth_steps);
  h5::Dataset e = root.create_dataset("nrmse_per_step", h5::Type::f64, {h5::hsize(p.truth_steps)});
  if (p.truth_steps) e.write(p.nrmse_per_step.data(), {0}, {h5::hsize(p.truth_steps)});
  f.close();
}

}  // namespace simforge::io
