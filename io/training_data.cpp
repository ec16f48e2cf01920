#include "io/training_data.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/philox.hpp"
#include "io/yaml_section.hpp"

namespace simforge::io {

namespace {
// At most this many training samples are read for the normalization statistics: enough for
// per-channel means and deviations to ~1%, without a full pass over a large dataset.
constexpr std::size_t max_stat_samples = 64;
}  // namespace

TrainingData plan_training_data(const TrainDataConfig& c, int unroll) {
  const DatasetReader reader(c.path);
  const DatasetSpec& s = reader.info().spec;
  SIMFORGE_CHECK(reader.info().complete, "dataset ", c.path, " is incomplete (", reader.info().samples_complete, " of ",
                 s.n_trajectories, " samples); finish it with `simforge generate --resume`");
  TrainingData d;
  d.dataset = c.path;
  d.fields = c.fields.empty() ? s.t0_fields : c.fields;
  for (const auto& f : d.fields)
    SIMFORGE_CHECK(std::find(s.t0_fields.begin(), s.t0_fields.end(), f) != s.t0_fields.end(), "data.fields: dataset ", c.path,
                   " has no field '", f, "' (it has: ", detail::join(s.t0_fields), ")");
  d.scalars = c.scalars;
  for (const auto& f : d.scalars)
    SIMFORGE_CHECK(std::find(s.sample_scalars.begin(), s.sample_scalars.end(), f) != s.sample_scalars.end(), "data.scalars: dataset ",
                   c.path, " has no per-sample scalar '", f, "' (it has: ", detail::join(s.sample_scalars), ")");
  d.history = c.history;
  d.rank = int(s.spatial_shape.size());
  SIMFORGE_CHECK(d.rank == 1 || d.rank == 2, "dataset ", c.path, ": ", d.rank, "-D fields are not supported by the surrogates (1-D or 2-D)");
  d.h = d.rank == 2 ? s.spatial_shape[0] : 1;
  d.w = s.spatial_shape.back();
  d.frames = s.times.size();
  SIMFORGE_CHECK(d.frames >= std::size_t(c.history + unroll), "dataset ", c.path, " has ", d.frames, " frames per sample; history ",
                 c.history, " + unroll ", unroll, " needs at least ", c.history + unroll);

  const std::size_t n = s.n_trajectories;
  const std::size_t n_train = std::size_t(std::floor(double(n) * c.train_fraction + 1e-9));
  const std::size_t n_val = std::min(n - n_train, std::size_t(std::floor(double(n) * c.val_fraction + 1e-9)));
  SIMFORGE_CHECK(n_train >= 1, "data.split: ", n, " samples leave no training sample at train fraction ", c.train_fraction);
  for (std::uint64_t i = 0; i < n; ++i) (i < n_train ? d.train : i < n_train + n_val ? d.val : d.test).push_back(i);

  // Normalization: per field over the (first max_stat_samples) training samples; scalars over all.
  for (const auto& f : d.fields) {
    double sum = 0, sum2 = 0, count = 0;
    for (std::size_t k = 0; k < std::min(d.train.size(), max_stat_samples); ++k)
      for (float v : reader.read_sample(f, d.train[k])) {
        sum += v;
        sum2 += double(v) * v;
        count += 1;
      }
    const double mean = sum / count, var = std::max(0.0, sum2 / count - mean * mean);
    d.mean.push_back(float(mean));
    d.std.push_back(float(var > 1e-24 ? std::sqrt(var) : 1.0));
  }
  for (const auto& sc : d.scalars) {
    const std::vector<double> v = reader.read_scalar(sc);
    double sum = 0, sum2 = 0;
    for (auto i : d.train) {
      sum += v[i];
      sum2 += v[i] * v[i];
    }
    const double mean = sum / double(d.train.size()), var = std::max(0.0, sum2 / double(d.train.size()) - mean * mean);
    d.mean.push_back(float(mean));
    d.std.push_back(float(var > 1e-24 * (1 + mean * mean) ? std::sqrt(var) : 1.0));
  }
  return d;
}

TrainingData training_data_from(const Checkpoint& c) {
  const DatasetReader reader(c.dataset);
  const DatasetSpec& s = reader.info().spec;
  TrainingData d;
  d.dataset = c.dataset;
  d.fields = c.fields;
  d.scalars = c.scalars;
  d.history = c.history;
  d.rank = int(s.spatial_shape.size());
  d.h = d.rank == 2 ? s.spatial_shape[0] : 1;
  d.w = s.spatial_shape.back();
  d.frames = s.times.size();
  d.train = c.train;
  d.val = c.val;
  d.test = c.test;
  d.mean = c.norm_mean;
  d.std = c.norm_std;
  return d;
}

std::vector<WindowRef> all_windows(const std::vector<std::uint64_t>& samples, std::size_t frames, int history, int unroll) {
  std::vector<WindowRef> w;
  const std::size_t span = std::size_t(history + unroll);
  for (auto s : samples)
    for (std::size_t t0 = 0; t0 + span <= frames; ++t0) w.push_back({s, t0});
  return w;
}

std::vector<std::vector<WindowRef>> epoch_batches(const std::vector<WindowRef>& windows, std::size_t batch, std::uint64_t seed,
                                                  std::uint64_t epoch) {
  std::vector<WindowRef> order = windows;
  const PhiloxStream rng(seed, epoch, 0x7a11u);  // Fisher-Yates with counter-based draws
  for (std::size_t i = order.size(); i > 1; --i) {
    const std::size_t j = std::size_t(rng.uniform(i) * double(i)) % i;
    std::swap(order[i - 1], order[j]);
  }
  std::vector<std::vector<WindowRef>> out;
  for (std::size_t b = 0; b + batch <= order.size(); b += batch) out.emplace_back(order.begin() + b, order.begin() + b + batch);
  return out;
}

}  // namespace simforge::io
