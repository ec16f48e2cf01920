#pragma once
// Simforge datasets in HDF5, following The Well's layout plus Simforge's provenance and completion
// markers. The format is specified, with its version, in docs/dataset-format.md.
//
// Writing is crash-safe: DatasetWriter writes `<path>.partial`, flushes after each finished batch
// of samples, records which samples are complete, and renames to `<path>` only in finish().
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace simforge::io {

inline constexpr int dataset_format_version = 1;

struct StorageOptions {
  int gzip_level = 0;       // 0: no compression; 1..9: gzip (with the shuffle filter)
  bool fletcher32 = false;  // per-chunk checksums
};

// Everything the file says about itself, known before the first sample is computed.
struct DatasetSpec {
  std::string dataset_name;
  std::vector<std::string> spatial_dims;           // array-axis order, slowest first, e.g. {"y", "x"}
  std::vector<std::size_t> spatial_shape;          // e.g. {64, 64}
  std::vector<std::vector<double>> coordinates;    // one vector per spatial dim (cell positions)
  std::vector<double> times;                       // the saved times, n_times of them
  std::size_t n_trajectories = 0;
  std::vector<std::string> t0_fields;              // scalar fields, float32 [traj, time, ...spatial]
  std::vector<std::string> constant_parameters;    // names of parameters fixed for every sample
  std::vector<double> constant_values;             // their values
  std::vector<std::string> sample_scalars;         // per-sample parameters: scalars/<name> [traj]
  std::vector<std::string> diagnostics;            // per-sample solver diagnostics (float64 [traj])
  std::string config_yaml;                         // the full effective configuration
  std::uint64_t seed = 0;
  StorageOptions storage;

  std::size_t frame_size() const;                  // elements of one spatial frame
  std::size_t sample_size() const;                 // elements of one field of one sample (all times)
  // Throws simforge::Error naming the first inconsistency (sizes, empty or duplicate names, ...).
  void validate() const;
};

// One finished range of samples, handed to the writer. All pointers are host memory.
struct SampleBlock {
  std::size_t first = 0;                           // index of the first sample
  std::size_t count = 0;
  std::vector<const float*> fields;                // per t0 field: [count, n_times, ...spatial]
  std::vector<const double*> scalars;              // per sample scalar: [count]
  std::vector<const double*> diagnostics;          // per diagnostic: [count]
};

class DatasetWriter {
 public:
  // Starts `<path>.partial`. Fails if `<path>` exists and overwrite is false, or if the folder is
  // not writable. An existing `<path>.partial` is replaced.
  static DatasetWriter create(const std::filesystem::path& path, const DatasetSpec& spec, bool overwrite);
  // Continues `<path>.partial`; fails unless it holds the same spec (config text, shapes, fields).
  static DatasetWriter resume(const std::filesystem::path& path, const DatasetSpec& spec);

  DatasetWriter(DatasetWriter&&) noexcept;
  DatasetWriter& operator=(DatasetWriter&&) noexcept;
  ~DatasetWriter();  // closes the .partial file without finishing it

  const std::vector<bool>& completed() const;      // per sample
  std::size_t completed_count() const;
  void write(const SampleBlock& block);            // writes, flushes, then marks the samples complete
  void finish();                                   // requires every sample complete; renames into place

  struct Impl;

 private:
  explicit DatasetWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Per-field summary used by `simforge info`.
struct FieldStats {
  std::string name;
  std::vector<std::size_t> shape;
  double min = 0, max = 0, mean = 0, rms = 0;
};

struct DatasetInfo {
  DatasetSpec spec;                                // as read back from the file
  int format_version = 0;
  std::string simforge_version, git_hash, created;
  std::size_t samples_complete = 0;
  bool complete = false;
};

// Reads a dataset without loading it: shapes, attributes, one sample or a window of frames.
// Opening validates the layout; a file that is not HDF5, not a Simforge/Well dataset, truncated or
// corrupt raises one simforge::Error naming the file and what is wrong.
class DatasetReader {
 public:
  explicit DatasetReader(const std::filesystem::path& path);
  DatasetReader(DatasetReader&&) noexcept;
  DatasetReader& operator=(DatasetReader&&) noexcept;
  ~DatasetReader();

  const DatasetInfo& info() const;
  std::vector<std::string> field_names() const;
  // Frames [t0, t0 + nt) of one sample of one field, [nt, ...spatial], float32.
  std::vector<float> read_window(const std::string& field, std::size_t sample, std::size_t t0, std::size_t nt) const;
  std::vector<float> read_sample(const std::string& field, std::size_t sample) const;
  std::vector<double> read_scalar(const std::string& name) const;       // scalars/<name>, [traj]
  std::vector<double> read_diagnostic(const std::string& name) const;   // [traj]
  FieldStats field_stats(const std::string& field) const;               // streams sample by sample

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace simforge::io
