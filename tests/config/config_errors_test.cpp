// Bad configurations and command-line overrides: each class is one error naming the key, the
// value and what is allowed, raised while reading (before anything is computed or written).
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "config/generate_config.hpp"
#include "config/pipeline_config.hpp"
#include "config/train_config.hpp"
#include "kernels/error.hpp"

namespace simforge {
namespace {

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}
std::string generate_error(const std::string& yaml, const config::Overrides& o = {}) {
  return error_of([&] { config::parse_generate_config(yaml, "g.yaml", o); });
}
std::string train_error(const std::string& yaml, const config::Overrides& o = {}) {
  return error_of([&] { config::parse_train_config(yaml, "t.yaml", o); });
}
#define EXPECT_HAS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

const std::string base = "samples: 4\npde: {type: burgers}\ngrid: {n: 32}\ntime: {dt: 0.001, t_end: 0.01}\n";
const std::string train_base = "data: {path: d.h5}\n";

TEST(ConfigErrors, FractionsAreNotCounts) {
  EXPECT_HAS(generate_error("samples: 1.5\n" + base.substr(11)), "samples: value 1.5 is not allowed; allowed: an integer >= 1");
  EXPECT_HAS(generate_error(base + "batch: 2.5\n"), "batch: value 2.5");
  EXPECT_HAS(generate_error(base + "output: {gzip: 4.5}\n"), "output.gzip: value 4.5");
  EXPECT_HAS(generate_error(base + "initial_condition: {type: fourier_series, max_wavenumber: 4.5}\n"),
             "initial_condition.max_wavenumber: value 4.5 is not allowed; allowed: an integer in [1, 10000]");
  EXPECT_HAS(train_error("data: {path: d.h5, history: 1.5}\n"), "data.history: value 1.5");
  EXPECT_HAS(train_error(train_base + "model: {width: 8.7}\n"), "model.width: value 8.7");
  EXPECT_HAS(train_error(train_base + "model: {type: fno, modes: 2.5}\n"), "model.modes: value 2.5");
}

TEST(ConfigErrors, EmptyFilesFoldersAndRepeatedKeys) {
  EXPECT_HAS(generate_error(""), "is empty");
  EXPECT_HAS(generate_error("# only a comment\n"), "is empty");
  EXPECT_HAS(error_of([] { config::load_generate_config(std::filesystem::temp_directory_path()); }), "is a folder, not a file");
  EXPECT_HAS(generate_error(base + "samples: 8\n"), "samples: appears twice");
  EXPECT_HAS(generate_error("pde: {type: burgers, viscosity: 0.1, viscosity: 0.2}\n"), "pde.viscosity: appears twice");
  EXPECT_HAS(error_of([] { config::parse_pipeline_config("generate: {}\ntrain: {}\ngenerate: {}\n", "p.yaml"); }),
             "generate: appears twice");
}

TEST(ConfigErrors, ValuesOfTheWrongKindNameTheirKey) {
  EXPECT_HAS(generate_error("grid: {n: [16, a]}\n"), "grid.n: cannot read '[16, a]' as a list of integers");
  EXPECT_HAS(generate_error("pde: {type: burgers, viscosity: {uniform: [0.1, abc]}}\n"), "pde.viscosity: cannot read 'abc' as a number");
  EXPECT_HAS(train_error(train_base + "model: {multipliers: [1, a]}\n"), "model.multipliers: cannot read");
  EXPECT_HAS(train_error("data: {path: d.h5, fields: {a: 1}}\n"), "data.fields: expected a name or a list of names");
  EXPECT_HAS(error_of([] {
               config::parse_pipeline_config("generate: {samples: 4}\ntrain: {}\nevaluate: {time_solver: sometimes}\n", "p.yaml");
             }),
             "evaluate.time_solver: cannot read 'sometimes' as true/false");
}

TEST(ConfigErrors, DocumentedRangesAreEnforced) {
  EXPECT_HAS(train_error(train_base + "training: {beta1: 1.0}\n"), "training.beta1: value 1 is not allowed; allowed: in [0, 1)");
  EXPECT_HAS(train_error(train_base + "training: {beta2: 1.0}\n"), "training.beta2: value 1");
  EXPECT_HAS(train_error("data: {path: d.h5, split: {train: 0.5, val: 1.0}}\n"), "data.split.val: value 1");
  EXPECT_HAS(train_error(train_base + "training: {epochs: 0}\n"), "training.epochs: value 0 is not allowed");
}

TEST(ConfigErrors, SizesThatCannotRunAreRefusedWhenRead) {
  EXPECT_HAS(generate_error("pde: {type: burgers}\ngrid: {n: 64}\ntime: {dt: 0.1, t_end: 1e12, save_interval: 0.1}\n"),
             "time.t_end: t_end / save_interval = 1e+13 saved frames; allowed: fewer than 10000000");
  EXPECT_HAS(generate_error("grid: {n: 1048576}\n"), "grid.n: [1048576, 1048576] is 1099511627776 points per field; allowed: at most");
}

// Command-line overrides go through the same checks as the file's keys.
TEST(ConfigErrors, CommandLineOverridesPassTheSameChecks) {
  EXPECT_HAS(generate_error(base, {{"seed", "-1"}}), "seed: value -1 is not allowed; allowed: an unsigned integer");
  EXPECT_HAS(generate_error(base, {{"batch", "-3"}}), "batch: value -3 is not allowed");
  EXPECT_HAS(generate_error(base, {{"samples", "1000000000000"}}), "samples: value 1e+12 is not allowed");
  EXPECT_HAS(generate_error(base, {{"output.path", ""}}), "output.path: is empty; allowed: a file path");
  EXPECT_HAS(train_error(train_base, {{"training.epochs", "0"}}), "training.epochs: value 0");
  const config::GenerateConfig ok = config::parse_generate_config(base, "g.yaml", {{"samples", "6"}, {"output.path", "x.h5"}});
  EXPECT_EQ(ok.samples, 6u);
  EXPECT_EQ(ok.output_path, "x.h5");
  EXPECT_HAS(ok.effective_yaml(), "samples: 6");
}

}  // namespace
}  // namespace simforge

namespace simforge {
namespace {

const std::string heat = "samples: 2\npde: {type: heat}\ntime: {dt: 0.001, t_end: 0.01}\n";

TEST(ConfigErrors, BoundariesNameTheFaceTheValueAndWhatIsAllowed) {
  EXPECT_HAS(generate_error(base.substr(0, base.find("grid:")) + "grid: {n: 32, boundary: wall}\ntime: {dt: 0.001, t_end: 0.01}\n"),
             "grid.boundary: 'wall' is not allowed for burgers (spectral family); allowed: periodic");
  EXPECT_HAS(generate_error(heat + "grid: {n: 16, boundary: {x_lower: dirichlet, x_upper: wall}}\n"),
             "grid.boundary.x_lower: 'dirichlet' needs its value: {dirichlet: v}");
  EXPECT_HAS(generate_error(heat + "grid: {n: 16, boundary: {x_lower: {wall: 1}, x_upper: wall}}\n"),
             "grid.boundary.x_lower: 'wall' takes no value");
  EXPECT_HAS(generate_error(heat + "grid: {n: 16, boundary: {y: wall}}\n"), "grid.boundary.y: unknown face; allowed: x, x_lower, x_upper");
  EXPECT_HAS(generate_error(heat + "grid: {n: 16, boundary: {x_lower: periodic, x_upper: open}}\n"),
             "axis x is periodic at one face only");
  EXPECT_HAS(generate_error(heat + "grid: {n: 16, boundary: sticky}\n"),
             "grid.boundary: value 'sticky' is not allowed; allowed: periodic, wall, open, dirichlet, neumann, robin");
  EXPECT_HAS(generate_error(heat + "grid: {n: 16, cell_centered: false}\n"),
             "grid.cell_centered: false is not allowed for heat (finite_volume family: values are cell averages); allowed: true");
  EXPECT_HAS(generate_error(heat + "grid: {n: 16, store_n: 5}\n"), "grid.store_n");
}

TEST(ConfigErrors, SteadyPdesStoreOneFrameWithTheirFamilysBoundary) {
  const config::GenerateConfig c = config::parse_generate_config("samples: 2\npde: {type: darcy}\ngrid: {n: 32}\n", "g.yaml");
  EXPECT_EQ(c.simulation.frames, 1u);
  EXPECT_EQ(c.simulation.grid.lower[0].kind, BoundaryKind::Dirichlet);
  EXPECT_EQ(c.simulation.stepper, "mg_pcg");
  EXPECT_HAS(generate_error("samples: 2\npde: {type: darcy}\ngrid: {n: 32, boundary: periodic}\n"),
             "grid.boundary: 'periodic' is not allowed for darcy (elliptic family); allowed: dirichlet");
  EXPECT_HAS(generate_error("samples: 2\npde: {type: darcy}\ngrid: {n: 32, store_n: 16}\n"), "grid.store_n");
}

TEST(ConfigErrors, BoundariesAreStoredInTheEffectiveConfigOnlyWhenNotPeriodic) {
  const config::GenerateConfig walls = config::parse_generate_config(
      heat + "grid: {n: [8, 16], origin: -1, boundary: {x: {dirichlet: 1.5}, y_lower: wall, y_upper: {neumann: -2}}}\n", "g.yaml");
  const Grid& g = walls.simulation.grid;
  EXPECT_EQ(g.upper[1].kind, BoundaryKind::Dirichlet);
  EXPECT_EQ(g.lower[1].value, 1.5);
  EXPECT_EQ(g.lower[0].kind, BoundaryKind::Wall);
  EXPECT_EQ(g.upper[0].kind, BoundaryKind::Neumann);
  EXPECT_EQ(g.upper[0].value, -2.0);
  EXPECT_TRUE(g.cell_centered);  // the finite-volume family's
  EXPECT_EQ(g.coordinates(1).front(), -1.0 + 0.5 / 16);
  // The effective text reads back to the same boundaries.
  const config::GenerateConfig again = config::parse_generate_config(walls.effective_yaml(), "effective");
  for (int a = 0; a < 2; ++a) {
    EXPECT_EQ(again.simulation.grid.lower[a], g.lower[a]);
    EXPECT_EQ(again.simulation.grid.upper[a], g.upper[a]);
  }
  EXPECT_EQ(again.simulation.grid.origin, -1.0);
  // Periodic configs keep the text they had before boundaries and origins existed.
  const config::GenerateConfig periodic = config::parse_generate_config(base, "g.yaml");
  EXPECT_EQ(periodic.effective_yaml().find("boundary"), std::string::npos);
  EXPECT_EQ(periodic.effective_yaml().find("origin"), std::string::npos);
}

}  // namespace
}  // namespace simforge
