#include "io/pipeline.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "io/dataset.hpp"
#include "io/dataset_generator.hpp"
#include "io/yaml_section.hpp"
#include "io/training_session.hpp"
#include "kernels/error.hpp"

namespace simforge::io {

namespace {

[[noreturn]] void mismatch(const std::string& source, const std::string& what) {
  SIMFORGE_FAIL("pipeline ", source, ": ", what);
}

// The checks that tie the stages together, before anything is computed.
void cross_check(const PipelineConfig& c, const std::string& source) {
  const PdeDescriptor& pde = find_pde(c.generate.simulation.pde.type);
  if (c.train.data.path != c.generate.output_path)
    mismatch(source, "train.data.path '" + c.train.data.path + "' is not the generated dataset '" + c.generate.output_path +
                         "' (leave it out to use the generated one)");
  for (const auto& f : c.train.data.fields)
    if (std::find(pde.fields.begin(), pde.fields.end(), f) == pde.fields.end()) {
      std::string have;
      for (const auto& g : pde.fields) have += (have.empty() ? "" : ", ") + g;
      mismatch(source, "train.data.fields names '" + f + "', but " + pde.name + " datasets hold: " + have);
    }
  for (const auto& s : c.train.data.scalars) {
    bool varies = false;
    for (std::size_t i = 0; i < pde.parameters.size(); ++i)
      varies |= pde.parameters[i].name == s && c.generate.simulation.pde.parameters[i].varies();
    if (!varies)
      mismatch(source, "train.data.scalars names '" + s + "', which is not a per-sample parameter of the generate section");
  }
  const std::size_t frames = c.generate.simulation.frames;
  const std::size_t needed = std::size_t(c.train.data.history) + std::size_t(c.train.options.unroll);
  if (needed > frames)
    mismatch(source, "train needs " + std::to_string(needed) + " frames per window (history " + std::to_string(c.train.data.history) +
                         " + unroll " + std::to_string(c.train.options.unroll) + "), the generate section saves " +
                         std::to_string(frames));
  if (c.generate.samples < 3)
    mismatch(source, "generate.samples = " + std::to_string(c.generate.samples) +
                         ": train/validation/test splits need at least 3 trajectories");
}

// The summary fields of a report written by EvalReport::json() (JSON is YAML).
EvalReport read_report(const std::string& path) {
  try {
    const YAML::Node j = YAML::LoadFile(path);
    EvalReport r;
    r.model = j["model"].as<std::string>();
    r.dataset = j["dataset"].as<std::string>();
    r.split = j["split"].as<std::string>();
    r.history = j["history"].as<std::size_t>();
    r.metrics.samples = j["samples"].as<std::size_t>();
    r.metrics.steps = j["rollout_steps"].as<std::size_t>();
    r.metrics.nrmse = j["nrmse"].as<double>();
    r.metrics.one_step_nrmse = j["one_step_nrmse"].as<double>();
    r.metrics.relative_l2 = j["relative_l2"].as<double>();
    r.metrics.vrmse = j["vrmse"].as<double>();
    r.metrics.frmse_low = j["frmse_low"].as<double>();
    r.metrics.frmse_mid = j["frmse_mid"].as<double>();
    r.metrics.frmse_high = j["frmse_high"].as<double>();
    r.metrics.nrmse_per_step = j["nrmse_per_step"].as<std::vector<double>>();
    r.surrogate_seconds_per_trajectory = j["surrogate_seconds_per_trajectory"].as<double>();
    if (j["solver_seconds_per_trajectory"]) r.solver_seconds_per_trajectory = j["solver_seconds_per_trajectory"].as<double>();
    return r;
  } catch (const YAML::Exception& e) {
    SIMFORGE_FAIL("evaluation report ", path, " is unreadable (", e.what(), "); delete it to re-evaluate");
  }
}

}  // namespace

PipelineConfig parse_pipeline_config(const std::string& text, const std::string& source) {
  const YAML::Node root = detail::load_yaml(text, "pipeline", source);
  if (!root.IsMap()) mismatch(source, "must be a mapping with sections generate, train, evaluate");
  for (const auto& kv : root) {
    const std::string k = kv.first.as<std::string>();
    if (k != "generate" && k != "train" && k != "evaluate")
      mismatch(source, k + ": unknown section; allowed: generate, train, evaluate");
  }
  for (const char* s : {"generate", "train"})
    if (!root[s] || !root[s].IsMap()) mismatch(source, std::string("missing section '") + s + "'");

  PipelineConfig c;
  c.generate = parse_generate_config(YAML::Dump(root["generate"]), source + " (generate)");
  YAML::Node train = YAML::Clone(root["train"]);
  if (!train["data"]) train["data"] = YAML::Node(YAML::NodeType::Map);
  if (!train["data"]["path"]) train["data"]["path"] = c.generate.output_path;
  c.train = parse_train_config(YAML::Dump(train), source + " (train)");

  if (YAML::Node e = root["evaluate"]) {
    if (!e.IsMap()) mismatch(source, "evaluate: must be a mapping");
    for (const auto& kv : e) {
      const std::string k = kv.first.as<std::string>();
      if (k == "split") c.evaluate.split = kv.second.as<std::string>();
      else if (k == "max_samples") c.evaluate.max_samples = kv.second.as<std::size_t>();
      else if (k == "report") c.report_path = kv.second.as<std::string>();
      else if (k == "time_solver") c.evaluate.time_solver = kv.second.as<bool>();
      else mismatch(source, "evaluate." + k + ": unknown key; allowed: split, max_samples, report, time_solver");
    }
    if (c.evaluate.split != "test" && c.evaluate.split != "val" && c.evaluate.split != "train")
      mismatch(source, "evaluate.split: value '" + c.evaluate.split + "' is not allowed; allowed: test, val, train");
  }
  if (c.report_path.empty()) c.report_path = c.train.output_path + ".eval.json";
  cross_check(c, source);
  return c;
}

PipelineConfig load_pipeline_config(const std::filesystem::path& path) {
  return parse_pipeline_config(detail::read_text_file(path, "pipeline"), path.string());
}

PipelineReport run_pipeline(const PipelineConfig& c, const std::function<void(const std::string&)>& log) {
  namespace fs = std::filesystem;
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  PipelineReport r;
  r.dataset = c.generate.output_path;
  r.model = c.train.output_path;
  r.report_path = c.report_path;

  // generate: a complete dataset is kept; a .partial one is resumed.
  const GenerateReport g = generate_dataset(c.generate, {/*resume=*/true, /*overwrite=*/false});
  r.generated = !g.nothing_to_do;
  say(g.nothing_to_do ? "generate: " + r.dataset + " is complete; skipping"
                      : "generate: wrote " + r.dataset + " (" + std::to_string(g.computed) + " samples computed, " +
                            std::to_string(g.resumed) + " resumed)");

  // train: an existing model file is resumed; one that finished its steps is kept.
  const TrainReport t = train_surrogate(c.train, {fs::exists(r.model), std::nullopt});
  r.trained = t.steps > 0;
  say(r.trained ? "train: " + r.model + " trained for " + std::to_string(t.steps) + " steps (from step " +
                      std::to_string(t.resumed_from) + " of " + std::to_string(t.total_steps) + ")"
                : "train: " + r.model + " is complete; skipping");

  // evaluate: a report newer than the model is kept (and read back for the summary).
  if (!r.trained && fs::exists(r.report_path) && fs::last_write_time(r.report_path) >= fs::last_write_time(r.model)) {
    r.evaluation = read_report(r.report_path);
    say("evaluate: " + r.report_path + " is up to date; skipping (delete it to re-evaluate)");
    return r;
  }
  r.evaluation = evaluate_surrogate(r.model, c.evaluate);
  r.evaluated = true;
  const std::string tmp = r.report_path + ".partial";
  std::ofstream(tmp) << r.evaluation.json() << "\n";
  fs::rename(tmp, r.report_path);
  say("evaluate: wrote " + r.report_path);
  return r;
}

}  // namespace simforge::io
