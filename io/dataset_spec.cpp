// DatasetSpec: sizes and validation. A spec is checked before any file is touched, so that a bad
// configuration fails at once with a message naming the field, not deep inside HDF5.
#include <algorithm>
#include <set>
#include <string>

#include "io/dataset_spec.hpp"
#include "kernels/error.hpp"

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

}  // namespace

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
  check_names(d, "field", t0_fields);
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
  SIMFORGE_CHECK(storage.gzip_level >= 0 && storage.gzip_level <= 9, "dataset '", d, "': gzip level ",
                 storage.gzip_level, " is not in 0..9");
}

}  // namespace simforge::io
