#pragma once
// `simforge run`: generate -> train -> evaluate in one process on one device, from one YAML file
// with the three sections. Everything that can be checked without computing is checked first
// (the stages' inputs against the previous stages' outputs), and each stage skips work whose
// output is already complete, so a re-run after an interruption continues where it stopped.
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "io/config.hpp"
#include "io/evaluation.hpp"
#include "io/train_config.hpp"

namespace simforge::io {

struct PipelineConfig {
  GenerateConfig generate;
  TrainConfig train;
  EvalOptions evaluate;
  std::string report_path;  // evaluation report (JSON); default <train.output.path>.eval.json
};

// Parses and cross-checks the three sections; `source` names the file in errors.
PipelineConfig parse_pipeline_config(const std::string& yaml_text, const std::string& source);
PipelineConfig load_pipeline_config(const std::filesystem::path& path);

// What each stage did, for the summary the CLI prints.
struct PipelineReport {
  bool generated = false, trained = false, evaluated = false;  // false: skipped, already complete
  std::string dataset, model, report_path;
  EvalReport evaluation;
};

// `log` receives one line per stage decision ("generate: ... complete; skipping").
PipelineReport run_pipeline(const PipelineConfig& config, const std::function<void(const std::string&)>& log = {});

}  // namespace simforge::io
