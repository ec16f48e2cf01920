// `simforge train` / `eval` as library calls on a small generated dataset: end-to-end training and
// evaluation, exact reproduction of losses after --resume, and the bad inputs (config errors, too
// few frames, channels that don't match, corrupt or truncated model files, a NaN loss).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <algorithm>
#include <fstream>
#include <functional>
#include <regex>
#include <sstream>

#include "config/generate_config.hpp"
#include "config/train_config.hpp"
#include "io/checkpoint.hpp"
#include "io/commit.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/output_lock.hpp"
#include "io/prediction_file.hpp"
#include "workflows/evaluate.hpp"
#include "workflows/generate.hpp"
#include "workflows/model_file.hpp"
#include "workflows/predict.hpp"
#include "workflows/train.hpp"

namespace simforge::workflows {
namespace {

namespace fs = std::filesystem;
using config::GenerateConfig;
using config::TrainConfig;
using config::parse_generate_config;
using config::parse_train_config;
using io::Checkpoint;
using io::Prediction;
using io::read_checkpoint;
using io::write_checkpoint;
using io::write_prediction;

// One stream for every workflow of the suite (the CLI makes one per command).
const Stream& stream() {
  static const Stream s;
  return s;
}

// 12 samples of 2D Navier–Stokes at 16^2 with 8 frames: made once per test binary (~0.1 s).
const fs::path& dataset() {
  static const fs::path path = [] {
    const fs::path dir = fs::temp_directory_path() / ("simforge_surrogate_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    GenerateConfig g = parse_generate_config(R"(
name: tiny
samples: 12
batch: 12
pde: {type: navier_stokes_2d, viscosity: 1.0e-3, forcing: fno, forcing_amplitude: 0.1}
grid: {n: 16}
time: {dt: 5.0e-3, t_end: 0.35, save_interval: 0.05}
)", "test");
    g.output_path = (dir / "tiny.h5").string();
    generate_dataset(g, {false, true}, stream());
    return dir / "tiny.h5";
  }();
  return path;
}

// A config whose model file does not exist yet (each test starts from nothing).
TrainConfig config(const std::string& extra_model = "", const std::string& training = "") {
  const fs::path out = dataset().parent_path() / "model.h5";
  fs::remove(out);
  fs::remove(out.string() + ".metrics.jsonl");
  fs::remove(best_model_path(out));
  return parse_train_config("data: {path: " + dataset().string() + ", history: 2, split: {train: 0.5, val: 0.25}}\n" +
                                "model: {type: fno, width: 8, modes: 4, layers: 2, projection: 16, predict: increment" + extra_model +
                                "}\n" + "training: {epochs: 3, batch: 4, learning_rate: 3.0e-3, warmup_steps: 2, clip_norm: 1.0" +
                                training + "}\n" + "output: {path: " + out.string() + ", checkpoint_every: 4}\n",
                            "test");
}

// One-step nRMSE is teacher-forced over every window: a model whose weights are all zero predicts
// a zero increment (the last input frame, plus the vorticity's mean, ~1e-11), so its one-step
// error is persistence's, computed here straight from the file.
TEST(Training, OneStepErrorIsTeacherForcedOverEveryWindow) {
  TrainConfig c = config();
  c.epochs = 1;
  train_surrogate(c, {}, stream());
  Checkpoint k = read_checkpoint(c.output_path);
  std::fill(k.parameters.begin(), k.parameters.end(), 0.0f);
  const fs::path zero = dataset().parent_path() / "zero.model.h5";
  write_checkpoint(zero, k);
  const EvalReport e = evaluate_surrogate(zero, {}, stream());

  const io::DatasetReader reader(dataset());
  const std::size_t frames = reader.info().spec.times.size(), plane = 16 * 16;
  double sum = 0;
  std::size_t windows = 0;
  for (const std::uint64_t sample : k.test) {
    const std::vector<float> u = reader.read_sample("vorticity", sample);
    for (std::size_t t = 2; t < frames; ++t, ++windows) {  // frame t predicted from frames t - 2, t - 1
      double e2 = 0, n2 = 0;
      for (std::size_t i = 0; i < plane; ++i) {
        const double d = double(u[(t - 1) * plane + i]) - u[t * plane + i];
        e2 += d * d;
        n2 += double(u[t * plane + i]) * u[t * plane + i];
      }
      sum += std::sqrt(e2 / n2);
    }
  }
  EXPECT_EQ(windows, 3u * 6u);
  EXPECT_NEAR(e.metrics.one_step_nrmse, sum / double(windows), 1e-5 * sum / double(windows));
  // Step 1 of the rollout is one of those windows, not their mean.
  EXPECT_NE(e.metrics.one_step_nrmse, e.metrics.nrmse_per_step.front());
  fs::remove(zero);
}

TEST(Training, TrainsEvaluatesAndLoadsForInference) {
  const TrainConfig c = config();
  const TrainReport r = train_surrogate(c, {}, stream());
  // 6 training samples x (8 - 2 - 1 + 1) windows = 36 windows, batches of 4: 9 steps per epoch.
  EXPECT_EQ(r.total_steps, 27u);
  EXPECT_EQ(r.steps, 27u);
  ASSERT_EQ(r.epochs.size(), 3u);
  EXPECT_LT(r.epochs.back().train_loss, r.epochs.front().train_loss);
  EXPECT_GE(r.epochs.back().val_loss, 0.0);
  std::ifstream metrics(c.metrics_path);
  std::string line;
  int lines = 0;
  while (std::getline(metrics, line)) lines += line.find("\"train_loss\"") != std::string::npos;
  EXPECT_EQ(lines, 3);

  const Checkpoint k = read_checkpoint(c.output_path);
  EXPECT_EQ(k.step, 27u);
  EXPECT_EQ(k.train.size(), 6u);
  EXPECT_EQ(k.val.size(), 3u);
  EXPECT_EQ(k.test, (std::vector<std::uint64_t>{9, 10, 11}));

  EvalOptions o;
  const EvalReport e = evaluate_surrogate(c.output_path, o, stream());
  EXPECT_EQ(e.metrics.samples, 3u);
  EXPECT_EQ(e.metrics.steps, 6u);  // frames 2..7 predicted from frames 0, 1
  EXPECT_TRUE(std::isfinite(e.metrics.nrmse) && e.metrics.nrmse > 0);
  EXPECT_LE(e.metrics.one_step_nrmse, e.metrics.nrmse_per_step.back());
  EXPECT_GT(e.solver_seconds_per_trajectory, 0.0);
  EXPECT_EQ(e.step, 27u);
  EXPECT_FALSE(e.best_validation);

  // The best-validation checkpoint beside the last: the epoch of the lowest validation loss.
  std::size_t best_epoch = 0;
  for (std::size_t i = 1; i < r.epochs.size(); ++i)
    if (r.epochs[i].val_loss < r.epochs[best_epoch].val_loss) best_epoch = i;
  const Checkpoint best = read_checkpoint(best_model_path(c.output_path));
  EXPECT_TRUE(best.best);
  EXPECT_FALSE(k.best);
  EXPECT_EQ(best.step, 9 * (best_epoch + 1));
  EXPECT_EQ(best.val_loss, r.epochs[best_epoch].val_loss);
  EXPECT_EQ(k.best_val_loss, r.epochs[best_epoch].val_loss);
  const EvalReport eb = evaluate_surrogate(best_model_path(c.output_path), o, stream());
  EXPECT_TRUE(eb.best_validation);
  EXPECT_EQ(eb.step, best.step);

  auto p = load_predictor(c.output_path, stream());
  EXPECT_EQ(p->layout().in_channels(), 2);

  // simforge predict: one test sample rolled out over the dataset's frames, then past them.
  PredictOptions po;
  po.sample = 10;
  const Prediction pr = predict_sample(c.output_path, po, stream());
  EXPECT_EQ(pr.steps, 6u);
  EXPECT_EQ(pr.truth_steps, 6u);
  ASSERT_EQ(pr.nrmse_per_step.size(), 6u);
  EXPECT_EQ(pr.frames.size(), 6u * 16 * 16);
  for (double v : pr.nrmse_per_step) EXPECT_TRUE(std::isfinite(v) && v > 0);
  po.steps = 9;
  const Prediction longer = predict_sample(c.output_path, po, stream());
  EXPECT_EQ(longer.truth_steps, 6u);
  EXPECT_EQ(longer.frames.size(), 9u * 16 * 16);
  for (std::size_t i = 0; i < pr.frames.size(); ++i) ASSERT_EQ(longer.frames[i], pr.frames[i]) << i;  // same rollout, longer
  const fs::path out = dataset().parent_path() / "prediction.h5";
  write_prediction(out, longer);
  EXPECT_GT(fs::file_size(out), 9u * 16 * 16 * 4);
  po.sample = 12;
  EXPECT_THROW(predict_sample(c.output_path, po, stream()), Error);  // 12 trajectories: 0..11
}

// The metrics log without its timings (which no two runs share).
std::string metrics_without_timing(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return std::regex_replace(ss.str(), std::regex(", \"(seconds|samples_per_second|loader_wait_seconds)\": [^,}]*"), "");
}

TEST(Training, ResumeReproducesTheUninterruptedLossesAndMetricsExactly) {
  const TrainConfig c = config();
  const TrainReport full = train_surrogate(c, {}, stream());
  const std::string full_metrics = metrics_without_timing(c.metrics_path);
  EXPECT_EQ(std::count(full_metrics.begin(), full_metrics.end(), '\n'), 3) << full_metrics;
  const TrainReport first = train_surrogate(c, {false, 10, /*overwrite=*/true}, stream());  // stops mid-epoch 2
  EXPECT_EQ(read_checkpoint(c.output_path).step, 10u);
  const TrainReport rest = train_surrogate(c, {true, {}}, stream());
  EXPECT_EQ(rest.resumed_from, 10u);
  ASSERT_EQ(first.step_losses.size() + rest.step_losses.size(), full.step_losses.size());
  for (std::size_t i = 0; i < full.step_losses.size(); ++i) {
    const double resumed = i < 10 ? first.step_losses[i] : rest.step_losses[i - 10];
    EXPECT_EQ(resumed, full.step_losses[i]) << "step " << i + 1;  // bit for bit: deterministic CPU path
  }
  // The resumed run's log is the uninterrupted one's: the partial epoch's line is replaced, and the
  // epoch's mean loss covers the steps before the interruption too.
  EXPECT_EQ(metrics_without_timing(c.metrics_path), full_metrics);
}

TEST(Training, NeverReplacesAModelOrItsDatasetSilently) {
  const TrainConfig c = config();
  train_surrogate(c, {false, 2}, stream());
  auto message = [](const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message([&] { train_surrogate(c, {}, stream()); }).find("exists; pass --overwrite"), std::string::npos);
  TrainConfig onto_data = c;
  onto_data.output_path = c.data.path;
  EXPECT_NE(message([&] { train_surrogate(onto_data, {false, 2, true}, stream()); }).find("an input of this run"), std::string::npos);
  EXPECT_TRUE(io::DatasetReader(c.data.path).info().complete) << "the dataset must be intact";
  // A second run on the same model waits for nobody: it fails at once, naming the holder.
  {
    const io::OutputLock held(c.output_path, {}, true, "model file");
    EXPECT_NE(message([&] { train_surrogate(c, {true, {}}, stream()); }).find("is being written by process"), std::string::npos);
  }
  EXPECT_NO_THROW(train_surrogate(c, {true, 4}, stream()));
}

TEST(Training, ResumeRefusesADatasetRegeneratedSinceTraining) {
  const fs::path dir = dataset().parent_path() / "regenerated";
  fs::create_directories(dir);
  GenerateConfig g = parse_generate_config(
      "samples: 6\nbatch: 6\npde: {type: navier_stokes_2d, forcing: fno}\ngrid: {n: 16}\ntime: {dt: 5.0e-3, t_end: 0.2, save_interval: 0.05}\n",
      "test");
  g.output_path = (dir / "d.h5").string();
  generate_dataset(g, {false, true}, stream());
  TrainConfig c = config();
  c.data.path = g.output_path;
  c.output_path = (dir / "m.h5").string();
  c.metrics_path = c.output_path + ".metrics.jsonl";
  train_surrogate(c, {false, 2}, stream());
  generate_dataset(g, {false, true}, stream());  // the same configuration, generated again
  try {
    train_surrogate(c, {true, {}}, stream());
    FAIL() << "resumed on a regenerated dataset";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("changed since training started"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(train_surrogate(c, {false, 2, true}, stream()));  // anew, as asked
}

TEST(Training, ConfigErrorsNameKeyValueAndWhatIsAllowed) {
  auto message = [](const std::string& yaml) {
    try {
      parse_train_config(yaml, "t.yaml");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("data: {path: a.h5}\nmodel: {type: unet, modes: 4}\n").find("model.modes: unknown key"), std::string::npos);
  EXPECT_NE(message("data: {path: a.h5}\ntraining: {optimizer: sgd}\n").find("'sgd' is not allowed; allowed: adam, adamw"),
            std::string::npos);
  EXPECT_NE(message("model: {type: fno}\n").find("data.path: is required"), std::string::npos);
  EXPECT_NE(message("data: {path: a.h5, split: {train: 0.9, val: 0.2}}\n").find("the rest is the test split"), std::string::npos);
}

TEST(Training, RejectsDatasetsWithTooFewFrames) {
  const TrainConfig c = config("", ", unroll: 7");
  try {
    train_surrogate(c, {}, stream());
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("history 2 + unroll 7 needs at least 9"), std::string::npos) << e.what();
  }
}

TEST(Training, RejectsCorruptAndTruncatedModelFiles) {
  const TrainConfig c = config();
  train_surrogate(c, {false, 2, true}, stream());
  const fs::path bad = dataset().parent_path() / "truncated.h5";
  fs::copy_file(c.output_path, bad, fs::copy_options::overwrite_existing);
  fs::resize_file(bad, fs::file_size(bad) / 2);
  EXPECT_THROW(read_checkpoint(bad), Error);
  std::ofstream(dataset().parent_path() / "garbage.h5") << "not a model";
  try {
    read_checkpoint(dataset().parent_path() / "garbage.h5");
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("garbage.h5"), std::string::npos);
  }
  EXPECT_THROW(read_checkpoint(dataset()), Error);  // a dataset is not a model file
}

TEST(Training, EvaluationRejectsADatasetWithoutTheModelsFields) {
  const TrainConfig c = config();
  train_surrogate(c, {false, 2}, stream());
  Checkpoint k = read_checkpoint(c.output_path);
  k.fields = {"pressure"};
  k.norm_mean = {0}, k.norm_std = {1};
  const fs::path other = dataset().parent_path() / "other_fields.h5";
  write_checkpoint(other, k);
  try {
    evaluate_surrogate(other, {}, stream());
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("channels do not match"), std::string::npos) << e.what();
  }
}

TEST(Training, NanLossStopsNamingTheStepAndKeepsTheLastCheckpoint) {
  const TrainConfig c = config();
  train_surrogate(c, {false, 4}, stream());  // a good checkpoint at step 4
  TrainConfig bad = c;
  bad.options.learning_rate = 1e30;  // the first update blows the weights up; the next loss is not finite
  bad.options.warmup_steps = 0;
  try {
    train_surrogate(bad, {false, {}, true}, stream());  // a new run into the same file: it fails before its first checkpoint
    FAIL() << "expected divergence";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("at step 2 "), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_checkpoint(c.output_path).step, 4u);
}

// Metrics of data with NaN would be NaN: evaluation fails naming the sample instead.
TEST(Training, EvaluationRefusesDataThatIsNotFinite) {
  const TrainConfig c = config();
  train_surrogate(c, {false, 2}, stream());
  const io::DatasetReader source(dataset());
  io::DatasetSpec spec = source.info().spec;
  const fs::path bad = dataset().parent_path() / "nan.h5";
  {
    io::DatasetWriter w = io::DatasetWriter::create(bad, spec, true);
    std::vector<float> frames;
    for (std::size_t i = 0; i < spec.n_trajectories; ++i) {
      const std::vector<float> v = source.read_sample("vorticity", i);
      frames.insert(frames.end(), v.begin(), v.end());
    }
    frames[5 * spec.sample_size() + 3 * spec.frame_size() + 7] = std::nanf("");  // sample 5, frame 3
    std::vector<std::vector<double>> values;
    io::SampleBlock b{0, spec.n_trajectories, {frames.data()}, {}, {}};
    for (const auto& d : spec.diagnostics) values.push_back(source.read_diagnostic(d));
    for (const auto& v : values) b.diagnostics.push_back(v.data());
    w.write(b);
    w.finish();
  }
  EvalOptions o;
  o.dataset = bad.string();
  o.time_solver = false;
  try {
    evaluate_surrogate(c.output_path, o, stream());
    FAIL() << "scored NaN";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("sample 5 holds values that are not finite"), std::string::npos) << e.what();
  }
}

TEST(Training, EvaluationReportsAreValidJsonForAnyPath) {
  EvalReport r;
  r.model = "dir \"x\"/m\\odel.h5";
  r.dataset = "d.h5";
  r.split = "test";
  r.metrics.nrmse_per_step = {0.5};
  const fs::path path = dataset().parent_path() / "report.json";
  io::write_text_file(path, r.json() + "\n");
  const EvalReport back = read_eval_report(path);
  EXPECT_EQ(back.model, r.model);
  EXPECT_EQ(back.metrics.nrmse_per_step, r.metrics.nrmse_per_step);
}

}  // namespace
}  // namespace simforge::workflows
