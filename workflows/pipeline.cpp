#include "workflows/pipeline.hpp"

#include <filesystem>

#include "io/checkpoint.hpp"
#include "io/commit.hpp"
#include "io/dataset_reader.hpp"
#include "io/output_lock.hpp"
#include "kernels/error.hpp"
#include "workflows/evaluate.hpp"
#include "workflows/generate.hpp"
#include "workflows/train.hpp"

namespace simforge::workflows {

namespace {

// Why an existing model file cannot be continued by this pipeline's train stage; empty if it can.
std::string model_difference(const config::PipelineConfig& c) {
  const io::Checkpoint k = io::read_checkpoint(c.train.output_path);
  if (k.config_yaml != c.train.effective_yaml()) return "it was trained with another train configuration";
  const std::string identity = io::dataset_identity(io::DatasetReader(c.train.data.path).info());
  if (!k.dataset_identity.empty() && k.dataset_identity != identity)
    return "its dataset changed since (then: " + k.dataset_identity + "; now: " + identity + ")";
  return {};
}

}  // namespace

PipelineReport run_pipeline(const config::PipelineConfig& c, const PipelineOptions& options, const Stream& stream,
                            const std::function<void(const std::string&)>& log,
                            const std::function<void(const StageProgress&)>& progress) {
  namespace fs = std::filesystem;
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  auto report = [&](const char* stage, const char* unit, std::size_t done, std::size_t total, std::size_t rate_units, double seconds) {
    if (progress) progress({stage, unit, done, total, rate_units, seconds});
  };
  PipelineReport r;
  r.dataset = c.generate.output_path;
  r.model = c.train.output_path;
  r.report_path = c.evaluate.report_path;
  const std::string redo = "; pass --overwrite to redo the stage";

  // generate: a complete dataset of this configuration is kept; a .partial one is resumed; one
  // of another configuration is an error, or is made anew with overwrite.
  bool regenerate = false;
  if (fs::exists(r.dataset) && !fs::exists(io::partial_path(r.dataset))) {
    const io::DatasetReader existing(r.dataset);
    const std::string diff = io::spec_difference(existing.info().spec, dataset_spec(c.generate));
    SIMFORGE_CHECK(diff.empty() || options.overwrite, "generate: ", r.dataset, " holds another dataset than the generate section (",
                   diff, ")", redo);
    regenerate = !diff.empty();
  }
  GenerateOptions g_options{/*resume=*/!regenerate, /*overwrite=*/regenerate, options.inputs};
  const GenerateReport g = generate_dataset(c.generate, g_options, stream, [&](const GenerateProgress& p) {
    report("generate", "samples", p.done, p.total, p.computed, p.seconds);
  });
  r.generated = !g.nothing_to_do;
  say(g.nothing_to_do ? "generate: " + r.dataset + " is complete; skipping"
                      : "generate: wrote " + r.dataset + " (" + std::to_string(g.computed) + " samples computed, " +
                            std::to_string(g.resumed) + " resumed)");

  // train: an existing model file of this configuration and dataset is resumed (or kept when it
  // finished its steps); any other is an error, or is trained anew with overwrite.
  bool retrain = false;
  if (fs::exists(r.model)) {
    const std::string diff = model_difference(c);
    SIMFORGE_CHECK(diff.empty() || options.overwrite, "train: ", r.model, " cannot be continued: ", diff, redo);
    retrain = !diff.empty();
  }
  std::vector<fs::path> inputs = options.inputs;
  TrainRunOptions t_options{fs::exists(r.model) && !retrain, std::nullopt, retrain, inputs};
  std::size_t first_step = 0;
  const TrainReport t = train_surrogate(c.train, t_options, stream, [&](const TrainProgress& p) {
    if (!first_step) first_step = p.step;
    report("train", "steps", p.step, p.total, p.step - first_step + 1, p.seconds);
  });
  r.trained = t.steps > 0;
  say(r.trained ? "train: " + r.model + " trained for " + std::to_string(t.steps) + " steps (from step " +
                      std::to_string(t.resumed_from) + " of " + std::to_string(t.total_steps) + ")"
                : "train: " + r.model + " is complete; skipping");

  // evaluate: a report newer than the model, of the same model, dataset and split, is kept (and
  // read back for the summary); anything else is evaluated again (the report is this stage's own).
  if (!r.trained && fs::exists(r.report_path) && fs::last_write_time(r.report_path) >= fs::last_write_time(r.model)) {
    const EvalReport old = read_eval_report(r.report_path);
    if (old.model == r.model && old.dataset == r.dataset && old.split == c.evaluate.split) {
      r.evaluation = old;
      say("evaluate: " + r.report_path + " is up to date; skipping (delete it to re-evaluate)");
      return r;
    }
  }
  EvalOptions o;
  o.split = c.evaluate.split;
  o.max_samples = c.evaluate.max_samples;
  o.time_solver = c.evaluate.time_solver;
  o.progress = [&](std::size_t done, std::size_t total, double seconds) { report("evaluate", "trajectories", done, total, done, seconds); };
  inputs.push_back(r.dataset);
  inputs.push_back(r.model);
  const io::OutputLock lock(r.report_path, inputs, /*may_replace=*/true, "evaluation report");
  r.evaluation = evaluate_surrogate(r.model, o, stream);
  r.evaluated = true;
  io::write_text_file(r.report_path, r.evaluation.json() + "\n");
  say("evaluate: wrote " + r.report_path);
  return r;
}

}  // namespace simforge::workflows
