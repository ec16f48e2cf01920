// Every example config generates a dataset that passes the reader's schema validation and holds
// what its PDE promises (fields, shapes, per-sample scalars, finite values), bit for bit the data
// committed in tests/data/golden_outputs.txt.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "apps/cli_support.hpp"
#include "apps/output_digest.hpp"
#include "config/generate_config.hpp"
#include "io/dataset_reader.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
namespace fs = std::filesystem;

std::vector<fs::path> generate_examples() {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(fs::path(SIMFORGE_SOURCE_DIR) / "examples")) {
    if (e.path().extension() != ".yaml") continue;
    const std::string text = read_text(e.path());
    const bool generate_config = text.rfind("pde:", 0) == 0 || text.find("\npde:") != std::string::npos;
    if (generate_config && text.find("simforge-test: skip") == std::string::npos) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

class Examples : public ::testing::TestWithParam<fs::path> {};

TEST_P(Examples, GeneratesASchemaValidDataset) {
  const fs::path example = GetParam();
  const fs::path dir = scratch("example_" + example.stem().string());
  const fs::path out = dir / "out.h5";
  // A relative output path: the effective config stored in the file (and its digest) is the same
  // wherever the build folder is.
  const Result r = run_in(dir, "generate " + example.string() + " --samples 2 --batch 2 -o out.h5");
  ASSERT_EQ(r.code, 0) << r.output;

  const config::GenerateConfig c = config::load_generate_config(example);
  const PdeDescriptor& pde = find_pde(c.simulation.pde.type);
  const io::DatasetReader reader(out);
  const io::DatasetInfo& info = reader.info();
  EXPECT_TRUE(info.complete);
  EXPECT_EQ(info.samples_complete, 2u);
  const std::vector<int> store = c.simulation.stored_extents();
  EXPECT_EQ(reader.field_names(), pde.field_names(int(store.size())));
  EXPECT_EQ(info.spec.times.size(), c.simulation.frames);
  ASSERT_EQ(info.spec.spatial_shape.size(), store.size());
  for (std::size_t a = 0; a < info.spec.spatial_shape.size(); ++a) EXPECT_EQ(info.spec.spatial_shape[a], std::size_t(store[a]));
  const std::vector<ParameterLaw> laws = pde.laws(c.simulation.pde);
  for (std::size_t i = 0; i < pde.parameters.size(); ++i)
    if (laws[i].varies()) {
      const auto v = reader.read_scalar(pde.parameters[i].name);
      ASSERT_EQ(v.size(), 2u);
      for (double x : v) {
        EXPECT_GE(x, laws[i].lo);
        EXPECT_LE(x, laws[i].hi);
      }
    }
  for (const auto& f : reader.field_names()) {
    const io::FieldStats s = reader.field_stats(f);
    EXPECT_TRUE(std::isfinite(s.min) && std::isfinite(s.max)) << f;
    EXPECT_GT(s.rms, 0.0) << f;
  }
  testing_digest::expect_golden("example_" + example.stem().string(), testing_digest::dataset_digest(out));
  fs::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(AllExamples, Examples, ::testing::ValuesIn(generate_examples()),
                         [](const auto& info) { return info.param.stem().string(); });

}  // namespace
}  // namespace simforge
