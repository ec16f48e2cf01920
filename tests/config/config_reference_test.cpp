// docs/configuration.md is exactly what `simforge config-reference` prints: regenerate it with
//   build/cpu/apps/simforge config-reference > docs/configuration.md
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <sstream>

#include "config/config_reference.hpp"
#include "config/generate_config.hpp"
#include "config/pipeline_config.hpp"
#include "config/train_config.hpp"
#include "kernels/error.hpp"

namespace simforge {
namespace {

TEST(ConfigReference, DocsMatchTheParserTables) {
  std::ifstream in(std::string(SIMFORGE_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), config::generate_config_reference())
      << "docs/configuration.md is stale: build/cpu/apps/simforge config-reference > docs/configuration.md";
  const std::string ref = config::generate_config_reference();
  for (const char* key : {"`time.stepper`", "`pde.viscosity`", "`gray_scott`", "`initial_condition.background`"})
    EXPECT_NE(ref.find(key), std::string::npos) << key;
}

// The keys a parser accepts in a section: it lists them when it rejects an unknown one.
std::vector<std::string> accepted_keys(const std::function<void(const std::string&)>& parse, const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const Error& e) {
    std::string m = e.what();
    const std::string marker = "allowed here: ";
    EXPECT_NE(m.find(marker), std::string::npos) << m;
    if (m.find(marker) == std::string::npos) return {};
    m = m.substr(m.find(marker) + marker.size());
    m = m.substr(0, m.find(" ["));
    std::vector<std::string> keys;
    std::stringstream list(m);
    for (std::string key; std::getline(list, key, ',');) keys.push_back(key.substr(key.find_first_not_of(' ')));
    return keys;
  }
  ADD_FAILURE() << "an unknown key was accepted in:\n" << yaml;
  return {};
}

// Every key the parsers accept has a row: `prefix.key`, or `<section>.key` for a PDE's,
// initial condition's or model's own keys (their tables).
void expect_documented(const std::vector<std::string>& keys, const std::string& prefix, const std::vector<std::string>& sections) {
  const std::string ref = config::generate_config_reference();
  for (const std::string& key : keys) {
    if (std::find(sections.begin(), sections.end(), key) != sections.end()) continue;  // a nested section
    const std::string full = "`" + (prefix.empty() ? key : prefix + "." + key) + "`";
    EXPECT_NE(ref.find(full), std::string::npos) << full << " is accepted but not documented";
  }
}

TEST(ConfigReference, EveryGenerateKeyIsDocumented) {
  const std::vector<std::string> sections = {"pde", "grid", "time", "initial_condition", "output"};
  auto parse = [](const std::string& y) { config::parse_generate_config(y, "test.yaml"); };
  expect_documented(accepted_keys(parse, "bogus: 1\n"), "", sections);
  for (const std::string& section : sections)
    expect_documented(accepted_keys(parse, section + ":\n  bogus: 1\n"), section, sections);
  for (const char* pde : {"gray_scott", "kuramoto_sivashinsky"})
    expect_documented(accepted_keys(parse, std::string("pde:\n  type: ") + pde + "\n  bogus: 1\ngrid: {n: 16}\n"), "pde", sections);
}

TEST(ConfigReference, EveryTrainKeyIsDocumented) {
  const std::vector<std::string> sections = {"data", "model", "training", "output", "split"};
  auto parse = [](const std::string& y) { config::parse_train_config(y, "t.yaml"); };
  expect_documented(accepted_keys(parse, "data: {path: a.h5}\nbogus: 1\n"), "", sections);
  expect_documented(accepted_keys(parse, "data: {path: a.h5, bogus: 1}\n"), "data", sections);
  expect_documented(accepted_keys(parse, "data: {path: a.h5, split: {bogus: 1}}\n"), "data.split", sections);
  for (const char* model : {"unet", "fno"})
    expect_documented(accepted_keys(parse, std::string("data: {path: a.h5}\nmodel: {type: ") + model + ", bogus: 1}\n"), "model",
                      sections);
  expect_documented(accepted_keys(parse, "data: {path: a.h5}\ntraining: {bogus: 1}\n"), "training", sections);
  expect_documented(accepted_keys(parse, "data: {path: a.h5}\noutput: {bogus: 1}\n"), "output", sections);
}

TEST(ConfigReference, EveryPipelineEvaluateKeyIsDocumented) {
  auto parse = [](const std::string& y) { config::parse_pipeline_config(y, "p.yaml"); };
  const std::string stages = "generate: {samples: 4, grid: {n: 16}, time: {t_end: 0.5, save_interval: 0.1}}\ntrain: {}\n";
  expect_documented(accepted_keys(parse, stages + "evaluate: {bogus: 1}\n"), "evaluate", {});
}

// The effective YAML reads back as the same configuration: parse(emit(c)) emits the same text.
TEST(ConfigReference, EffectiveYamlIsAFixedPointOfTheParser) {
  const std::string g = config::parse_generate_config(
                            "pde: {type: gray_scott, feed: {uniform: [0.03, 0.05]}}\ngrid: {n: [32, 16], store_n: 16}\n"
                            "initial_condition: {type: gaussian_blobs, background: [1, 0]}\n",
                            "g.yaml")
                            .effective_yaml();
  EXPECT_EQ(config::parse_generate_config(g, "again").effective_yaml(), g);
  const std::string t =
      config::parse_train_config("data: {path: a.h5, scalars: viscosity}\nmodel: {type: unet, multipliers: [1, 2]}\n", "t.yaml")
          .effective_yaml();
  EXPECT_EQ(config::parse_train_config(t, "again").effective_yaml(), t);
  EXPECT_NE(t.find("multipliers: [1, 2]"), std::string::npos) << t;
  EXPECT_NE(g.find("feed: {uniform: [0.0299"), std::string::npos) << g;  // doubles written to round-trip exactly
}

}  // namespace
}  // namespace simforge
