// `mpirun -n 2 simforge train`: two ranks, each stepping on half of every global batch, train the
// weights and losses of one process to round-off; a run stopped at one world size resumes at
// another; and the errors of a data-parallel run end every rank instead of leaving one waiting.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>

#include "apps/cli_support.hpp"
#include "apps/mpi_support.hpp"
#include "io/checkpoint.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
using testing_mpi::sh;
namespace fs = std::filesystem;

const char* data_config =
    "name: tiny\nseed: 5\nsamples: 12\nbatch: 12\n"
    "pde: {type: navier_stokes_2d, viscosity: 1.0e-3, forcing: fno, forcing_amplitude: 0.1}\n"
    "grid: {n: 16}\ntime: {dt: 5.0e-3, t_end: 0.35, save_interval: 0.05}\n";

// 6 training trajectories x 6 windows = 36 windows: 9 steps of 4 per epoch, 18 in all, with
// gradient clipping (on the summed gradient) and a validation loss.
const char* train_config =
    "data: {path: data.h5, history: 2, split: {train: 0.5, val: 0.25}}\n"
    "model: {type: fno, width: 8, modes: 4, layers: 2, projection: 16, predict: increment}\n"
    "training: {epochs: 2, batch: 4, learning_rate: 3.0e-3, warmup_steps: 2, clip_norm: 1.0}\n"
    "output: {path: model.h5, checkpoint_every: 4}\n";

std::vector<double> train_losses(const fs::path& metrics) {
  std::vector<double> out;
  std::ifstream in(metrics);
  const std::regex loss("\"train_loss\": ([-+0-9.eE]+)");
  std::smatch m;
  for (std::string line; std::getline(in, line);)
    if (std::regex_search(line, m, loss)) out.push_back(std::stod(m[1]));
  return out;
}

struct MpiTrain : ::testing::Test {
  void SetUp() override {
    SIMFORGE_REQUIRE_MPIRUN();
    write_text(dir / "data.yaml", data_config);
    write_text(dir / "t.yaml", train_config);
    Result r = run_in(dir, "generate data.yaml -o data.h5");
    ASSERT_EQ(r.code, 0) << r.output;
    r = run_in(dir, "train t.yaml -o one.h5");
    ASSERT_EQ(r.code, 0) << r.output;
  }
  void TearDown() override { fs::remove_all(dir); }

  // Rank sums add the half-batch gradients in another order than one process adds the samples:
  // float32 round-off (~1e-7 relative) per step, which Adam's normalised updates carry into the
  // weights at about lr x 1e-7 per step. 18 steps of lr 3e-3 stay far inside 1e-5; a rank that
  // trained on the wrong share, or gradients not averaged, miss by orders of magnitude more.
  void expect_same_training(const std::string& model) {
    const io::Checkpoint a = io::read_checkpoint(dir / "one.h5"), b = io::read_checkpoint(dir / model);
    EXPECT_EQ(a.step, b.step);
    ASSERT_EQ(a.parameters.size(), b.parameters.size());
    double worst = 0;
    for (std::size_t i = 0; i < a.parameters.size(); ++i) worst = std::max(worst, double(std::abs(a.parameters[i] - b.parameters[i])));
    EXPECT_LT(worst, 1e-5) << model << ": weights differ from one process's by up to " << worst;
    EXPECT_GT(worst, 0.0) << model << ": the weights are bit for bit those of one process: was it trained by one rank alone?";
    const std::vector<double> la = train_losses(dir / "one.h5.metrics.jsonl"), lb = train_losses(dir / (model + ".metrics.jsonl"));
    ASSERT_EQ(la.size(), 2u);
    ASSERT_EQ(la.size(), lb.size());
    for (std::size_t e = 0; e < la.size(); ++e) EXPECT_NEAR(la[e], lb[e], 1e-5 * la[e]) << model << " epoch " << e;
  }
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
};

TEST_F(MpiTrain, TwoRanksTrainTheWeightsOfOneProcess) {
  const Result r = sh(dir, testing_mpi::mpirun() + " train t.yaml -o two.h5");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("x MPI, 2 ranks"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find("simforge train:"), r.output.rfind("simforge train:")) << "rank 1 printed too:\n" << r.output;
  expect_same_training("two.h5");
}

TEST_F(MpiTrain, ResumesAtAnotherWorldSize) {
  // Stopped at step 6 on two ranks, resumed on one process; and the other way round.
  Result r = sh(dir, testing_mpi::mpirun() + " train t.yaml -o two_one.h5 --stop-after 6");
  ASSERT_EQ(r.code, 0) << r.output;
  r = run_in(dir, "train t.yaml -o two_one.h5 --resume");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("resumed at 6"), std::string::npos) << r.output;
  expect_same_training("two_one.h5");

  r = run_in(dir, "train t.yaml -o one_two.h5 --stop-after 11");
  ASSERT_EQ(r.code, 0) << r.output;
  r = sh(dir, testing_mpi::mpirun() + " train t.yaml -o one_two.h5 --resume");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("resumed at 11"), std::string::npos) << r.output;
  expect_same_training("one_two.h5");
}

TEST_F(MpiTrain, TheJobScriptTrainsAndResumes) {
  const std::string script = "PATH='" + testing_mpi::stand_in_slurm(dir).string() + ":'\"$PATH\" bash '" + SIMFORGE_SOURCE_DIR +
                             "/examples/hpc/train_multinode.sbatch' t.yaml job.h5";
  Result r = sh(dir, script);
  ASSERT_EQ(r.code, 0) << r.output;
  expect_same_training("job.h5");
  r = sh(dir, script);  // resubmitted: it resumes from the finished checkpoint, with nothing left to do
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("resumed at 18"), std::string::npos) << r.output;
  expect_same_training("job.h5");
}

TEST_F(MpiTrain, ErrorsEndEveryRank) {
  // A batch that does not split over the ranks: every rank stops, naming the key.
  write_text(dir / "odd.yaml", std::regex_replace(std::string(train_config), std::regex("batch: 4"), "batch: 3"));
  Result r = sh(dir, testing_mpi::mpirun() + " train odd.yaml -o odd.h5");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("training.batch 3 does not split evenly over 2 ranks"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(dir / "odd.h5"));
  // Only rank 0 writes, so only rank 0 finds the model file in the way: the job still ends.
  r = sh(dir, testing_mpi::mpirun() + " train t.yaml -o one.h5");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("[rank 0 of 2]"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("one.h5 exists"), std::string::npos) << r.output;
  // Commands that are one process refuse to run as ranks.
  r = sh(dir, testing_mpi::mpirun() + " eval one.h5");
  EXPECT_NE(r.code, 0);
  EXPECT_NE(r.output.find("only generate and train run as the ranks of a parallel job"), std::string::npos) << r.output;
}

}  // namespace
}  // namespace simforge
