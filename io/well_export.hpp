#pragma once
// The pieces of a dataset export in The Well's folder layout (`<name>/data/{train,valid,test}/`,
// `<name>/stats.yaml`): a subset of a dataset's trajectories copied into a dataset of its own, and
// the normalization statistics The Well's loader reads.
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "io/dataset_reader.hpp"
#include "kernels/moments.hpp"

namespace simforge::io {

// Called after each block of trajectories is written (done of total).
using CopyProgress = std::function<void(std::size_t done, std::size_t total)>;

// Writes the trajectories `samples` of `source`, in that order, as a complete dataset at `path`,
// through the crash-safe writer (`<path>.partial`, renamed when complete). Every attribute,
// coordinate, boundary and provenance item is the source's; only n_trajectories changes.
void copy_samples(const DatasetReader& source, const std::vector<std::size_t>& samples, const std::filesystem::path& path,
                  bool overwrite, const CopyProgress& progress = {});

// The Well's statistics of one field over a set of trajectories: of the values, and of the
// differences of consecutive frames within each trajectory (`_delta`).
struct WellFieldStats {
  std::string field;
  Moments value, delta;
};

// Over `samples` of `source`, one streaming pass (a window of frames at a time); one entry per
// field of DatasetSpec::field_names() (a vector's components apart).
std::vector<WellFieldStats> well_stats(const DatasetReader& source, const std::vector<std::size_t>& samples);

// stats.yaml as The Well's loader reads it: keys mean, std, rms, mean_delta, std_delta, rms_delta,
// each a mapping from field name to value (t0 fields: one number; t1 fields: a list, one number
// per component).
std::string well_stats_yaml(const DatasetSpec& spec, const std::vector<WellFieldStats>& stats);

}  // namespace simforge::io
