// docs/configuration.md is exactly what `simforge config-reference` prints: regenerate it with
//   build/cpu/apps/simforge config-reference > docs/configuration.md
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "io/config.hpp"
#include "io/config_reference.hpp"
#include "kernels/error.hpp"

namespace simforge {
namespace {

TEST(ConfigReference, DocsMatchTheParserTables) {
  std::ifstream in(std::string(SIMFORGE_SOURCE_DIR) + "/docs/configuration.md");
  std::stringstream ss;
  ss << in.rdbuf();
  EXPECT_EQ(ss.str(), io::generate_config_reference())
      << "docs/configuration.md is stale: build/cpu/apps/simforge config-reference > docs/configuration.md";
  const std::string ref = io::generate_config_reference();
  for (const char* key : {"`time.stepper`", "`pde.viscosity`", "`gray_scott`", "`initial_condition.background`"})
    EXPECT_NE(ref.find(key), std::string::npos) << key;
}

// Every key the parser accepts (it lists them when it rejects an unknown one) has a row.
TEST(ConfigReference, EveryKeyTheParserAcceptsIsDocumented) {
  const std::string ref = io::generate_config_reference();
  const std::vector<std::string> sections = {"", "pde", "grid", "time", "initial_condition", "output"};
  for (const std::string& section : sections) {
    const std::string yaml = section.empty() ? "bogus: 1\n" : section + ":\n  bogus: 1\n";
    try {
      io::parse_generate_config(yaml, "test.yaml");
      FAIL() << "unknown key accepted in section '" << section << "'";
    } catch (const Error& e) {
      std::string m = e.what();
      const std::string marker = "allowed here: ";
      ASSERT_NE(m.find(marker), std::string::npos) << m;
      m = m.substr(m.find(marker) + marker.size());
      m = m.substr(0, m.find(" ["));
      std::stringstream keys(m);
      for (std::string key; std::getline(keys, key, ',');) {
        key.erase(0, key.find_first_not_of(' '));
        if (section.empty() && std::find(sections.begin(), sections.end(), key) != sections.end()) continue;
        const std::string full = "`" + (section.empty() ? key : section + "." + key) + "`";
        EXPECT_NE(ref.find(full), std::string::npos) << full << " is accepted but not documented";
      }
    }
  }
}

}  // namespace
}  // namespace simforge
