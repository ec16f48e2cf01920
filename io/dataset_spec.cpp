// DatasetSpec: sizes, validation and comparison. A spec is checked before any file is touched, so
// that a bad configuration fails at once with a message naming the field, not deep inside HDF5.
#include "io/dataset_spec.hpp"

#include <algorithm>
#include <set>
#include <sstream>
#include <string>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"

namespace simforge::io {

std::size_t DatasetSpec::frame_size() const {
  std::size_t n = 1;
  for (std::size_t s : spatial_shape) n *= s;
  return n;
}

std::size_t DatasetSpec::sample_size() const { return frame_size() * times.size(); }

namespace {

// Names become HDF5 link or attribute names: no '/', no "." or "..", nothing empty.
void check_names(const std::string& dataset, const char* what, const std::vector<std::string>& names) {
  std::set<std::string> seen;
  for (const auto& n : names) {
    SIMFORGE_CHECK(!n.empty(), "dataset '", dataset, "': empty name in ", what);
    SIMFORGE_CHECK(n.find('/') == std::string::npos && n != "." && n != "..", "dataset '", dataset, "': ", what,
                   " name '", n, "' is not a valid HDF5 name (no '/', '.' or '..')");
    SIMFORGE_CHECK(seen.insert(n).second, "dataset '", dataset, "': ", what, " name '", n, "' appears twice");
  }
}

// Root attributes the layout itself uses; a constant parameter of the same name would overwrite it.
bool reserved_root_attribute(const std::string& n) {
  static const std::set<std::string> reserved = {"dataset_name", "grid_type", "n_spatial_dims", "n_trajectories",
                                                 "simulation_parameters"};
  return reserved.count(n) > 0 || n.rfind("simforge_", 0) == 0;
}

std::string first_line_difference(const std::string& a, const std::string& b) {

  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(sa, la)), hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return "config text differs";
    if (!ha) la = "<end of text>";
    if (!hb) lb = "<end of text>";
    if (!ha || !hb || la != lb)
      return "config text differs at line " + std::to_string(line) + ": stored '" + la + "', this run '" + lb + "'";
  }
}

}  // namespace

std::string shard_text(const DatasetSpec& spec) {
  const ShardInfo& s = spec.shard;
  if (!spec.is_shard()) return "the whole dataset";
  return "shard " + std::to_string(s.index) + " of " + std::to_string(s.count) + " (samples [" + std::to_string(s.first_sample) +
         ", " + std::to_string(s.first_sample + spec.n_trajectories) + ") of " + std::to_string(s.total_samples) + ")";
}

std::string spec_difference(const DatasetSpec& f, const DatasetSpec& r) {
  auto differs = [](const char* what, const std::string& a, const std::string& b) {
    return std::string(what) + " differs: stored " + a + ", this run " + b;
  };
  if (f.config_yaml != r.config_yaml) return first_line_difference(f.config_yaml, r.config_yaml);
  if (f.dataset_name != r.dataset_name) return differs("dataset_name", f.dataset_name, r.dataset_name);
  if (f.n_trajectories != r.n_trajectories)
    return differs("n_trajectories", std::to_string(f.n_trajectories), std::to_string(r.n_trajectories));
  if (f.spatial_dims != r.spatial_dims) return differs("spatial_dims", bracketed(f.spatial_dims), bracketed(r.spatial_dims));
  if (f.spatial_shape != r.spatial_shape) return differs("spatial shape", bracketed(f.spatial_shape), bracketed(r.spatial_shape));
  if (f.times != r.times) return differs("saved times", bracketed(f.times), bracketed(r.times));
  if (f.coordinates != r.coordinates) return "coordinates differ";
  // Boundary values are stored in float32: compare them at that precision.
  auto same_face = [](const FaceBoundary& a, const FaceBoundary& b) {
    return a.well_type == b.well_type && a.kind == b.kind && float(a.value) == float(b.value);
  };
  for (std::size_t i = 0; i < f.boundaries.size() && i < r.boundaries.size(); ++i)
    if (!same_face(f.boundaries[i].lower, r.boundaries[i].lower) || !same_face(f.boundaries[i].upper, r.boundaries[i].upper))
      return "boundary conditions of " + r.spatial_dims[i] + " differ";
  if (f.field_names() != r.field_names()) return differs("field names", bracketed(f.field_names()), bracketed(r.field_names()));
  if (f.t1_fields != r.t1_fields) return differs("t1_fields", bracketed(f.t1_fields), bracketed(r.t1_fields));
  if (f.constant_parameters != r.constant_parameters)
    return differs("constant parameters", bracketed(f.constant_parameters), bracketed(r.constant_parameters));
  if (f.constant_values != r.constant_values)
    return differs("constant parameter values", bracketed(f.constant_values), bracketed(r.constant_values));
  if (f.sample_scalars != r.sample_scalars)
    return differs("sample scalars", bracketed(f.sample_scalars), bracketed(r.sample_scalars));
  if (f.diagnostics != r.diagnostics) return differs("diagnostics", bracketed(f.diagnostics), bracketed(r.diagnostics));
  if (f.seed != r.seed) return differs("seed", std::to_string(f.seed), std::to_string(r.seed));
  if (shard_text(f) != shard_text(r)) return differs("part", shard_text(f), shard_text(r));
  if (f.storage.gzip_level != r.storage.gzip_level || f.storage.fletcher32 != r.storage.fletcher32)
    return "storage options (gzip, fletcher32) differ";
  return {};
}


std::vector<std::string> DatasetSpec::field_names() const {
  std::vector<std::string> names = t0_fields;
  for (const auto& v : t1_fields)
    for (const auto& d : spatial_dims) names.push_back(v + "_" + d);
  return names;
}

void DatasetSpec::validate() const {
  const std::string& d = dataset_name;
  SIMFORGE_CHECK(!d.empty(), "dataset spec: dataset_name is empty");
  const std::size_t nd = spatial_dims.size();
  SIMFORGE_CHECK(nd >= 1 && nd <= 3, "dataset '", d, "': ", nd, " spatial dimensions (1 to 3 are supported)");
  SIMFORGE_CHECK(spatial_shape.size() == nd, "dataset '", d, "': spatial_shape has ", spatial_shape.size(),
                 " entries for ", nd, " spatial dimensions");
  SIMFORGE_CHECK(coordinates.size() == nd, "dataset '", d, "': coordinates has ", coordinates.size(), " entries for ",
                 nd, " spatial dimensions");
  check_names(d, "spatial dimension", spatial_dims);
  for (std::size_t i = 0; i < nd; ++i) {
    SIMFORGE_CHECK(spatial_dims[i] != "time", "dataset '", d, "': 'time' cannot be a spatial dimension name");
    SIMFORGE_CHECK(spatial_shape[i] > 0, "dataset '", d, "': spatial dimension '", spatial_dims[i], "' has size 0");
    SIMFORGE_CHECK(coordinates[i].size() == spatial_shape[i], "dataset '", d, "': ", coordinates[i].size(),
                   " coordinates for spatial dimension '", spatial_dims[i], "' of size ", spatial_shape[i]);
  }
  SIMFORGE_CHECK(boundaries.size() == nd, "dataset '", d, "': boundaries has ", boundaries.size(), " entries for ", nd,
                 " spatial dimensions");
  for (std::size_t i = 0; i < nd; ++i)
    for (const FaceBoundary* f : {&boundaries[i].lower, &boundaries[i].upper}) {
      SIMFORGE_CHECK(f->well_type == "PERIODIC" || f->well_type == "WALL" || f->well_type == "OPEN", "dataset '", d,
                     "': boundary type '", f->well_type, "' of spatial dimension '", spatial_dims[i],
                     "' is not one of The Well's (PERIODIC, WALL, OPEN)");
      SIMFORGE_CHECK(!f->kind.empty() && f->kind.find('/') == std::string::npos, "dataset '", d, "': boundary kind '", f->kind,
                     "' of spatial dimension '", spatial_dims[i], "' is not a valid name");
    }
  for (std::size_t i = 0; i < nd; ++i)
    SIMFORGE_CHECK((boundaries[i].lower.well_type == "PERIODIC") == (boundaries[i].upper.well_type == "PERIODIC"), "dataset '", d,
                   "': spatial dimension '", spatial_dims[i], "' is periodic at one end only");
  SIMFORGE_CHECK(!times.empty(), "dataset '", d, "': no saved times");
  SIMFORGE_CHECK(n_trajectories > 0, "dataset '", d, "': n_trajectories is 0");
  SIMFORGE_CHECK(!t0_fields.empty(), "dataset '", d, "': no fields (t0_fields is empty)");
  check_names(d, "field", field_names());
  check_names(d, "vector field", t1_fields);
  SIMFORGE_CHECK(constant_values.size() == constant_parameters.size(), "dataset '", d,
                 "': ", constant_parameters.size(), " constant parameters but ", constant_values.size(), " values");
  // Constant parameters and per-sample scalars share the scalars/ group and simulation_parameters.
  std::vector<std::string> scalars = constant_parameters;
  scalars.insert(scalars.end(), sample_scalars.begin(), sample_scalars.end());
  check_names(d, "parameter or sample scalar", scalars);
  for (const auto& n : scalars)
    SIMFORGE_CHECK(!reserved_root_attribute(n), "dataset '", d, "': parameter name '", n,
                   "' is reserved for a root attribute of the dataset format");
  check_names(d, "diagnostic", diagnostics);
  SIMFORGE_CHECK(shard.count >= 1 && shard.index < shard.count, "dataset '", d, "': shard ", shard.index, " of ", shard.count,
                 " (the index runs from 0 to count - 1)");
  if (is_shard())
    SIMFORGE_CHECK(shard.first_sample + n_trajectories <= shard.total_samples, "dataset '", d, "': shard ", shard.index,
                   " holds samples [", shard.first_sample, ", ", shard.first_sample + n_trajectories, ") of a dataset of ",
                   shard.total_samples);
  else
    SIMFORGE_CHECK(shard.first_sample == 0 && (shard.total_samples == 0 || shard.total_samples == n_trajectories), "dataset '",
                   d, "': a whole dataset (shard 0 of 1) starts at sample 0 and holds all ", shard.total_samples);
  SIMFORGE_CHECK(storage.gzip_level >= 0 && storage.gzip_level <= 9, "dataset '", d, "': gzip level ",
                 storage.gzip_level, " is not in 0..9");
}

}  // namespace simforge::io
