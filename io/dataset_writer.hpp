#pragma once
// DatasetWriter: the crash-safe dataset sink. It writes `<path>.partial`, flushes after each
// finished block of samples, records which samples are complete, and commits the file to
// `<path>` (an atomic rename) only in finish(). An interrupted file resumes.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "io/dataset_spec.hpp"
#include "io/sample_sink.hpp"

namespace simforge::io {

// One shard under a merged dataset: its file (relative to the merged file's folder, so that the
// folder can move) and the samples [first, first + count) it holds.
struct ShardSource {
  std::string file;
  std::size_t first = 0, count = 0;
};

class DatasetWriter final : public SampleSink {
 public:
  // Starts `<path>.partial`. Fails if `<path>` exists and overwrite is false, or if the folder is
  // not writable. An existing `<path>.partial` is replaced.
  static DatasetWriter create(const std::filesystem::path& path, const DatasetSpec& spec, bool overwrite);
  // A dataset whose arrays are HDF5 virtual datasets over complete shard files, which hold its
  // samples in order: nothing to write, finish() commits it. Reading it needs the shards.
  static DatasetWriter create_merged(const std::filesystem::path& path, const DatasetSpec& spec,
                                     const std::vector<ShardSource>& shards, bool overwrite);
  // Continues `<path>.partial`; fails unless it holds the same spec (config text, shapes, fields).
  static DatasetWriter resume(const std::filesystem::path& path, const DatasetSpec& spec);

  DatasetWriter(DatasetWriter&&) noexcept;
  DatasetWriter& operator=(DatasetWriter&&) noexcept;
  ~DatasetWriter() override;  // closes the .partial file without finishing it

  const std::vector<bool>& completed() const;      // per sample
  std::size_t completed_count() const;
  bool has_sample(std::size_t i) const override;
  void write(const SampleBlock& block) override;   // writes, flushes, then marks the samples complete
  void finish();                                   // requires every sample complete; marks the file complete, commits it

  struct Impl;

 private:
  explicit DatasetWriter(std::unique_ptr<Impl> impl);
  static DatasetWriter start(const std::filesystem::path& path, const DatasetSpec& spec, bool overwrite,
                             const std::vector<ShardSource>& shards);
  std::unique_ptr<Impl> impl_;
};

}  // namespace simforge::io
