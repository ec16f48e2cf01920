// Bad input to `simforge generate`: each gives one clear line naming the problem, a non-zero exit,
// and nothing under the final output name.
#include <gtest/gtest.h>

#include "apps/cli_support.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
namespace fs = std::filesystem;

// The error is the last line, the only one that says "error", and names every word given.
void expect_one_line_error(const Result& r, std::initializer_list<const char*> words) {
  EXPECT_NE(r.code, 0) << r.output;
  const std::string body = r.output.substr(0, r.output.size() - 1);
  const std::string last = body.substr(body.rfind('\n') == std::string::npos ? 0 : body.rfind('\n') + 1);
  EXPECT_EQ(last.rfind("simforge: error: ", 0), 0u) << r.output;
  EXPECT_EQ(r.output.find("error"), r.output.size() - last.size() - 1 + std::string("simforge: ").size()) << r.output;
  for (const char* w : words) EXPECT_NE(last.find(w), std::string::npos) << "missing '" << w << "' in: " << r.output;
}

struct GenerateErrors : ::testing::Test {
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::path out = dir / "out.h5";
  Result generate(const std::string& config_text, const std::string& flags = "") {
    write_text(dir / "c.yaml", config_text);
    return run("generate " + (dir / "c.yaml").string() + " -o " + out.string() + " " + flags);
  }
  void TearDown() override {
    EXPECT_FALSE(fs::exists(out) && !keep_out) << "a failed run left " << out;
    fs::remove_all(dir);
  }
  bool keep_out = false;
};

TEST_F(GenerateErrors, UnknownKeyIsNamedWithTheAllowedKeys) {
  expect_one_line_error(generate(small_config("  viscocity: 0.1\n")), {"pde.viscocity", "unknown key", "viscosity"});
}

TEST_F(GenerateErrors, NegativeViscosityNamesKeyValueAndRange) {
  expect_one_line_error(generate(small_config().replace(small_config().find("0.01"), 4, "-0.5")),
                        {"pde.viscosity", "-0.5", "allowed: in (0, 1000]"});
}

TEST_F(GenerateErrors, FftUnfriendlyGridIsRejected) {
  expect_one_line_error(generate(small_config("", "", "22")), {"grid.n", "22", "prime factors"});
}

TEST_F(GenerateErrors, TimeStepAboveTheCflEstimateIsRejected) {
  expect_one_line_error(generate(small_config("", "initial_condition:\n  sigma: 3000\n", "32", "0.05")),
                        {"CFL number", "time.cfl_max", "reduce time.dt"});
}

TEST_F(GenerateErrors, MissingConfigIsNamed) {
  expect_one_line_error(run("generate " + (dir / "nope.yaml").string()), {"nope.yaml", "no such file"});
}

TEST_F(GenerateErrors, UnwritableOutputFolderIsNamed) {
  write_text(dir / "c.yaml", small_config());
  expect_one_line_error(run("generate " + (dir / "c.yaml").string() + " -o " + (dir / "missing" / "x.h5").string()),
                        {"missing"});
}

TEST_F(GenerateErrors, ExistingOutputIsNeverReplacedWithoutOverwrite) {
  write_text(out, "precious");
  keep_out = true;
  expect_one_line_error(generate(small_config()), {"exists", "--overwrite"});
  std::ifstream in(out);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "precious");
  const Result ok = generate(small_config(), "--overwrite");
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_FALSE(fs::exists(out.string() + ".partial"));
}

TEST_F(GenerateErrors, UnknownPdeListsTheValidOnes) {
  expect_one_line_error(generate("pde:\n  type: navier_stokes_9d\n"), {"pde.type", "navier_stokes_9d", "navier_stokes_2d"});
}

TEST_F(GenerateErrors, GrayScottKillOutsideItsDocumentedRange) {
  expect_one_line_error(generate("pde:\n  type: gray_scott\n  kill: 0.5\ngrid:\n  n: 16\n"),
                        {"pde.kill", "0.5", "allowed: in [0, 0.1]"});
}

TEST_F(GenerateErrors, DimensionThePdeDoesNotSupport) {
  expect_one_line_error(generate("pde:\n  type: gray_scott\ngrid:\n  dim: 1\n  n: 16\n"),
                        {"grid.dim", "1D is not supported by gray_scott", "allowed: 2, 3"});
}

TEST_F(GenerateErrors, TimeStepTheStabilityEstimateRejects) {
  expect_one_line_error(
      generate("pde:\n  type: kuramoto_sivashinsky\ngrid:\n  n: 128\n  length: 100\n"
               "time:\n  dt: 0.1\n  t_end: 1.0\n  save_interval: 0.5\n  stepper: rk4\n"
               "initial_condition:\n  type: fourier_series\n  amplitude: 0.1\n"),
      {"time.dt = 0.1", "stability region", "etdrk4"});
}

}  // namespace
}  // namespace simforge
