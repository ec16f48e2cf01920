#pragma once
// Shards: a dataset generated in parts (Slurm array tasks, separate jobs or machines). Each shard
// is a complete, crash-safe dataset file of its own holding a contiguous range of the samples, and
// names itself in its attributes (DatasetSpec::shard). Merging joins complete shards into one
// dataset: as a copy (self-contained), or as HDF5 virtual datasets that read from the shard files
// (instant, no second copy on disk, but the shards must stay beside it).
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace simforge::io {

// The file of shard `index` (from 0) of `count` of a dataset: data/ns.h5 -> data/ns.shard-2-of-8.h5.
std::filesystem::path shard_path(const std::filesystem::path& dataset, std::size_t index, std::size_t count);
// The dataset a shard's file name belongs to (data/ns.shard-2-of-8.h5 -> data/ns.h5), or nothing
// when the name is not a shard's.
std::optional<std::filesystem::path> dataset_of_shard(const std::filesystem::path& shard);

enum class MergeMode { copy, virtual_dataset };

struct MergeOptions {
  MergeMode mode = MergeMode::copy;
  bool overwrite = false;  // replace an existing output
};

struct MergeReport {
  std::string path;
  std::size_t shards = 0, samples = 0;
  double seconds = 0;
};

// Joins `shards` (every shard of one dataset, in any order) into `output`. Refuses, naming the
// files: a file that is not a shard, an incomplete shard, shards of another dataset (config text,
// seed, shapes), two files for one shard, and missing shards. The merged arrays are the shards'
// samples in order, bit for bit: the same as a single-process run of the config.
MergeReport merge_shards(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& output,
                         const MergeOptions& options);

}  // namespace simforge::io
