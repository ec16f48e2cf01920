#include "data/training_data.hpp"

#include <algorithm>
#include <cmath>

#include "io/dataset_reader.hpp"
#include "kernels/error.hpp"
#include "kernels/moments.hpp"
#include "kernels/strings.hpp"

namespace simforge::data {

namespace {

// Per field and per scalar over the whole training split, in one streaming pass (one sample in
// memory at a time, its sums merged into the total). A channel that is constant (to round-off)
// keeps std 1.
surrogate::Normalization normalization(const io::DatasetReader& reader, const TrainingData& d) {
  surrogate::Normalization n;
  for (const auto& f : d.fields) {
    Moments m;
    for (const std::uint64_t sample : d.train) {
      Moments one;
      for (float v : reader.read_sample(f, sample)) one.add(v);
      m.merge(one);
    }
    n.mean.push_back(float(m.mean()));
    n.std.push_back(surrogate::Normalization::deviation(m.variance(), 1e-24));
  }
  for (const auto& sc : d.scalars) {
    const std::vector<double> v = reader.read_scalar(sc);
    Moments m;
    for (auto i : d.train) m.add(v[i]);
    n.mean.push_back(float(m.mean()));
    n.std.push_back(surrogate::Normalization::deviation(m.variance(), 1e-24 * (1 + m.mean() * m.mean())));
  }
  return n;
}

TrainingData describe(const io::DatasetSpec& s, const std::string& path) {
  TrainingData d;
  d.dataset = path;
  d.rank = int(s.spatial_shape.size());
  SIMFORGE_CHECK(d.rank == 1 || d.rank == 2, "dataset ", path, ": ", d.rank, "-D fields are not supported by the surrogates (1-D or 2-D)");
  d.h = d.rank == 2 ? s.spatial_shape[0] : 1;
  d.w = s.spatial_shape.back();
  d.frames = s.times.size();
  return d;
}

}  // namespace

void require_fields(const io::DatasetSpec& s, const std::string& dataset, const std::vector<std::string>& fields,
                    const std::vector<std::string>& scalars, const std::string& who) {
  const std::vector<std::string> names = s.field_names();
  for (const auto& f : fields)
    SIMFORGE_CHECK(std::find(names.begin(), names.end(), f) != names.end(), who, " needs field '", f, "', which dataset ",
                   dataset, " does not have (it has: ", join(names), "): the channels do not match the dataset");
  for (const auto& f : scalars)
    SIMFORGE_CHECK(std::find(s.sample_scalars.begin(), s.sample_scalars.end(), f) != s.sample_scalars.end(), who,
                   " needs per-sample scalar '", f, "', which dataset ", dataset, " does not have (it has: ",
                   s.sample_scalars.empty() ? std::string("none") : join(s.sample_scalars), ")");
}

TrainingData plan_training_data(const DataSelection& c, int unroll) {
  const io::DatasetReader reader(c.path);
  const io::DatasetSpec& s = reader.info().spec;
  SIMFORGE_CHECK(reader.info().complete, "dataset ", c.path, " is incomplete (", reader.info().samples_complete, " of ",
                 s.n_trajectories, " samples); finish it with `simforge generate --resume`");
  TrainingData d = describe(s, c.path);
  // A steady map reads `fields` (default: every field but the targets) and predicts `targets`.
  d.fields.clear();
  for (const auto& f : c.fields.empty() ? s.field_names() : c.fields)
    if (std::find(c.targets.begin(), c.targets.end(), f) == c.targets.end()) d.fields.push_back(f);
  SIMFORGE_CHECK(!d.fields.empty(), "data.targets: every field of ", c.path, " is a target; a steady map needs an input field");
  d.fields.insert(d.fields.end(), c.targets.begin(), c.targets.end());
  d.targets = int(c.targets.size());
  d.coordinates = c.coordinates ? d.rank : 0;
  d.scalars = c.scalars;
  require_fields(s, c.path, d.fields, d.scalars, "data.fields / data.targets / data.scalars");
  d.history = c.history;
  const int span = d.layout().window_frames(unroll);
  SIMFORGE_CHECK(d.frames >= std::size_t(span), "dataset ", c.path, " has ", d.frames, " frames per sample; history ", c.history,
                 " + unroll ", unroll, " needs at least ", span);

  const std::size_t n = s.n_trajectories;
  const std::size_t n_train = std::size_t(std::floor(double(n) * c.train_fraction + 1e-9));
  const std::size_t n_val = std::min(n - n_train, std::size_t(std::floor(double(n) * c.val_fraction + 1e-9)));
  SIMFORGE_CHECK(n_train >= 1, "data.split: ", n, " samples leave no training sample at train fraction ", c.train_fraction);
  for (std::uint64_t i = 0; i < n; ++i) (i < n_train ? d.train : i < n_train + n_val ? d.val : d.test).push_back(i);
  d.normalization = normalization(reader, d);
  return d;
}

TrainingData training_data_from(const io::Checkpoint& c) {
  const io::DatasetReader reader(c.dataset);
  TrainingData d = describe(reader.info().spec, c.dataset);
  d.fields = c.fields;
  d.scalars = c.scalars;
  d.history = c.history;
  d.targets = c.targets;
  d.coordinates = c.coordinates;
  d.train = c.train;
  d.val = c.val;
  d.test = c.test;
  d.normalization = {c.norm_mean, c.norm_std};
  return d;
}

}  // namespace simforge::data
