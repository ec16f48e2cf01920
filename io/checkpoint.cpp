#include "io/checkpoint.hpp"

#include "io/commit.hpp"
#include "io/hdf5.hpp"
#include "io/probe.hpp"
#include "kernels/error.hpp"

namespace simforge::io {

namespace {

constexpr const char* format_name = "simforge-surrogate";

template <class T>
void write_vector(h5::Group& g, const std::string& name, const std::vector<T>& v) {
  h5::Dataset ds = g.create_dataset(name, std::is_same_v<T, float> ? h5::Type::f32 : h5::Type::f64, {h5::hsize(v.size())});
  if (v.empty()) return;
  if constexpr (std::is_same_v<T, float>) {
    ds.write(v.data(), {0}, {h5::hsize(v.size())});
  } else {
    const std::vector<double> d(v.begin(), v.end());  // sample indices < 2^53 are exact in double
    ds.write(d.data(), {0}, {h5::hsize(v.size())});
  }
}

std::vector<double> read_doubles(const h5::Group& g, const std::string& name) { return g.dataset(name).read_all_doubles(); }
std::vector<float> read_floats(const h5::Group& g, const std::string& name) {
  const std::vector<double> d = read_doubles(g, name);
  return std::vector<float>(d.begin(), d.end());
}
std::vector<std::uint64_t> read_indices(const h5::Group& g, const std::string& name) {
  const std::vector<double> d = read_doubles(g, name);
  return std::vector<std::uint64_t>(d.begin(), d.end());
}

}  // namespace

void write_checkpoint(const std::filesystem::path& path, const Checkpoint& c) {
  write_and_commit(path, [&](const std::filesystem::path& tmp) {
    h5::File f = h5::File::create(tmp);
    h5::Group root = f.root();
    root.write_string("format", format_name);
    root.write_int("format_version", checkpoint_format_version);
    root.write_string("config", c.config_yaml);
    root.write_string("dataset", c.dataset);
    root.write_strings("fields", c.fields);
    root.write_strings("scalars", c.scalars);
    root.write_int("history", c.history);
    if (c.targets > 0) root.write_int("targets", c.targets);  // only when used: other files keep their bytes
    if (c.coordinates > 0) root.write_int("coordinates", c.coordinates);
    root.write_bool("increment", c.increment);
    root.write_uint64("step", c.step);
    root.write_uint64("epoch", c.epoch);
    root.write_string("dataset_identity", c.dataset_identity);
    root.write_double("epoch_loss_sum", c.epoch_loss_sum);
    root.write_uint64("epoch_steps", c.epoch_steps);
    root.write_double("val_loss", c.val_loss);
    root.write_double("best_val_loss", c.best_val_loss);
    root.write_bool("best_validation", c.best);
    write_vector(root, "parameters", c.parameters);
    if (!c.optimizer_state.empty()) {
      std::vector<std::string> names;
      for (const auto& [name, v] : c.optimizer_state) {
        write_vector(root, name, v);
        names.push_back(name);
      }
      root.write_strings("optimizer_state", names);
    }
    write_vector(root, "norm_mean", c.norm_mean);
    write_vector(root, "norm_std", c.norm_std);
    write_vector(root, "split_train", c.train);
    write_vector(root, "split_val", c.val);
    write_vector(root, "split_test", c.test);
    f.flush();
    f.close();
  });
}

namespace {
Checkpoint read_unprobed(const std::filesystem::path& path);
}  // namespace

Checkpoint read_checkpoint(const std::filesystem::path& path) {
  SIMFORGE_CHECK(std::filesystem::exists(path), "model file ", path.string(), ": no such file");
  SIMFORGE_CHECK(h5::File::is_hdf5(path), "model file ", path.string(), ": not an HDF5 file (corrupt or truncated?)");
  probe_file(path, "model file", [&] { read_unprobed(path); });  // a damaged file is read in a child first
  return read_unprobed(path);
}

namespace {
Checkpoint read_unprobed(const std::filesystem::path& path) {
  Checkpoint c;
  try {
    h5::File f = h5::File::open(path, false);
    const h5::Group root = f.root();
    SIMFORGE_CHECK(root.has_attribute("format") && root.read_string("format") == format_name, "not a Simforge model file");
    const std::int64_t version = root.read_int("format_version");
    SIMFORGE_CHECK(version == checkpoint_format_version, "format version ", version, " is not supported (this build reads ",
                   checkpoint_format_version, ")");
    c.config_yaml = root.read_string("config");
    c.dataset = root.read_string("dataset");
    c.fields = root.read_strings("fields");
    c.scalars = root.read_strings("scalars");
    c.history = int(root.read_int("history"));
    c.targets = root.has_attribute("targets") ? int(root.read_int("targets")) : 0;
    c.coordinates = root.has_attribute("coordinates") ? int(root.read_int("coordinates")) : 0;
    c.increment = root.read_bool("increment");
    c.step = root.read_uint64("step");
    c.epoch = root.read_uint64("epoch");
    // Written since the architecture move; older files resume without them.
    if (root.has_attribute("dataset_identity")) c.dataset_identity = root.read_string("dataset_identity");
    if (root.has_attribute("epoch_loss_sum")) c.epoch_loss_sum = root.read_double("epoch_loss_sum");
    if (root.has_attribute("epoch_steps")) c.epoch_steps = root.read_uint64("epoch_steps");
    if (root.has_attribute("val_loss")) c.val_loss = root.read_double("val_loss");  // absent in older files
    if (root.has_attribute("best_val_loss")) c.best_val_loss = root.read_double("best_val_loss");
    if (root.has_attribute("best_validation")) c.best = root.read_bool("best_validation");
    c.parameters = read_floats(root, "parameters");
    // Files before the optimizer_state attribute hold Adam's moments only.
    std::vector<std::string> state;
    if (root.has_attribute("optimizer_state")) state = root.read_strings("optimizer_state");
    else if (root.has_dataset("adam_m")) state = {"adam_m", "adam_v"};
    for (const auto& name : state) {
      SIMFORGE_CHECK(root.has_dataset(name), "optimizer state ", name, " is listed but missing");
      std::vector<float> v = read_floats(root, name);
      SIMFORGE_CHECK(v.size() == c.parameters.size(), "optimizer state ", name, " has ", v.size(), " entries for ",
                     c.parameters.size(), " parameters");
      c.optimizer_state.emplace_back(name, std::move(v));
    }
    c.norm_mean = read_floats(root, "norm_mean");
    c.norm_std = read_floats(root, "norm_std");
    SIMFORGE_CHECK(c.norm_mean.size() == c.fields.size() + c.scalars.size() && c.norm_std.size() == c.norm_mean.size(),
                   "normalization has ", c.norm_mean.size(), " entries for ", c.fields.size(), " fields and ", c.scalars.size(),
                   " scalars");
    c.train = read_indices(root, "split_train");
    c.val = read_indices(root, "split_val");
    c.test = read_indices(root, "split_test");
  } catch (const Error& e) {
    SIMFORGE_FAIL("model file ", path.string(), ": ", e.what());
  }
  return c;
}
}  // namespace

}  // namespace simforge::io
