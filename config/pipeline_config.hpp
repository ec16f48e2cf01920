#pragma once
// The `simforge run` pipeline: one YAML file with the sections generate, train (the two configs'
// keys) and evaluate. Parsing cross-checks the stages before anything is computed: the train
// stage's inputs against what the generate stage will write.
#include <filesystem>
#include <optional>
#include <string>

#include "config/generate_config.hpp"
#include "config/key_table.hpp"
#include "config/train_config.hpp"

namespace simforge::config {

struct EvaluateConfig {
  std::string split = "test";              // test | val | train
  std::optional<std::size_t> max_samples;  // at most this many trajectories
  bool time_solver = true;                 // time the solver on the same trajectories
  std::string report_path;                 // evaluation report (JSON); default <train.output.path>.eval.json
};

struct PipelineConfig {
  GenerateConfig generate;
  TrainConfig train;
  EvaluateConfig evaluate;
};

const Table<PipelineConfig>& evaluate_table();

// Parses and cross-checks the three sections; `source` names the file in errors.
PipelineConfig parse_pipeline_config(const std::string& yaml_text, const std::string& source);
PipelineConfig load_pipeline_config(const std::filesystem::path& path);

}  // namespace simforge::config
