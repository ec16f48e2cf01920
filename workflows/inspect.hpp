#pragma once
// What `simforge info` shows of a dataset: its layout, provenance, completion, parameter ranges
// and per-field statistics (streamed sample by sample).
#include <filesystem>
#include <string>
#include <vector>

#include "io/dataset_reader.hpp"

namespace simforge::workflows {

struct ScalarRange {
  std::string name;
  double min = 0, max = 0;  // over complete samples
};

struct DatasetSummary {
  io::DatasetInfo info;
  std::vector<ScalarRange> sample_scalars;
  std::vector<io::FieldStats> fields;
};

DatasetSummary inspect_dataset(const std::filesystem::path& path);

}  // namespace simforge::workflows
