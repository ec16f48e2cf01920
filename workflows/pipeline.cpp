#include "workflows/pipeline.hpp"

#include <filesystem>

#include "io/commit.hpp"
#include "workflows/evaluate.hpp"
#include "workflows/generate.hpp"
#include "workflows/train.hpp"

namespace simforge::workflows {

PipelineReport run_pipeline(const config::PipelineConfig& c, const Stream& stream, const std::function<void(const std::string&)>& log) {
  namespace fs = std::filesystem;
  auto say = [&](const std::string& s) {
    if (log) log(s);
  };
  PipelineReport r;
  r.dataset = c.generate.output_path;
  r.model = c.train.output_path;
  r.report_path = c.evaluate.report_path;

  // generate: a complete dataset is kept; a .partial one is resumed.
  const GenerateReport g = generate_dataset(c.generate, {/*resume=*/true, /*overwrite=*/false}, stream);
  r.generated = !g.nothing_to_do;
  say(g.nothing_to_do ? "generate: " + r.dataset + " is complete; skipping"
                      : "generate: wrote " + r.dataset + " (" + std::to_string(g.computed) + " samples computed, " +
                            std::to_string(g.resumed) + " resumed)");

  // train: an existing model file is resumed; one that finished its steps is kept.
  const TrainReport t = train_surrogate(c.train, {fs::exists(r.model), std::nullopt}, stream);
  r.trained = t.steps > 0;
  say(r.trained ? "train: " + r.model + " trained for " + std::to_string(t.steps) + " steps (from step " +
                      std::to_string(t.resumed_from) + " of " + std::to_string(t.total_steps) + ")"
                : "train: " + r.model + " is complete; skipping");

  // evaluate: a report newer than the model is kept (and read back for the summary).
  if (!r.trained && fs::exists(r.report_path) && fs::last_write_time(r.report_path) >= fs::last_write_time(r.model)) {
    r.evaluation = read_eval_report(r.report_path);
    say("evaluate: " + r.report_path + " is up to date; skipping (delete it to re-evaluate)");
    return r;
  }
  EvalOptions o;
  o.split = c.evaluate.split;
  o.max_samples = c.evaluate.max_samples;
  o.time_solver = c.evaluate.time_solver;
  r.evaluation = evaluate_surrogate(r.model, o, stream);
  r.evaluated = true;
  io::write_text_file(r.report_path, r.evaluation.json() + "\n");
  say("evaluate: wrote " + r.report_path);
  return r;
}

}  // namespace simforge::workflows
