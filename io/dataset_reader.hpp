#pragma once
// DatasetReader: reads a Simforge (or plain Well) dataset without loading it: shapes, attributes,
// one sample or a window of frames. Opening validates the layout; a file that is not HDF5, not a
// Simforge/Well dataset, truncated or corrupt raises one simforge::Error naming the file and what
// is wrong.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/dataset_spec.hpp"

namespace simforge::io {

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
  std::string run_id;                              // unique per generated file (empty in files before it)
  std::size_t samples_complete = 0;
  bool complete = false;
  std::vector<std::string> shard_files;            // a merged (virtual) dataset: the shard files it reads
};

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

// What identifies the data of a file for a model trained on it: its creation time, its
// configuration (a digest) and its size. A regenerated dataset has another identity.
std::string dataset_identity(const DatasetInfo& info);

}  // namespace simforge::io
