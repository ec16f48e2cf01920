#include "config/pipeline_config.hpp"

#include <algorithm>
#include <set>

#include "kernels/error.hpp"

namespace simforge::config {

namespace {

using P = PipelineConfig;

[[noreturn]] void mismatch(const std::string& source, const std::string& what) { SIMFORGE_FAIL("pipeline ", source, ": ", what); }

// The checks that tie the stages together, before anything is computed.
void cross_check(const PipelineConfig& c, const std::string& source) {
  const PdeDescriptor& pde = find_pde(c.generate.simulation.pde.type);
  if (c.train.data.path != c.generate.output_path)
    mismatch(source, "train.data.path '" + c.train.data.path + "' is not the generated dataset '" + c.generate.output_path +
                         "' (leave it out to use the generated one)");
  const std::vector<std::string> held = pde.field_names(c.generate.simulation.store_grid().dim);
  for (const auto* names : {&c.train.data.fields, &c.train.data.targets})
    for (const auto& f : *names)
      if (std::find(held.begin(), held.end(), f) == held.end())
        mismatch(source, std::string(names == &c.train.data.fields ? "train.data.fields" : "train.data.targets") + " names '" + f +
                             "', but " + pde.name + " datasets hold: " + join(held));
  const std::vector<ParameterLaw> laws = pde.laws(c.generate.simulation.pde);
  for (const auto& s : c.train.data.scalars) {
    bool varies = false;
    for (std::size_t i = 0; i < pde.parameters.size(); ++i) varies |= pde.parameters[i].name == s && laws[i].varies();
    if (!varies)
      mismatch(source, "train.data.scalars names '" + s + "', which is not a per-sample parameter of the generate section");
  }
  const std::size_t frames = c.generate.simulation.frames;
  const bool steady = !c.train.data.targets.empty();  // a steady map reads one frame
  const std::size_t needed = steady ? 1 : std::size_t(c.train.data.history) + std::size_t(c.train.options.unroll);
  if (needed > frames)
    mismatch(source, "train needs " + std::to_string(needed) + " frames per window (history " + std::to_string(c.train.data.history) +
                         " + unroll " + std::to_string(c.train.options.unroll) + "), the generate section saves " +
                         std::to_string(frames));
  if (c.generate.samples < 3)
    mismatch(source, "generate.samples = " + std::to_string(c.generate.samples) +
                         ": train/validation/test splits need at least 3 trajectories");
}

Table<P> make_evaluate_table() {
  Key<P> max_samples{"max_samples", "the whole split", "an integer >= 1", "evaluate at most this many trajectories", {}, {}, {}};
  max_samples.read = [](Section& s, P& c) {
    if (s.has("max_samples")) c.evaluate.max_samples = std::size_t(s.whole("max_samples", 1, 1, 1e18, "an integer >= 1"));
  };
  Table<P> t;
  t.keys = {
      choice<P>("split", [](P& c) -> std::string& { return c.evaluate.split; }, std::string("test"),
                [] { return std::vector<std::string>{"test", "val", "train"}; }, "the split of the training dataset to score"),
      max_samples,
      plain<P, bool>("time_solver", [](P& c) -> bool& { return c.evaluate.time_solver; }, true, "true, false",
                     "time the solver on the same trajectories (the speed-up)"),
      path<P>("report", [](P& c) -> std::string& { return c.evaluate.report_path; },
              Fallback<P, std::string>([](const P& c) { return c.train.output_path + ".eval.json"; }, "<train.output.path>.eval.json"),
              "the evaluation report (JSON)"),
  };
  return t;
}

}  // namespace

const Table<PipelineConfig>& evaluate_table() {
  static const Table<PipelineConfig> table = make_evaluate_table();
  return table;
}

PipelineConfig parse_pipeline_config(const std::string& text, const std::string& source) {
  const YAML::Node root = load_yaml(text, "pipeline", source);
  if (!root.IsMap()) mismatch(source, "must be a mapping with sections generate, train, evaluate");
  std::set<std::string> seen;
  for (const auto& kv : root) {
    const std::string k = kv.first.as<std::string>();
    if (k != "generate" && k != "train" && k != "evaluate")
      mismatch(source, k + ": unknown section; allowed: generate, train, evaluate");
    if (!seen.insert(k).second) mismatch(source, k + ": appears twice");
  }
  for (const char* s : {"generate", "train"})
    if (!root[s] || !root[s].IsMap()) mismatch(source, std::string("missing section '") + s + "'");

  PipelineConfig c;
  c.generate = parse_generate_config(YAML::Dump(root["generate"]), source + " (generate)");
  YAML::Node train = YAML::Clone(root["train"]);
  if (!train["data"]) train["data"] = YAML::Node(YAML::NodeType::Map);
  if (!train["data"]["path"]) train["data"]["path"] = c.generate.output_path;
  c.train = parse_train_config(YAML::Dump(train), source + " (train)");

  const YAML::Node evaluate = root["evaluate"];
  if (evaluate && !evaluate.IsMap()) mismatch(source, "evaluate: must be a mapping");
  Section e(evaluate, "evaluate", source);
  read(e, evaluate_table(), c);
  cross_check(c, source);
  return c;
}

PipelineConfig load_pipeline_config(const std::filesystem::path& path) {
  return parse_pipeline_config(read_text_file(path, "pipeline"), path.string());
}

}  // namespace simforge::config
