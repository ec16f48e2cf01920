// Steady maps (data.targets): a model maps input fields to target fields at the same frame, as the
// FNO paper's Darcy benchmark does. The window layout (exact), the config rules, and training,
// evaluation and prediction end to end on a small Darcy dataset.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "config/generate_config.hpp"
#include "config/train_config.hpp"
#include "data/windows.hpp"
#include "io/checkpoint.hpp"
#include "kernels/error.hpp"
#include "surrogate/normalization.hpp"
#include "workflows/evaluate.hpp"
#include "workflows/generate.hpp"
#include "workflows/predict.hpp"
#include "workflows/train.hpp"

namespace simforge::workflows {
namespace {

namespace fs = std::filesystem;

const Stream& stream() {
  static const Stream s;
  return s;
}

TEST(SteadyMap, AWindowHoldsTheInputsAndCoordinatesAndTargetsTheSameFrame) {
  // Two fields on a 3 x 4 frame (h x w), one frame: field 0 the input, field 1 the target.
  const surrogate::WindowLayout w{.fields = 2, .history = 1, .scalars = 1, .targets = 1, .coordinates = 2};
  EXPECT_EQ(w.in_channels(), 1 + 1 + 2);
  EXPECT_EQ(w.out_channels(), 1);
  EXPECT_EQ(w.window_frames(5), 1);
  std::vector<float> a(12), u(12);
  for (int i = 0; i < 12; ++i) a[std::size_t(i)] = float(i), u[std::size_t(i)] = float(100 + i);
  std::vector<float> input(4 * 12), target(12);
  data::assemble_window(w, {a.data(), u.data()}, {7.5}, 12, 4, nullptr, input.data(), {target.data(), 12, 1});
  for (int p = 0; p < 12; ++p) {
    EXPECT_EQ(input[std::size_t(p)], a[std::size_t(p)]);                      // the input field
    EXPECT_EQ(input[std::size_t(12 + p)], 7.5f);                              // the scalar
    EXPECT_FLOAT_EQ(input[std::size_t(24 + p)], float(p % 4) / 3.0f);         // x in [0, 1]
    EXPECT_FLOAT_EQ(input[std::size_t(36 + p)], float(p / 4) / 2.0f);         // y in [0, 1]
    EXPECT_EQ(target[std::size_t(p)], u[std::size_t(p)]);                    // the target, same frame
  }
  // Normalization maps the input and scalar channels and leaves the coordinates as they are.
  const surrogate::Normalization n{{1.0f, 100.0f, 5.0f}, {2.0f, 4.0f, 0.5f}};
  std::vector<float> scale, shift;
  n.input_affine(w, scale, shift);
  EXPECT_EQ(scale, (std::vector<float>{0.5f, 2.0f, 1.0f, 1.0f}));
  n.output_affine(w, scale, shift);
  EXPECT_EQ(scale, (std::vector<float>{4.0f}));  // the target field's
  EXPECT_EQ(shift, (std::vector<float>{100.0f}));
}

std::string error_of(const std::string& yaml) {
  try {
    config::parse_train_config(yaml, "t.yaml");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(SteadyMap, ConfigsNameWhatASteadyMapCannotDo) {
  const std::string d = "data: {path: d.h5, targets: [solution]";
  EXPECT_NE(error_of(d + ", history: 2}\n").find("data.history: 2 is not allowed with data.targets; allowed: 1"), std::string::npos);
  EXPECT_NE(error_of(d + "}\ntraining: {unroll: 3}\n").find("training.unroll: 3 is not allowed with data.targets"), std::string::npos);
  EXPECT_NE(error_of(d + "}\nmodel: {predict: increment}\n").find("model.predict: 'increment' is not allowed with data.targets"),
            std::string::npos);
  // Rollout configurations keep their text: neither key appears unless set.
  const std::string text = config::parse_train_config("data: {path: d.h5}\n", "t.yaml").effective_yaml();
  EXPECT_EQ(text.find("targets"), std::string::npos);
  EXPECT_EQ(text.find("coordinates"), std::string::npos);
}

TEST(SteadyMap, AnFnoLearnsDarcyAndIsEvaluatedAndUsedAsOneMap) {
  const fs::path dir = fs::temp_directory_path() / ("simforge_steady_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  config::GenerateConfig g = config::parse_generate_config(
      "name: darcy\nsamples: 64\nbatch: 64\npde: {type: darcy}\ngrid: {n: 16}\ninitial_condition: {type: grf, alpha: 2.0, tau: 3.0}\n",
      "test");
  g.output_path = (dir / "darcy.h5").string();
  generate_dataset(g, {false, true}, stream());
  const fs::path model = dir / "m.h5";
  const config::TrainConfig t = config::parse_train_config(
      "data: {path: " + g.output_path + ", fields: [coefficient], targets: [solution], coordinates: true, split: {train: 0.75, val: 0.0}}\n"
      "model: {type: fno, width: 16, modes: 6, layers: 3, projection: 32}\n"
      "training: {epochs: 40, batch: 8, learning_rate: 3.0e-3, warmup_steps: 10, loss: relative_l2}\n"
      "output: {path: " + model.string() + ", checkpoint_every: 0}\n",
      "test");
  const TrainReport r = train_surrogate(t, {}, stream());
  EXPECT_LT(r.last_loss, r.step_losses.front());
  const io::Checkpoint ck = io::read_checkpoint(model);
  EXPECT_EQ(ck.targets, 1);
  EXPECT_EQ(ck.coordinates, 2);
  EXPECT_EQ(ck.fields, (std::vector<std::string>{"coefficient", "solution"}));

  const EvalReport e = evaluate_surrogate(model, {}, stream());
  EXPECT_TRUE(e.steady);
  EXPECT_EQ(e.metrics.steps, 1u);
  EXPECT_EQ(e.metrics.samples, 16u);
  // A mean predictor scores about 0.5 here; 48 samples and 240 steps already do far better.
  EXPECT_LT(e.metrics.relative_l2, 0.25) << e.metrics.relative_l2;
  EXPECT_GT(e.solver_seconds_per_trajectory, 0.0);

  const io::Prediction p = predict_sample(model, {.sample = 60}, stream());
  EXPECT_EQ(p.fields, (std::vector<std::string>{"solution"}));
  EXPECT_EQ(p.steps, 1u);
  ASSERT_EQ(p.nrmse_per_step.size(), 1u);
  EXPECT_LT(p.nrmse_per_step[0], 0.5);
  EXPECT_THROW(predict_sample(model, {.sample = 60, .steps = 2}, stream()), Error);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace simforge::workflows
