#pragma once
// Generates a dataset end to end: batches of samples through a Simulation into a DatasetWriter,
// crash-safe and resumable. This is what `simforge generate` calls; driver programs can too.
#include <chrono>
#include <functional>
#include <string>

#include "io/config.hpp"
#include "io/dataset.hpp"

namespace simforge::io {

struct GenerateOptions {
  bool resume = false;     // continue `<out>.partial`
  bool overwrite = false;  // replace an existing `<out>` (only when the new one is complete)
};

struct GenerateProgress {
  std::size_t done = 0, total = 0;  // samples
  std::size_t computed = 0;         // samples computed in this run (excludes resumed ones)
  double seconds = 0;               // wall time of this run
};

struct GenerateReport {
  bool nothing_to_do = false;       // the output was already complete
  std::size_t resumed = 0;          // samples found complete in the .partial file
  std::size_t computed = 0;
  double seconds = 0;
  std::string path;
};

// The dataset layout a config produces (shapes, names, provenance).
DatasetSpec dataset_spec(const GenerateConfig& config);

GenerateReport generate_dataset(const GenerateConfig& config, const GenerateOptions& options,
                                const std::function<void(const GenerateProgress&)>& progress = {});

}  // namespace simforge::io
