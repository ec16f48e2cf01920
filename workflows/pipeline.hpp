#pragma once
// `simforge run`: generate -> train -> evaluate in one process on one device, from a pipeline
// config (config/pipeline_config.hpp, cross-checked when parsed). Each stage skips work whose
// output is already complete, so a re-run after an interruption continues where it stopped.
#include <functional>
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

// `log` receives one line per stage decision ("generate: ... complete; skipping").
PipelineReport run_pipeline(const config::PipelineConfig& config, const Stream& stream,
                            const std::function<void(const std::string&)>& log = {});

}  // namespace simforge::workflows
