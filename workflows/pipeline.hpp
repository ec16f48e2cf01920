#pragma once
// `simforge run`: generate -> train -> evaluate in one process on one device, from a pipeline
// config (config/pipeline_config.hpp, cross-checked when parsed). Each stage skips work whose
// output is already complete, so a re-run after an interruption continues where it stopped.
#include <filesystem>
#include <functional>
#include <vector>
#include <string>

#include "config/pipeline_config.hpp"
#include "kernels/device.hpp"
#include "workflows/eval_report.hpp"

namespace simforge::workflows {

// What each stage did, for the summary the CLI prints.
struct PipelineReport {
  bool generated = false, trained = false, evaluated = false;  // false: skipped, already complete
  std::string dataset, model, report_path;
  EvalReport evaluation;
};

struct PipelineOptions {
  bool overwrite = false;                     // redo a stage whose output was made by another configuration
  std::vector<std::filesystem::path> inputs;  // files the run reads (the pipeline file): never written
};

// How far the running stage is: generate in samples, train in steps, evaluate in trajectories.
struct StageProgress {
  std::string stage, unit;
  std::size_t done = 0, total = 0;
  std::size_t rate_units = 0;  // units computed in this run (resumed work excluded), for the rate
  double seconds = 0;          // since the stage started
};

// `log` receives one line per stage decision ("generate: ... complete; skipping"). A stage whose
// existing output no longer matches the configuration (another dataset config, another training
// config or dataset) is an error naming what differs, or is redone with `overwrite`.
PipelineReport run_pipeline(const config::PipelineConfig& config, const PipelineOptions& options, const Stream& stream,
                            const std::function<void(const std::string&)>& log = {},
                            const std::function<void(const StageProgress&)>& progress = {});

}  // namespace simforge::workflows
