#pragma once
// DatasetWriter: the crash-safe dataset sink. It writes `<path>.partial`, flushes after each
// finished block of samples, records which samples are complete, and commits the file to
// `<path>` (an atomic rename) only in finish(). An interrupted file resumes.
#include <filesystem>
#include <memory>
#include <vector>

#include "io/dataset_spec.hpp"
#include "io/sample_sink.hpp"

namespace simforge::io {

class DatasetWriter final : public SampleSink {
 public:
  // Starts `<path>.partial`. Fails if `<path>` exists and overwrite is false, or if the folder is
  // not writable. An existing `<path>.partial` is replaced.
  static DatasetWriter create(const std::filesystem::path& path, const DatasetSpec& spec, bool overwrite);
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
  std::unique_ptr<Impl> impl_;
};

}  // namespace simforge::io
