#pragma once
// The `simforge generate` configuration: YAML parsed into typed structs through one key table
// (generate_config.cpp). Unknown keys and bad values are errors that name the key, the value and
// what is allowed; the effective configuration (every default filled in) is written back as YAML
// into each dataset.
#include <cstdint>
#include <filesystem>
#include <string>

#include "config/key_table.hpp"
#include "io/dataset_spec.hpp"
#include "solvers/simulation_spec.hpp"

namespace simforge::config {

enum class Precision { Float32, Float64 };

struct GenerateConfig {
  std::string name;
  std::uint64_t seed = 0;
  std::size_t samples = 1;
  std::size_t batch = 8;
  Precision precision = Precision::Float32;
  double t_end = 1.0;
  double save_interval = 0.1;
  SimulationSpec simulation;  // derived: steps_per_frame and frames come from dt, t_end, save_interval
  std::string output_path;
  io::StorageOptions storage;

  // Re-derives `simulation` after a command-line override (seed) and re-validates.
  void finalize();
  std::string effective_yaml() const;
};

// The key table of a generate config (also the `generate:` section of a pipeline).
const Table<GenerateConfig>& generate_table();

// Parses YAML text; `source` names it in error messages (usually the file name).
GenerateConfig parse_generate_config(const std::string& yaml_text, const std::string& source, const Overrides& overrides = {});
GenerateConfig load_generate_config(const std::filesystem::path& path, const Overrides& overrides = {});

}  // namespace simforge::config
