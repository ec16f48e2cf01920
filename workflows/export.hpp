#pragma once
// Exports of a finished dataset into the tools users already have: The Well's folder layout with
// its normalization statistics, PDEBench's HDF5 layouts, and an XDMF sidecar for ParaView and
// VisIt. Each refuses an incomplete dataset, never writes onto its input, and writes under a
// temporary name renamed into place when complete (an interrupted export is simply run again).
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace simforge::workflows {

struct ExportProgress {
  std::string stage;          // e.g. "train split", "stats"
  std::size_t done = 0, total = 0;  // trajectories
};
using ExportCallback = std::function<void(const ExportProgress&)>;

// ---- The Well ----------------------------------------------------------------------------------
struct WellSplit {
  std::string name;                   // train, valid, test (The Well's folder names)
  std::vector<std::size_t> samples;   // trajectories of the source dataset, ascending
};

// Trajectories 0..n-1 assigned to train/valid/test by a seeded shuffle (Philox: the same on every
// machine); round(train * n) and round(valid * n) of them, the rest to test. At least one trains.
std::vector<WellSplit> well_splits(std::size_t n, double train, double valid, std::uint64_t seed);

struct WellExportOptions {
  std::filesystem::path directory;    // the export goes to <directory>/<dataset_name>/
  double train = 0.8, valid = 0.1;    // fractions of the trajectories; test gets the rest
  std::uint64_t seed = 0;             // the split's shuffle
  bool overwrite = false;             // replace an existing <directory>/<dataset_name>/
};

struct WellExportReport {
  std::filesystem::path folder;       // <directory>/<dataset_name>
  std::vector<WellSplit> splits;
};

// Writes <folder>/data/{train,valid,test}/<dataset_name>.hdf5 (a split without trajectories gets
// an empty folder), <folder>/stats.yaml over the training split, and <folder>/splits.yaml (which
// source trajectory went where).
WellExportReport export_well(const std::filesystem::path& dataset, const WellExportOptions& options,
                             const ExportCallback& progress = {});

// ---- PDEBench ----------------------------------------------------------------------------------
struct PdebenchExportOptions {
  std::filesystem::path output;       // the HDF5 file to write (PDEBench's names: docs/interop.md)
  std::string layout;                 // tensor | groups | cfd | darcy; empty: the one for the data
  bool overwrite = false;
};
// Returns the layout written.
std::string export_pdebench(const std::filesystem::path& dataset, const PdebenchExportOptions& options,
                            const ExportCallback& progress = {});

// ---- XDMF --------------------------------------------------------------------------------------
struct XdmfExportOptions {
  std::optional<std::filesystem::path> output;  // default: <dataset>.xmf beside it
  std::optional<std::size_t> samples;           // the first this many trajectories (default: all)
  bool overwrite = false;
};
// Returns the sidecar's path.
std::filesystem::path export_xdmf(const std::filesystem::path& dataset, const XdmfExportOptions& options);

}  // namespace simforge::workflows
