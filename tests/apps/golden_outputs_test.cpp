// Training, evaluation and prediction produce the committed outputs bit for bit (model weights,
// optimizer state, normalization, splits, metrics, predicted frames): a change that alters any of
// them fails here. See output_digest.hpp for how the digests are made and regenerated.
#include <gtest/gtest.h>

#include <regex>

#include "apps/cli_support.hpp"
#include "apps/output_digest.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
using namespace testing_digest;
namespace fs = std::filesystem;

const std::string ns2d_data =
    "name: golden_ns\nseed: 5\nsamples: 8\nbatch: 4\n"
    "pde: {type: navier_stokes_2d, viscosity: {log_uniform: [1.0e-3, 1.0e-2]}, forcing: fno}\n"
    "grid: {n: 16}\ntime: {dt: 5.0e-3, t_end: 0.35, save_interval: 0.05}\n";
const std::string burgers_data =
    "name: golden_burgers\nseed: 2\nsamples: 6\nbatch: 6\npde: {type: burgers, viscosity: 0.02}\n"
    "grid: {n: 32, cell_centered: true}\ntime: {dt: 1.0e-3, t_end: 0.2, save_interval: 0.02, stepper: etdrk4}\n"
    "initial_condition: {type: sine_waves}\n";

const std::vector<std::string> model_strings = {"config", "dataset"};
const std::vector<std::string> model_numbers = {"history", "step", "epoch"};
const std::vector<std::string> model_arrays = {"parameters", "adam_m",      "adam_v",    "norm_mean",
                                               "norm_std",   "split_train", "split_val", "split_test"};

struct GoldenOutputs : ::testing::Test {
  // CPU training reductions are deterministic for a thread count (kernels/parallel.hpp); datasets
  // are the same for any. The commands run with 2 threads, whatever the machine has. oneDNN picks
  // its convolution kernels by instruction set (AVX2, AVX-512, AMX), and they round differently:
  // capped at AVX2, the digests hold on every x86-64 machine that has it.
  void SetUp() override {
    ::setenv("OMP_NUM_THREADS", "2", 1);
    ::setenv("ONEDNN_MAX_CPU_ISA", "AVX2", 1);
  }
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
  void TearDown() override { fs::remove_all(dir); }

  void run_ok(const std::string& args) {
    const Result r = run_in(dir, args);
    ASSERT_EQ(r.code, 0) << args << "\n" << r.output;
  }
  // Generates `data` as d.h5, trains `model` on it, evaluates and predicts; digests each output.
  void check(const std::string& name, const std::string& data, const std::string& train, const std::string& field) {
    write_text(dir / "g.yaml", data);
    write_text(dir / "t.yaml", train + "output: {path: m.h5, checkpoint_every: 3}\n");
    ASSERT_NO_FATAL_FAILURE(run_ok("generate g.yaml -o d.h5"));
    expect_golden(name + "_dataset", dataset_digest(dir / "d.h5"));
    ASSERT_NO_FATAL_FAILURE(run_ok("train t.yaml"));
    expect_golden(name + "_model", file_digest(dir / "m.h5", model_strings, model_numbers, model_arrays));
    ASSERT_NO_FATAL_FAILURE(run_ok("eval m.h5 --no-solver --json e.json"));
    std::ifstream in(dir / "e.json");
    std::stringstream json;
    json << in.rdbuf();
    Digest e;  // every metric; not the timing
    e.text(std::regex_replace(json.str(), std::regex(", \"surrogate_seconds_per_trajectory\": [^,}]*"), ""));
    expect_golden(name + "_eval", e.hex());
    ASSERT_NO_FATAL_FAILURE(run_ok("predict m.h5 --sample 5 --steps 4 -o p.h5"));
    expect_golden(name + "_predict",
                  file_digest(dir / "p.h5", {"model", "dataset"}, {"sample", "history", "steps"},
                              {"prediction/" + field, "truth/" + field, "nrmse_per_step"}));
  }
};

TEST_F(GoldenOutputs, FnoWithScalarsIncrementAndPushforward) {
  check("fno_ns2d", ns2d_data,
        "name: golden_fno\nseed: 3\ndata: {path: d.h5, history: 2, scalars: [viscosity], split: {train: 0.5, val: 0.25}}\n"
        "model: {type: fno, width: 8, modes: 4, layers: 2, projection: 16, predict: increment}\n"
        "training: {epochs: 2, batch: 4, learning_rate: 3.0e-3, warmup_steps: 2, clip_norm: 1.0, loss: relative_l2, unroll: 2}\n",
        "vorticity");
}

TEST_F(GoldenOutputs, UNetWithZeroPaddingAndAdam) {
  check("unet_ns2d", ns2d_data,
        "name: golden_unet\nseed: 4\ndata: {path: d.h5, history: 1, split: {train: 0.5, val: 0.25}}\n"
        "model: {type: unet, width: 8, multipliers: [1, 2], groups: 4, padding: zero, activation: relu}\n"
        "training: {epochs: 2, batch: 4, optimizer: adam, learning_rate: 2.0e-3, final_lr_fraction: 0.1}\n",
        "vorticity");
}

TEST_F(GoldenOutputs, OneDimensionalFnoOnBurgers) {
  check("fno_burgers1d", burgers_data,
        "name: golden_fno1d\ndata: {path: d.h5, history: 1, split: {train: 0.5, val: 0.25}}\n"
        "model: {type: fno, width: 8, modes: 6, layers: 2, projection: 8}\ntraining: {epochs: 2, batch: 4}\n",
        "u");
}

}  // namespace
}  // namespace simforge
