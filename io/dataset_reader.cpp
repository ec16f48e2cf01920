// DatasetReader: validates a Simforge (or plain Well) dataset on open and reads it piecewise.
//
// Every way a file can be wrong ends in one simforge::Error that names the file and the problem:
// not there, not HDF5, truncated/corrupt (HDF5 cannot open or read it), or HDF5 but not this layout.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <cmath>
#include <limits>
#include <sstream>

#include "io/dataset_reader.hpp"
#include "io/hdf5.hpp"
#include "io/probe.hpp"
#include "kernels/error.hpp"
#include "kernels/moments.hpp"

namespace simforge::io {

namespace fs = std::filesystem;
using h5::hsize;

namespace {

// The file is HDF5 but does not follow the layout; never reported as "corrupt".
class LayoutError : public Error {
 public:
  using Error::Error;
};


// A coordinate axis: 1-D, or (The Well's sample-varying form) [n_trajectories, n] of which row 0.
std::vector<double> read_axis(const h5::Dataset& d) {
  const std::vector<hsize> shape = d.shape();
  if (shape.size() <= 1) return d.read_all_doubles();
  std::vector<double> row(shape.back());
  std::vector<hsize> offset(shape.size(), 0), count(shape.size(), 1);
  count.back() = shape.back();
  d.read(row.data(), offset, count);
  return row;
}

}  // namespace

struct DatasetReader::Impl {
  std::string path;
  h5::File file;  // declared first so that it is released after the datasets
  DatasetInfo info;
  // Parallel to info.spec.field_names(): a t0 field, or one component of a t1 field.
  struct Source {
    h5::Dataset data;
    int component = -1;  // -1: a t0 field; else the index along a t1 field's last axis
  };
  std::vector<Source> fields;
  std::vector<std::uint8_t> complete;  // per sample

  [[noreturn]] void missing(const std::string& what) const {
    throw LayoutError(path + " is an HDF5 file but not a Simforge/Well dataset: missing " + what);
  }
  [[noreturn]] void inconsistent(const std::string& what) const {
    throw LayoutError(path + " is not a consistent Simforge/Well dataset: " + what);
  }

  void open();  // opens `path` and loads its layout
  void load();
  void load_boundaries(const h5::Group& bcs);
  std::size_t field_index(const std::string& name) const;
  void check_sample(const std::string& field, std::size_t sample) const;
};

void DatasetReader::Impl::load() {
  DatasetSpec& s = info.spec;
  h5::Group root = file.root();
  for (const char* a : {"dataset_name", "n_spatial_dims", "n_trajectories"})
    if (!root.has_attribute(a)) missing(std::string("root attribute ") + a);
  if (!root.has_group("dimensions")) missing("group dimensions/");
  if (!root.has_group("t0_fields")) missing("group t0_fields/");
  h5::Group dims = root.group("dimensions");
  h5::Group t0 = root.group("t0_fields");
  if (!dims.has_attribute("spatial_dims")) missing("attribute dimensions/@spatial_dims");
  if (!dims.has_dataset("time")) missing("dataset dimensions/time");
  if (!t0.has_attribute("field_names")) missing("attribute t0_fields/@field_names");

  s.dataset_name = root.read_string("dataset_name");
  const std::int64_t n = root.read_int("n_trajectories"), nd = root.read_int("n_spatial_dims");
  if (n < 0) inconsistent("n_trajectories is " + std::to_string(n));
  s.n_trajectories = static_cast<std::size_t>(n);
  s.spatial_dims = dims.read_strings("spatial_dims");
  if (static_cast<std::int64_t>(s.spatial_dims.size()) != nd)
    inconsistent("n_spatial_dims is " + std::to_string(nd) + " but dimensions/@spatial_dims lists " +
                 bracketed(s.spatial_dims));
  s.times = read_axis(dims.dataset("time"));
  for (const auto& d : s.spatial_dims) {
    if (!dims.has_dataset(d)) missing("dataset dimensions/" + d);
    s.coordinates.push_back(read_axis(dims.dataset(d)));
    s.spatial_shape.push_back(s.coordinates.back().size());
  }

  // An axis without a boundary group is periodic (Simforge and The Well write one for every axis).
  s.boundaries.assign(s.spatial_dims.size(), AxisBoundary{});
  if (root.has_group("boundary_conditions")) load_boundaries(root.group("boundary_conditions"));

  // Provenance and completion: present in every Simforge file, absent from The Well's own files.
  if (root.has_attribute("simforge_format_version")) {
    info.format_version = static_cast<int>(root.read_int("simforge_format_version"));
    if (info.format_version > dataset_format_version)
      throw LayoutError(path + " has dataset format version " + std::to_string(info.format_version) +
                        "; this Simforge reads versions up to " + std::to_string(dataset_format_version));
    for (const char* a : {"simforge_version", "simforge_git_hash", "simforge_config", "simforge_seed",
                          "simforge_created", "simforge_complete"})
      if (!root.has_attribute(a)) missing(std::string("root attribute ") + a);
    info.simforge_version = root.read_string("simforge_version");
    info.git_hash = root.read_string("simforge_git_hash");
    info.created = root.read_string("simforge_created");
    if (root.has_attribute("simforge_run_id")) info.run_id = root.read_string("simforge_run_id");
    info.complete = root.read_bool("simforge_complete");
    s.config_yaml = root.read_string("simforge_config");
    s.seed = root.read_uint64("simforge_seed");
    if (root.has_attribute("simforge_shard_count")) {
      s.shard.index = root.read_uint64("simforge_shard_index");
      s.shard.count = root.read_uint64("simforge_shard_count");
      s.shard.first_sample = root.read_uint64("simforge_first_sample");
      s.shard.total_samples = root.read_uint64("simforge_total_samples");
      if (s.shard.count < 2 || s.shard.index >= s.shard.count || s.shard.first_sample + s.n_trajectories > s.shard.total_samples)
        inconsistent("its shard attributes (index " + std::to_string(s.shard.index) + " of " + std::to_string(s.shard.count) +
                     ", first sample " + std::to_string(s.shard.first_sample) + " of " + std::to_string(s.shard.total_samples) +
                     ") do not fit its " + std::to_string(s.n_trajectories) + " samples");
    }
  } else {
    info.complete = true;  // The Well publishes finished files only
  }

  // Fields: a Simforge file must have every listed field in [traj, time, ...spatial]; of a Well
  // file, only fields of that form can be read through this API, and the others are skipped.
  std::vector<hsize> expected = {s.n_trajectories, s.times.size()};
  expected.insert(expected.end(), s.spatial_shape.begin(), s.spatial_shape.end());
  std::vector<Source> vector_sources;
  // A t1 field holds one component per spatial axis along a last axis, in spatial_dims order.
  auto load_fields = [&](const h5::Group& g, const std::string& group, bool vector) {
    std::vector<hsize> want = expected;
    if (vector) want.push_back(s.spatial_dims.size());
    for (const auto& name : g.read_strings("field_names")) {
      if (!g.has_dataset(name)) missing("dataset " + group + "/" + name + " (listed in " + group + "/@field_names)");
      h5::Dataset d = g.dataset(name);
      const bool varying =
          !d.has_attribute("sample_varying") ||
          (d.read_bool("sample_varying") && d.has_attribute("time_varying") && d.read_bool("time_varying"));
      if (info.format_version == 0 && !varying) continue;
      const std::vector<hsize> shape = d.shape();
      if (shape != want)
        inconsistent(group + "/" + name + " has shape " + bracketed(shape) + ", but n_trajectories, dimensions/time and " +
                     "dimensions/@spatial_dims give " + bracketed(want));
      if (!d.is_float()) inconsistent(group + "/" + name + " is not floating point");
      // Room for two chunks, so that windows read in order hit the cache.
      std::size_t chunk_bytes = sizeof(float);
      for (hsize c : d.storage().chunk) chunk_bytes *= c;
      const std::size_t cache = std::clamp<std::size_t>(2 * chunk_bytes, 1u << 20, 64u << 20);
      if (!vector) {
        fields.push_back({g.dataset(name, cache), -1});
        s.t0_fields.push_back(name);
        continue;
      }
      // Components come after every t0 field: placed once all groups are read.
      for (std::size_t c = 0; c < s.spatial_dims.size(); ++c) vector_sources.push_back({g.dataset(name, cache), int(c)});
      s.t1_fields.push_back(name);
    }
  };
  load_fields(t0, "t0_fields", false);
  if (root.has_group("t1_fields")) {
    const h5::Group t1 = root.group("t1_fields");
    if (t1.has_attribute("field_names")) load_fields(t1, "t1_fields", true);
  }
  for (Source& v : vector_sources) fields.push_back(std::move(v));
  if (!fields.empty()) {
    const h5::Dataset::Storage st = fields.front().data.storage();
    s.storage.gzip_level = st.gzip_level;
    s.storage.fletcher32 = st.fletcher32;
  }

  // Parameters: listed in simulation_parameters; per-sample ones live in scalars/ (sample_varying),
  // constant ones are root attributes.
  const bool has_scalars = root.has_group("scalars");
  h5::Group scalars = has_scalars ? root.group("scalars") : h5::Group();
  std::vector<std::string> candidates;
  if (root.has_attribute("simulation_parameters")) candidates = root.read_strings("simulation_parameters");
  if (has_scalars && scalars.has_attribute("field_names"))
    for (const auto& p : scalars.read_strings("field_names"))
      if (std::find(candidates.begin(), candidates.end(), p) == candidates.end()) candidates.push_back(p);
  {
    for (const auto& p : candidates) {
      if (has_scalars && scalars.has_dataset(p)) {
        h5::Dataset d = scalars.dataset(p);
        if (d.has_attribute("sample_varying") && d.read_bool("sample_varying")) {
          if (d.shape() != std::vector<hsize>{s.n_trajectories})
            inconsistent("scalars/" + p + " has shape " + bracketed(d.shape()) + ", expected [" +
                         std::to_string(s.n_trajectories) + "]");
          s.sample_scalars.push_back(p);
          continue;
        }
      }
      if (root.has_attribute(p) && root.attribute_is_numeric_scalar(p)) {
        s.constant_parameters.push_back(p);
        s.constant_values.push_back(root.read_double(p));
      }
    }
  }

  if (root.has_group("simforge")) {
    h5::Group sf = root.group("simforge");
    if (sf.has_group("diagnostics")) {
      h5::Group diag = sf.group("diagnostics");
      if (diag.has_attribute("field_names")) s.diagnostics = diag.read_strings("field_names");
    }
    if (!sf.has_dataset("sample_complete")) missing("dataset simforge/sample_complete");
    const h5::Dataset done = sf.dataset("sample_complete");
    // A merged dataset reads its samples from its shards: a missing one would read as NaN.
    for (const std::string& f : done.virtual_files()) {
      const fs::path shard = fs::path(f).is_absolute() ? fs::path(f) : fs::path(path).parent_path() / f;
      if (!fs::exists(shard))
        throw LayoutError(path + " is merged from shard files, and its shard " + shard.string() +
                          " is missing (moved or deleted?); keep the shards beside it, or merge with --copy for a self-contained file");
      info.shard_files.push_back(shard.string());
    }
    complete = done.read_all_u8();
    if (complete.size() != s.n_trajectories)
      inconsistent("simforge/sample_complete has " + std::to_string(complete.size()) + " entries for " +
                   std::to_string(s.n_trajectories) + " trajectories");
  } else if (info.format_version > 0) {
    missing("group simforge/");
  } else {
    complete.assign(s.n_trajectories, 1);
  }
  info.samples_complete = static_cast<std::size_t>(std::count(complete.begin(), complete.end(), 1));
}

// Each group marks the points of one axis a condition applies to; its first and last point are
// the axis' lower and upper faces.
void DatasetReader::Impl::load_boundaries(const h5::Group& bcs) {
  DatasetSpec& s = info.spec;
  for (const std::string& name : bcs.names()) {
    if (!bcs.has_group(name)) continue;
    const h5::Group g = bcs.group(name);
    if (!g.has_attribute("associated_dims") || !g.has_attribute("bc_type") || !g.has_dataset("mask")) continue;
    const std::vector<std::string> dims = g.read_strings("associated_dims");
    if (dims.size() != 1) continue;  // conditions over several axes: not a face condition
    const auto it = std::find(s.spatial_dims.begin(), s.spatial_dims.end(), dims[0]);
    if (it == s.spatial_dims.end()) inconsistent("boundary_conditions/" + name + " names dimension '" + dims[0] + "', which is not a spatial dimension");
    const std::size_t axis = std::size_t(it - s.spatial_dims.begin());
    const std::vector<std::uint8_t> mask = g.dataset("mask").read_all_u8();
    if (mask.size() != s.spatial_shape[axis])
      inconsistent("boundary_conditions/" + name + "/mask has " + std::to_string(mask.size()) + " entries for dimension '" + dims[0] +
                   "' of size " + std::to_string(s.spatial_shape[axis]));
    FaceBoundary f;
    f.well_type = g.read_string("bc_type");
    f.kind = f.well_type;
    std::transform(f.kind.begin(), f.kind.end(), f.kind.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    if (g.has_attribute("simforge_kind")) f.kind = g.read_string("simforge_kind");
    std::vector<double> values;
    if (g.has_dataset("values")) values = g.dataset("values").read_all_doubles();
    if (mask.front()) {
      s.boundaries[axis].lower = f;
      s.boundaries[axis].lower.value = values.empty() ? 0.0 : values.front();
    }
    if (mask.back()) {
      s.boundaries[axis].upper = f;
      s.boundaries[axis].upper.value = values.empty() ? 0.0 : values.back();
    }
  }
}

DatasetReader::DatasetReader(const fs::path& path) : impl_(std::make_unique<Impl>()) {
  const std::string p = path.string();
  impl_->path = p;
  std::error_code ec;
  SIMFORGE_CHECK(fs::exists(path, ec), p, " does not exist");
  SIMFORGE_CHECK(fs::is_regular_file(path, ec), p, " is not a file");
  SIMFORGE_CHECK(std::ifstream(path).is_open(), p, " cannot be read: ", std::strerror(errno));
  SIMFORGE_CHECK(h5::File::is_hdf5(path), p, " is not an HDF5 file");
  // A damaged file is read first in a child process (io/probe.hpp): here it is then safe.
  probe_file(path, "dataset", [&] {
    Impl probe;
    probe.path = p;
    probe.open();
    for (const Impl::Source& f : probe.fields) f.data.check_chunk_index();
    h5::Group root = probe.file.root();
    for (const auto& n : probe.info.spec.sample_scalars) root.group("scalars").dataset(n).read_all_doubles();
    for (const auto& n : probe.info.spec.diagnostics) root.group("simforge").group("diagnostics").dataset(n).read_all_doubles();
  });
  impl_->open();
}

void DatasetReader::Impl::open() {
  try {
    file = h5::File::open(path, false);
  } catch (const h5::FileInUse&) {
    throw;
  } catch (const Error& e) {
    throw Error(path + " is truncated or corrupt: HDF5 cannot open it (" + e.what() + ")");
  }
  try {
    load();
  } catch (const LayoutError&) {
    throw;
  } catch (const Error& e) {
    throw Error(path + " is truncated or corrupt: " + e.what());
  }
}

DatasetReader::DatasetReader(DatasetReader&&) noexcept = default;
DatasetReader& DatasetReader::operator=(DatasetReader&&) noexcept = default;
DatasetReader::~DatasetReader() = default;

const DatasetInfo& DatasetReader::info() const { return impl_->info; }

std::vector<std::string> DatasetReader::field_names() const { return impl_->info.spec.field_names(); }

std::size_t DatasetReader::Impl::field_index(const std::string& name) const {
  const std::vector<std::string> names = info.spec.field_names();
  const auto it = std::find(names.begin(), names.end(), name);
  SIMFORGE_CHECK(it != names.end(), path, ": no field '", name, "' (fields: ", bracketed(names), ")");
  return static_cast<std::size_t>(it - names.begin());
}

void DatasetReader::Impl::check_sample(const std::string& field, std::size_t sample) const {
  SIMFORGE_CHECK(sample < info.spec.n_trajectories, path, ": field '", field, "': sample ", sample, " out of range (",
                 info.spec.n_trajectories, " samples)");
  SIMFORGE_CHECK(complete[sample] == 1, path, ": field '", field, "': sample ", sample,
                 " is not complete (the dataset is still being written or was interrupted)");
}

std::vector<float> DatasetReader::read_window(const std::string& field, std::size_t sample, std::size_t t0,
                                              std::size_t nt) const {
  const Impl& r = *impl_;
  const DatasetSpec& s = r.info.spec;
  const std::size_t f = r.field_index(field);
  r.check_sample(field, sample);
  const std::size_t n_times = s.times.size();
  SIMFORGE_CHECK(t0 <= n_times && nt <= n_times - t0, r.path, ": field '", field, "', sample ", sample, ": frames [",
                 t0, ", ", t0 + nt, ") out of range (", n_times, " frames)");
  std::vector<hsize> offset(2 + s.spatial_shape.size(), 0), count = {1, nt};
  offset[0] = sample;
  offset[1] = t0;
  count.insert(count.end(), s.spatial_shape.begin(), s.spatial_shape.end());
  if (r.fields[f].component >= 0) {  // one component of a t1 field
    offset.push_back(hsize(r.fields[f].component));
    count.push_back(1);
  }
  std::vector<float> out(nt * s.frame_size());
  r.fields[f].data.read(out.data(), offset, count);
  return out;
}

std::vector<float> DatasetReader::read_sample(const std::string& field, std::size_t sample) const {
  return read_window(field, sample, 0, impl_->info.spec.times.size());
}

std::vector<double> DatasetReader::read_scalar(const std::string& name) const {
  const Impl& r = *impl_;
  const std::size_t n = r.info.spec.n_trajectories;
  h5::Group root = r.file.root();
  SIMFORGE_CHECK(root.has_group("scalars") && root.group("scalars").has_dataset(name), r.path, ": no scalar '", name,
                 "' in scalars/");
  const std::vector<double> v = root.group("scalars").dataset(name).read_all_doubles();
  if (v.size() == 1 && n != 1) return std::vector<double>(n, v[0]);  // a constant, for every sample
  SIMFORGE_CHECK(v.size() == n, r.path, ": scalars/", name, " has ", v.size(), " values for ", n, " samples");
  return v;
}

std::vector<double> DatasetReader::read_diagnostic(const std::string& name) const {
  const Impl& r = *impl_;
  const auto& names = r.info.spec.diagnostics;
  SIMFORGE_CHECK(std::find(names.begin(), names.end(), name) != names.end(), r.path, ": no diagnostic '", name,
                 "' (diagnostics: ", bracketed(names), ")");
  return r.file.root().group("simforge").group("diagnostics").dataset(name).read_all_doubles();
}

FieldStats DatasetReader::field_stats(const std::string& field) const {
  const Impl& r = *impl_;
  const DatasetSpec& s = r.info.spec;
  r.field_index(field);
  FieldStats st;
  st.name = field;
  st.shape = {s.n_trajectories, s.times.size()};
  st.shape.insert(st.shape.end(), s.spatial_shape.begin(), s.spatial_shape.end());
  // Windows of about 4 MiB: memory stays bounded whatever the size of a sample.
  const std::size_t n_times = s.times.size();
  const std::size_t step =
      std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(1, s.frame_size()), 1, n_times);
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  Moments m;
  for (std::size_t i = 0; i < s.n_trajectories; ++i) {
    if (r.complete[i] != 1) continue;  // unwritten samples hold no data
    for (std::size_t t = 0; t < n_times; t += step) {
      for (float x : read_window(field, i, t, std::min(step, n_times - t))) {
        const double v = x;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
        m.add(v);
      }
    }
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  st.min = m.empty() ? nan : lo;
  st.max = m.empty() ? nan : hi;
  st.mean = m.mean();
  st.rms = m.rms();
  return st;
}

std::string dataset_identity(const DatasetInfo& info) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a of the configuration text
  for (unsigned char c : info.spec.config_yaml) h = (h ^ c) * 0x100000001b3ull;
  std::ostringstream os;
  os << "created " << (info.created.empty() ? "unknown" : info.created);
  if (!info.run_id.empty()) os << " (run " << info.run_id << ")";
  os << ", config " << std::hex << h << std::dec << ", " << info.spec.n_trajectories << " samples";
  return os.str();
}

}  // namespace simforge::io
