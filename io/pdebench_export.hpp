#pragma once
// A dataset in the HDF5 layouts PDEBench's own readers expect (pdebench/models/fno/utils.py,
// FNODatasetSingle and FNODatasetMult), so that PDEBench's baselines train on Simforge data
// unchanged. PDEBench stores space x first ([x, y, z]); Simforge stores it slowest first
// ([z, y, x]): the export reverses the spatial axes of every frame.
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/dataset_reader.hpp"

namespace simforge::io {

struct PdebenchLayout {
  using Progress = std::function<void(std::size_t done, std::size_t total)>;
  std::string name;
  std::string description;                                     // for --help and the docs
  std::function<std::string(const DatasetSpec&)> unsuitable;   // empty when the dataset fits the layout, else why not
  // Writes the whole file at the path; `progress` after each trajectory (done of total).
  std::function<void(const DatasetReader&, const std::filesystem::path&, const Progress&)> write;
};

// tensor (1-D, one field), groups (per-sample NNNN/data), cfd (density, pressure, Vx...), darcy (nu, tensor).
const std::vector<PdebenchLayout>& pdebench_layouts();
const PdebenchLayout& pdebench_layout(const std::string& name);  // throws naming the layouts
// The layout PDEBench uses for data like these: darcy, then cfd, then tensor, else groups.
const PdebenchLayout& pdebench_layout_for(const DatasetSpec& spec);

}  // namespace simforge::io
