// `simforge run`: bad pipelines fail before any compute naming the mismatch; a complete pipeline
// runs the three stages, and a re-run skips each one and says so.
#include <gtest/gtest.h>

#include <regex>
#include <sstream>

#include "apps/cli_support.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
namespace fs = std::filesystem;

const std::string generate_section =
    "generate:\n  name: tiny\n  samples: 6\n  batch: 6\n  pde: {type: navier_stokes_2d, viscosity: 0.01, forcing: fno}\n"
    "  grid: {n: 16}\n  time: {dt: 0.01, t_end: 0.4, save_interval: 0.05}\n  output: {path: tiny.h5}\n";
const std::string train_section =
    "train:\n  name: tiny_fno\n  data: {history: 2}\n  model: {type: fno, width: 8, modes: 4, layers: 2, projection: 16}\n"
    "  training: {epochs: 1, batch: 2}\n  output: {path: tiny.model.h5}\n";

struct Pipeline : ::testing::Test {
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
  Result run_pipeline(const std::string& yaml) {
    write_text(dir / "p.yaml", yaml);
    const Result r = testing_cli::run_in(dir, "run p.yaml");
    return r;
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(Pipeline, MissingSectionIsNamed) {
  const Result r = run_pipeline(generate_section);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("missing section 'train'"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "tiny.h5"));
}

TEST_F(Pipeline, FieldsThatTheDatasetLacksFailBeforeAnyCompute) {
  std::string train = train_section;
  train.replace(train.find("data: {history: 2}"), 18, "data: {history: 2, fields: [pressure]}");
  const Result r = run_pipeline(generate_section + train);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("train.data.fields names 'pressure'"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("vorticity"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "tiny.h5")) << "nothing may be computed";
}

TEST_F(Pipeline, TooFewFramesForHistoryAndUnrollFailBeforeAnyCompute) {
  std::string train = train_section;
  train.replace(train.find("history: 2"), 10, "history: 9");
  const Result r = run_pipeline(generate_section + train);
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("needs 10 frames per window"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("saves 9"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "tiny.h5"));
}

TEST_F(Pipeline, RunsEveryStageThenSkipsCompletedWork) {
  const std::string yaml = generate_section + train_section + "evaluate: {split: test}\n";
  const Result first = run_pipeline(yaml);
  ASSERT_EQ(first.code, 0) << first.output;
  EXPECT_NE(first.output.find("generate: wrote tiny.h5"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("train: tiny.model.h5 trained"), std::string::npos) << first.output;
  EXPECT_NE(first.output.find("nRMSE"), std::string::npos) << first.output;
  EXPECT_TRUE(fs::exists(dir / "tiny.model.h5.eval.json"));

  const Result again = run_pipeline(yaml);
  ASSERT_EQ(again.code, 0) << again.output;
  EXPECT_NE(again.output.find("generate: tiny.h5 is complete; skipping"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("train: tiny.model.h5 is complete; skipping"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("is up to date; skipping"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("nRMSE"), std::string::npos) << again.output;
}


// What the README quotes of the quickstart is what `simforge run` prints: each quoted line, with
// its numbers and file names as wildcards, matches a line of a real run's output.
TEST_F(Pipeline, TheReadmeQuotesTheOutputAsPrinted) {
  const std::string readme = read_text(fs::path(SIMFORGE_SOURCE_DIR) / "README.md");
  const std::size_t anchor = readme.find("s per trajectory, solver ");
  ASSERT_NE(anchor, std::string::npos) << "the README quotes no speed-up line";
  const std::size_t begin = readme.rfind("```\n", anchor), end = readme.find("```", anchor);
  ASSERT_TRUE(begin != std::string::npos && end != std::string::npos);
  const std::string quoted = readme.substr(begin + 4, end - begin - 4);

  const Result r = run_pipeline(generate_section + train_section + "evaluate: {split: test}\n");
  ASSERT_EQ(r.code, 0) << r.output;
  std::istringstream lines(quoted);
  std::size_t checked = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.find("...") != std::string::npos || line.empty()) continue;
    // Escape regex syntax, then let numbers and file names vary.
    std::string pattern = std::regex_replace(line, std::regex(R"([.^$|()\[\]{}*+?\\])"), R"(\$&)");
    pattern = std::regex_replace(pattern, std::regex(R"([A-Za-z0-9_\\.]+\\\.(h5|json))"), "@FILE@");
    pattern = std::regex_replace(pattern, std::regex(R"([-+]?[0-9]+(\\\.[0-9]+)?(e[-+]?[0-9]+)?)"), "@NUM@");
    pattern = std::regex_replace(pattern, std::regex("@FILE@"), R"([A-Za-z0-9_./]+\.(h5|json))");
    pattern = std::regex_replace(pattern, std::regex("@NUM@"), R"([-+]?[0-9]+(\.[0-9]+)?(e[-+]?[0-9]+)?)");
    EXPECT_TRUE(std::regex_search(r.output, std::regex("(^|\n)" + pattern + "(\n|$)"))) << "README line\n  " << line
                                                                                          << "\nis not in the output:\n" << r.output;
    ++checked;
  }
  EXPECT_GE(checked, 3u) << quoted;
}

}  // namespace
}  // namespace simforge
