// DatasetWriter: lays out a Simforge/Well dataset in `<path>.partial`, writes finished blocks of
// samples crash-safely, resumes an interrupted file, and renames it into place when complete.
//
// Crash safety rests on one property: after create() has flushed the layout, writing samples never
// changes HDF5 metadata. Every dataset that receives samples has its storage allocated at creation
// (H5D_ALLOC_TIME_EARLY) and no fill pass (H5D_FILL_TIME_NEVER), so a sample write is raw bytes at
// addresses fixed in advance. A `kill -9` at any moment therefore leaves a file whose metadata is
// the consistent state of the last flush. (With gzip or Fletcher32 the chunk sizes are known only
// when written, so chunks are allocated as they come and that guarantee weakens to "consistent at
// every flush"; see docs/dataset-format.md.)
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>
#include <random>
#include <sstream>

#include "io/commit.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/hdf5.hpp"
#include "kernels/error.hpp"
#include "kernels/strings.hpp"
#include "simforge/version.hpp"

namespace simforge::io {

namespace fs = std::filesystem;
using h5::hsize;

namespace {

constexpr std::size_t chunk_limit_bytes = 4u << 20;  // 4 MiB: HDF5's advice for chunk sizes

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// A fresh random identity per generated file: a model trained on it can tell a regenerated file
// (even one made within the same second) from the one it was trained on; copies keep it.
std::string run_id() {
  std::random_device rd;
  const std::uint64_t v = (std::uint64_t(rd()) << 32) ^ rd() ^ std::uint64_t(::getpid());
  char b[17];
  std::snprintf(b, sizeof b, "%016llx", static_cast<unsigned long long>(v));
  return b;
}

// Frames per chunk: as many whole frames as fit in 4 MiB (at least one, at most all).
hsize time_window(const DatasetSpec& s) {
  const std::size_t frame_bytes = s.frame_size() * sizeof(float);
  const std::size_t w = std::max<std::size_t>(1, chunk_limit_bytes / frame_bytes);
  return std::min(w, s.times.size());
}

std::vector<hsize> field_shape(const DatasetSpec& s) {
  std::vector<hsize> shape = {s.n_trajectories, s.times.size()};
  shape.insert(shape.end(), s.spatial_shape.begin(), s.spatial_shape.end());
  return shape;
}

// The sources of a merged dataset's array `dataset`: its rows in each shard's file.
std::vector<h5::VirtualSource> sources(const std::vector<ShardSource>& shards, const std::string& dataset) {
  std::vector<h5::VirtualSource> v;
  for (const ShardSource& s : shards) v.push_back({s.file, dataset, s.first, s.count});
  return v;
}

// A per-sample float64 [n_trajectories] dataset, allocated now and set to `initial` (or, merged,
// virtual over the shards).
h5::Dataset per_sample(h5::Group& g, const std::string& name, std::size_t n, double initial, const std::vector<ShardSource>& shards) {
  h5::Options o;
  o.allocate_early = shards.empty();
  o.sources = sources(shards, g.path() + "/" + name);
  h5::Dataset d = g.create_dataset(name, h5::Type::f64, {n}, o);
  if (shards.empty()) {
    std::vector<double> v(n, initial);
    d.write(v.data(), {0}, {n});
  }
  d.write_bool("sample_varying", true);
  d.write_bool("time_varying", false);
  return d;
}

// A coordinate axis. The time axis is `time_varying` (The Well's checker derives the shape it
// expects of dimensions/time from that flag), spatial axes are not.
void write_axis(h5::Group& g, const std::string& name, const std::vector<double>& values, bool time_varying) {
  h5::Dataset d = g.create_dataset(name, h5::Type::f64, {values.size()});
  d.write(values.data(), {0}, {values.size()});
  d.write_bool("sample_varying", false);
  d.write_bool("time_varying", time_varying);
}

// One boundary condition group over an axis of n points: The Well marks the points a condition
// applies to by a mask over the axis (a periodic axis: true at both ends).
void write_boundary(h5::Group& bcs, const std::string& group, const std::string& dim, std::size_t n, const FaceBoundary& f,
                    bool at_lower, bool at_upper) {
  h5::Group bc = bcs.create_group(group);
  bc.write_strings("associated_dims", {dim});
  bc.write_strings("associated_fields", {});
  bc.write_string("bc_type", f.well_type);
  bc.write_bool("sample_varying", false);
  bc.write_bool("time_varying", false);
  if (f.well_type != "PERIODIC") bc.write_string("simforge_kind", f.kind);  // dirichlet/neumann are WALLs to The Well
  std::vector<bool> mask(n, false);
  mask.front() = mask.front() || at_lower;
  mask.back() = mask.back() || at_upper;
  bc.create_dataset("mask", h5::Type::boolean, {mask.size()}).write_all_bools(mask);
  const std::size_t marked = n == 1 ? 1 : std::size_t(at_lower) + std::size_t(at_upper);
  std::vector<float> values(marked, float(f.value));
  bc.create_dataset("values", h5::Type::f32, {marked}).write(values.data(), {0}, {marked});
}

// Both faces under one condition: one group `<dim>_<kind>` (always so for a periodic axis);
// different faces: `<dim>_<kind>_lower` and `<dim>_<kind>_upper`.
void write_axis_boundaries(h5::Group& bcs, const std::string& dim, std::size_t n, const AxisBoundary& b) {
  if (b.lower == b.upper) return write_boundary(bcs, dim + "_" + b.lower.kind, dim, n, b.lower, true, true);
  write_boundary(bcs, dim + "_" + b.lower.kind + "_lower", dim, n, b.lower, true, false);
  write_boundary(bcs, dim + "_" + b.upper.kind + "_upper", dim, n, b.upper, false, true);
}

// Everything but the samples: attributes, coordinates, boundary conditions, empty sample storage
// (or, for a merged dataset, virtual arrays over its shards' files).
void write_layout(h5::File& file, const DatasetSpec& s, const std::vector<ShardSource>& shards) {
  h5::Group root = file.root();
  const std::size_t nd = s.spatial_dims.size(), n = s.n_trajectories;

  root.write_string("dataset_name", s.dataset_name);
  root.write_string("grid_type", "cartesian");
  root.write_int("n_spatial_dims", static_cast<std::int64_t>(nd));
  root.write_int("n_trajectories", static_cast<std::int64_t>(n));
  // Only the constant parameters: The Well's format checker requires a root attribute for every
  // name listed here. Per-sample parameters are found in scalars/ (sample_varying = true).
  root.write_strings("simulation_parameters", s.constant_parameters);
  for (std::size_t i = 0; i < s.constant_parameters.size(); ++i)
    root.write_double(s.constant_parameters[i], s.constant_values[i]);
  root.write_int("simforge_format_version", dataset_format_version);
  root.write_string("simforge_version", simforge::version);
  root.write_string("simforge_git_hash", simforge::git_hash);
  root.write_string("simforge_config", s.config_yaml);
  root.write_uint64("simforge_seed", s.seed);
  root.write_string("simforge_created", utc_now());
  root.write_string("simforge_run_id", run_id());
  root.write_bool("simforge_complete", false);
  if (s.is_shard()) {
    root.write_uint64("simforge_shard_index", s.shard.index);
    root.write_uint64("simforge_shard_count", s.shard.count);
    root.write_uint64("simforge_first_sample", s.shard.first_sample);
    root.write_uint64("simforge_total_samples", s.shard.total_samples);
  }

  h5::Group dims = root.create_group("dimensions");
  dims.write_strings("spatial_dims", s.spatial_dims);
  write_axis(dims, "time", s.times, true);
  for (std::size_t i = 0; i < nd; ++i) write_axis(dims, s.spatial_dims[i], s.coordinates[i], false);

  h5::Group bcs = root.create_group("boundary_conditions");
  for (std::size_t i = 0; i < nd; ++i) write_axis_boundaries(bcs, s.spatial_dims[i], s.spatial_shape[i], s.boundaries[i]);

  h5::Group scalars = root.create_group("scalars");
  std::vector<std::string> all = s.constant_parameters;
  all.insert(all.end(), s.sample_scalars.begin(), s.sample_scalars.end());
  scalars.write_strings("field_names", all);
  for (std::size_t i = 0; i < s.constant_parameters.size(); ++i) {
    h5::Dataset d = scalars.create_dataset(s.constant_parameters[i], h5::Type::f64, {});
    d.write(&s.constant_values[i], {}, {});
    d.write_bool("sample_varying", false);
    d.write_bool("time_varying", false);
  }
  for (const auto& name : s.sample_scalars) per_sample(scalars, name, n, std::numeric_limits<double>::quiet_NaN(), shards);

  h5::Group t0 = root.create_group("t0_fields");
  t0.write_strings("field_names", s.t0_fields);
  h5::Options o;
  const std::vector<hsize> shape = field_shape(s);
  o.chunk = shape;
  o.chunk[0] = 1;
  o.chunk[1] = time_window(s);
  o.gzip_level = s.storage.gzip_level;
  o.fletcher32 = s.storage.fletcher32;
  o.allocate_early = o.gzip_level == 0 && !o.fletcher32;  // see the note at the top of this file
  o.never_fill = true;
  auto create_fields = [&](h5::Group& g, const std::vector<std::string>& names, const std::vector<hsize>& shape, const h5::Options& o) {
    for (const auto& name : names) {
      h5::Options field = o;
      if (!shards.empty()) field = {.sources = sources(shards, g.path() + "/" + name)};
      h5::Dataset d = g.create_dataset(name, h5::Type::f32, shape, field);
      d.write_bools("dim_varying", std::vector<bool>(nd, true));
      d.write_bool("sample_varying", true);
      d.write_bool("time_varying", true);
    }
  };
  create_fields(t0, s.t0_fields, shape, o);
  // Vectors: the components along a last axis, all of them in each chunk.
  h5::Group t1 = root.create_group("t1_fields");
  t1.write_strings("field_names", s.t1_fields);
  std::vector<hsize> vector_shape = shape;
  vector_shape.push_back(nd);
  h5::Options vo = o;
  vo.chunk.push_back(nd);
  vo.chunk[1] = std::max<hsize>(1, o.chunk[1] / nd);
  create_fields(t1, s.t1_fields, vector_shape, vo);
  root.create_group("t2_fields").write_strings("field_names", {});

  h5::Group sf = root.create_group("simforge");
  h5::Group diag = sf.create_group("diagnostics");
  diag.write_strings("field_names", s.diagnostics);
  for (const auto& name : s.diagnostics) per_sample(diag, name, n, std::numeric_limits<double>::quiet_NaN(), shards);
  h5::Options early;
  early.allocate_early = shards.empty();
  early.sources = sources(shards, "/simforge/sample_complete");
  h5::Dataset done = sf.create_dataset("sample_complete", h5::Type::u8, {n}, early);
  if (shards.empty()) {
    std::vector<std::uint8_t> zeros(n, 0);
    done.write(zeros.data(), {0}, {n});
  }
}


}  // namespace

struct DatasetWriter::Impl {
  fs::path path, partial;
  DatasetSpec spec;
  bool replace = false;  // may finish() replace an existing <path>?
  h5::File file;         // declared first so that it is released after the datasets
  std::vector<h5::Dataset> fields, scalars, diagnostics;  // fields: per field_names(), a t1 field once per component
  std::vector<int> components;                            // per fields entry: -1 (t0) or the t1 component
  h5::Dataset sample_complete;
  std::vector<bool> completed;  // per sample of this file
  std::size_t n_completed = 0;
  bool merged = false;          // a virtual dataset over shards: nothing to write

  // The file's own index of sample i of the dataset (a shard starts at its first sample).
  std::size_t local(std::size_t i) const {
    const std::size_t first = spec.shard.first_sample;
    SIMFORGE_CHECK(i >= first && i - first < spec.n_trajectories, partial.string(), " holds samples [", first, ", ",
                   first + spec.n_trajectories, "), not sample ", i);
    return i - first;
  }

  void open_datasets() {
    h5::Group root = file.root();
    for (const auto& n : spec.t0_fields) fields.push_back(root.group("t0_fields").dataset(n)), components.push_back(-1);
    for (const auto& n : spec.t1_fields)
      for (std::size_t c = 0; c < spec.spatial_dims.size(); ++c)
        fields.push_back(root.group("t1_fields").dataset(n)), components.push_back(int(c));
    for (const auto& n : spec.sample_scalars) scalars.push_back(root.group("scalars").dataset(n));
    for (const auto& n : spec.diagnostics)
      diagnostics.push_back(root.group("simforge").group("diagnostics").dataset(n));
    sample_complete = root.group("simforge").dataset("sample_complete");
  }
};

DatasetWriter::DatasetWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DatasetWriter::DatasetWriter(DatasetWriter&&) noexcept = default;
DatasetWriter& DatasetWriter::operator=(DatasetWriter&&) noexcept = default;
DatasetWriter::~DatasetWriter() = default;

DatasetWriter DatasetWriter::create(const fs::path& path, const DatasetSpec& spec, bool overwrite) {
  return start(path, spec, overwrite, {});
}

DatasetWriter DatasetWriter::create_merged(const fs::path& path, const DatasetSpec& spec, const std::vector<ShardSource>& shards,
                                           bool overwrite) {
  SIMFORGE_CHECK(!spec.is_shard() && !shards.empty(), "a merged dataset is a whole dataset over at least one shard");
  std::size_t next = 0;
  for (const ShardSource& sh : shards) {
    SIMFORGE_CHECK(sh.first == next && sh.count > 0, "shard ", sh.file, " holds samples [", sh.first, ", ", sh.first + sh.count,
                   "); the next expected sample is ", next);
    next += sh.count;
  }
  SIMFORGE_CHECK(next == spec.n_trajectories, "the shards hold ", next, " samples, the dataset ", spec.n_trajectories);
  DatasetWriter w = start(path, spec, overwrite, shards);
  w.impl_->merged = true;
  w.impl_->completed.assign(spec.n_trajectories, true);  // every shard is complete
  w.impl_->n_completed = spec.n_trajectories;
  return w;
}

DatasetWriter DatasetWriter::start(const fs::path& path, const DatasetSpec& spec, bool overwrite,
                                   const std::vector<ShardSource>& shards) {
  spec.validate();
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->partial = partial_path(path);
  impl->spec = spec;
  impl->replace = overwrite;
  const std::string p = path.string(), partial = impl->partial.string();
  std::error_code ec;
  SIMFORGE_CHECK(!fs::is_directory(path, ec), p, " is a folder, not a dataset file name");
  SIMFORGE_CHECK(overwrite || !fs::exists(path, ec), p, " exists; pass --overwrite to replace it");
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  SIMFORGE_CHECK(fs::is_directory(folder, ec), "cannot create ", partial, ": folder ", folder.string(),
                 " does not exist");
  if (h5::File::in_use(impl->partial))
    throw h5::FileInUse(partial + " is in use by another process (is a run still writing it?); not replacing it");
  // A fresh inode: whoever still reads an old .partial keeps reading the old bytes.
  fs::remove(impl->partial, ec);
  // Creating the file is the only reliable test of writability (ACLs, read-only mounts, quotas).
  const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT, 0666);
  SIMFORGE_CHECK(fd >= 0, "cannot create ", partial, ": folder ", folder.string(), " is not writable (",
                 std::strerror(errno), ")");
  ::close(fd);

  impl->file = h5::File::create(impl->partial);
  write_layout(impl->file, spec, shards);
  impl->file.flush();  // from here on the metadata is final
  impl->open_datasets();
  impl->completed.assign(spec.n_trajectories, false);
  return DatasetWriter(std::move(impl));
}

DatasetWriter DatasetWriter::resume(const fs::path& path, const DatasetSpec& spec) {
  spec.validate();
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->partial = partial_path(path);
  impl->spec = spec;
  impl->replace = true;  // a .partial exists only if writing <path> was allowed when it was created
  const std::string partial = impl->partial.string();
  std::error_code ec;
  SIMFORGE_CHECK(fs::exists(impl->partial, ec), "cannot resume ", path.string(), ": ", partial,
                 " does not exist (nothing to resume; start without resuming)");
  auto corrupt = [&](const std::string& why) {
    return Error("cannot resume: " + partial + " cannot be opened or is corrupt; pass --overwrite to start again (" +
                 why + ")");
  };
  DatasetInfo stored;
  try {
    stored = DatasetReader(impl->partial).info();
  } catch (const h5::FileInUse& e) {
    throw Error(std::string("cannot resume: ") + e.what());  // never advise overwriting a live run
  } catch (const Error& e) {
    throw corrupt(e.what());
  }
  SIMFORGE_CHECK(stored.format_version == dataset_format_version, "cannot resume ", partial,
                 ": it has dataset format version ", stored.format_version, ", this Simforge writes ",
                 dataset_format_version, "; pass --overwrite to start again");
  const std::string diff = spec_difference(stored.spec, spec);
  SIMFORGE_CHECK(diff.empty(), "cannot resume ", partial, ": ", diff, "; pass --overwrite to start again");
  try {
    impl->file = h5::File::open(impl->partial, true);
    impl->open_datasets();
    const std::vector<std::uint8_t> done = impl->sample_complete.read_all_u8();
    SIMFORGE_CHECK(done.size() == spec.n_trajectories, "simforge/sample_complete has ", done.size(), " entries");
    impl->completed.assign(done.begin(), done.end());
  } catch (const h5::FileInUse& e) {
    throw Error(std::string("cannot resume: ") + e.what());
  } catch (const Error& e) {
    throw corrupt(e.what());
  }
  for (bool c : impl->completed) impl->n_completed += c ? 1 : 0;
  return DatasetWriter(std::move(impl));
}

bool DatasetWriter::has_sample(std::size_t i) const { return completed().at(impl_->local(i)); }

const std::vector<bool>& DatasetWriter::completed() const {
  SIMFORGE_CHECK(impl_, "DatasetWriter was moved from");
  return impl_->completed;
}

std::size_t DatasetWriter::completed_count() const {
  SIMFORGE_CHECK(impl_, "DatasetWriter was moved from");
  return impl_->n_completed;
}

void DatasetWriter::write(const SampleBlock& b) {
  SIMFORGE_CHECK(impl_, "DatasetWriter was moved from");
  Impl& w = *impl_;
  const DatasetSpec& s = w.spec;
  const std::string& partial = w.partial.string();
  SIMFORGE_CHECK(w.file.is_open(), "write to ", partial, " after finish()");
  SIMFORGE_CHECK(!w.merged, "write to ", partial, ": a merged dataset's samples live in its shards");
  const std::size_t first = s.shard.first_sample;
  SIMFORGE_CHECK(b.count > 0 && b.first >= first && b.first - first <= s.n_trajectories && b.count <= s.n_trajectories - (b.first - first),
                 "write to ", partial, ": samples [", b.first, ", ", b.first + b.count, ") out of range (it holds [", first, ", ",
                 first + s.n_trajectories, "))");
  SIMFORGE_CHECK(b.fields.size() == w.fields.size(), "write to ", partial, ": ", b.fields.size(),
                 " fields given, the dataset has ", w.fields.size(), " (", bracketed(s.field_names()), ")");
  SIMFORGE_CHECK(b.scalars.size() == s.sample_scalars.size(), "write to ", partial, ": ", b.scalars.size(),
                 " sample scalars given, the dataset has ", s.sample_scalars.size());
  SIMFORGE_CHECK(b.diagnostics.size() == s.diagnostics.size(), "write to ", partial, ": ", b.diagnostics.size(),
                 " diagnostics given, the dataset has ", s.diagnostics.size());
  auto nonnull = [&](const auto& ptrs, const char* what) {
    for (const auto* p : ptrs) SIMFORGE_CHECK(p != nullptr, "write to ", partial, ": null ", what, " pointer");
  };
  nonnull(b.fields, "field");
  nonnull(b.scalars, "scalar");
  nonnull(b.diagnostics, "diagnostic");

  const std::size_t at = b.first - first;  // the block's first row in this file
  std::vector<hsize> offset(2 + s.spatial_dims.size(), 0), count = field_shape(s);
  offset[0] = at;
  count[0] = b.count;
  std::vector<hsize> component_offset = offset, component_count = count;
  component_offset.push_back(0);
  component_count.push_back(1);
  for (std::size_t i = 0; i < w.fields.size(); ++i) {
    if (w.components[i] < 0) {
      w.fields[i].write(b.fields[i], offset, count);
    } else {
      component_offset.back() = hsize(w.components[i]);
      w.fields[i].write(b.fields[i], component_offset, component_count);
    }
  }
  for (std::size_t i = 0; i < w.scalars.size(); ++i) w.scalars[i].write(b.scalars[i], {at}, {b.count});
  for (std::size_t i = 0; i < w.diagnostics.size(); ++i) w.diagnostics[i].write(b.diagnostics[i], {at}, {b.count});
  // Data first, durable, then the marks: a sample marked complete always has its data on disk.
  w.file.flush();
  const std::vector<std::uint8_t> ones(b.count, 1);
  w.sample_complete.write(ones.data(), {at}, {b.count});
  w.file.flush();
  for (std::size_t i = at; i < at + b.count; ++i) {
    if (!w.completed[i]) ++w.n_completed;
    w.completed[i] = true;
  }
}

void DatasetWriter::finish() {
  SIMFORGE_CHECK(impl_, "DatasetWriter was moved from");
  Impl& w = *impl_;
  const std::string partial = w.partial.string(), path = w.path.string();
  SIMFORGE_CHECK(w.file.is_open(), "finish() called twice for ", path);
  if (w.n_completed != w.spec.n_trajectories) {
    std::size_t first = 0;
    while (w.completed[first]) ++first;
    SIMFORGE_FAIL("cannot finish ", partial, ": ", w.spec.n_trajectories - w.n_completed, " of ", w.spec.n_trajectories,
                  " samples are not written (the first is sample ", w.spec.shard.first_sample + first, ")");
  }
  std::error_code ec;
  SIMFORGE_CHECK(w.replace || !fs::exists(w.path, ec), "cannot finish: ", path,
                 " appeared while writing; pass --overwrite to replace it (the data is kept in ", partial, ")");
  w.file.root().write_bool("simforge_complete", true);
  w.file.flush();
  w.fields.clear();
  w.scalars.clear();
  w.diagnostics.clear();
  w.sample_complete = h5::Dataset();
  w.file.close();
  commit_file(w.partial, w.path);
}

}  // namespace simforge::io
