#pragma once
// What a Simforge dataset holds, before any sample is computed: names, shapes, coordinates,
// boundaries, parameters, provenance and storage options. The layout follows The Well's, plus
// Simforge's provenance and completion markers; it is specified, with its version, in
// docs/dataset-format.md.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace simforge::io {

inline constexpr int dataset_format_version = 1;

struct StorageOptions {
  int gzip_level = 0;       // 0: no compression; 1..9: gzip (with the shuffle filter)
  bool fletcher32 = false;  // per-chunk checksums
};

// The boundary condition of one face of one axis, in The Well's vocabulary plus Simforge's own
// kind (dirichlet and neumann faces are WALLs to The Well).
struct FaceBoundary {
  std::string well_type = "PERIODIC";  // PERIODIC, WALL or OPEN
  std::string kind = "periodic";       // Simforge's boundary kind (solvers/boundary.hpp)
  double value = 0.0;                  // the Dirichlet value or Neumann flux
  bool operator==(const FaceBoundary&) const = default;
};
struct AxisBoundary {
  FaceBoundary lower, upper;  // at the axis' first and last grid point
  bool operator==(const AxisBoundary&) const = default;
};

// Which part of a dataset a file holds: samples [first_sample, first_sample + n_trajectories) of
// a dataset of total_samples, as shard `index` of `count` (both from 0). A whole dataset is shard
// 0 of 1. Shards of one dataset share every other part of the spec (config text, seed, ...).
struct ShardInfo {
  std::size_t index = 0, count = 1;
  std::size_t first_sample = 0, total_samples = 0;  // total_samples 0: the file's own n_trajectories
  bool operator==(const ShardInfo&) const = default;
};

// Everything the file says about itself, known before the first sample is computed.
struct DatasetSpec {
  std::string dataset_name;
  std::vector<std::string> spatial_dims;           // array-axis order, slowest first, e.g. {"y", "x"}
  std::vector<std::size_t> spatial_shape;          // e.g. {64, 64}
  std::vector<std::vector<double>> coordinates;    // one vector per spatial dim (cell positions)
  std::vector<AxisBoundary> boundaries;            // one per spatial dim
  std::vector<double> times;                       // the saved times, n_times of them
  std::size_t n_trajectories = 0;
  std::vector<std::string> t0_fields;              // scalar fields, float32 [traj, time, ...spatial]
  // Vector fields, float32 [traj, time, ...spatial, n_spatial_dims]: component c along spatial_dims[c].
  std::vector<std::string> t1_fields;
  std::vector<std::string> constant_parameters;    // names of parameters fixed for every sample
  std::vector<double> constant_values;             // their values
  std::vector<std::string> sample_scalars;         // per-sample parameters: scalars/<name> [traj]
  std::vector<std::string> diagnostics;            // per-sample solver diagnostics (float64 [traj])
  std::string config_yaml;                         // the full effective configuration
  std::uint64_t seed = 0;
  StorageOptions storage;
  ShardInfo shard;

  bool is_shard() const { return shard.count > 1; }
  // Every field as Simforge reads and writes it: the t0 fields, then each t1 field's components
  // <name>_<dim> in spatial_dims order (velocity_y, velocity_x).
  std::vector<std::string> field_names() const;
  std::size_t frame_size() const;                  // elements of one spatial frame
  std::size_t sample_size() const;                 // elements of one field of one sample (all times)
  // Throws simforge::Error naming the first inconsistency (sizes, empty or duplicate names, ...).
  void validate() const;
};

// "shard 2 of 4 (samples [6, 9) of 12)", or "the whole dataset": for messages and comparisons.
std::string shard_text(const DatasetSpec& spec);

// Empty when a file whose spec is `stored` holds what `requested` describes (the configuration
// text first, then shapes, names, boundaries, seed, storage); else what differs first.
std::string spec_difference(const DatasetSpec& stored, const DatasetSpec& requested);

}  // namespace simforge::io
