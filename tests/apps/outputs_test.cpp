// No command destroys data: never an output onto one of its inputs, never over an existing file
// without --overwrite, one writer per output at a time, stale outputs detected, interrupted runs
// saying what is saved and how to continue.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "apps/cli_support.hpp"
#include "io/dataset_reader.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
namespace fs = std::filesystem;

const std::string pipeline_text =
    "generate:\n  name: tiny\n  samples: 6\n  batch: 6\n  pde: {type: navier_stokes_2d, viscosity: 0.01, forcing: fno}\n"
    "  grid: {n: 16}\n  time: {dt: 0.01, t_end: 0.4, save_interval: 0.05}\n  output: {path: d.h5}\n"
    "train:\n  name: tiny_fno\n  data: {history: 2}\n  model: {type: fno, width: 8, modes: 4, layers: 2, projection: 16}\n"
    "  training: {epochs: 1, batch: 2}\n  output: {path: m.h5}\n";

// A dataset d.h5 and a model m.h5 trained on it, made once by a pipeline.
struct Outputs : ::testing::Test {
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override {
    write_text(dir / "p.yaml", pipeline_text);
    const Result r = run_in(dir, "run p.yaml");
    ASSERT_EQ(r.code, 0) << r.output;
  }
  void TearDown() override { fs::remove_all(dir); }
  Result cli(const std::string& args) { return run_in(dir, args); }
  static void expect_error(const Result& r, const std::string& words) {
    EXPECT_NE(r.code, 0) << r.output;
    EXPECT_NE(r.output.find(words), std::string::npos) << r.output;
    EXPECT_EQ(r.output.find(" [/"), std::string::npos) << "a source path leaked: " << r.output;
  }
};

TEST_F(Outputs, NoCommandWritesOntoItsInputs) {
  const std::string model = read_text(dir / "m.h5"), data = read_text(dir / "d.h5"), yaml = read_text(dir / "p.yaml");
  write_text(dir / "t.yaml", "data: {path: d.h5, history: 2}\nmodel: {type: fno, width: 8, modes: 4, layers: 2, projection: 16}\n"
                             "training: {epochs: 1, batch: 2}\n");
  expect_error(cli("train t.yaml -o d.h5 --overwrite"), "an input of this run");
  expect_error(cli("train t.yaml -o t.yaml --overwrite"), "an input of this run");
  expect_error(cli("predict m.h5 -o m.h5 --overwrite"), "an input of this run");
  expect_error(cli("predict m.h5 -o d.h5 --overwrite"), "an input of this run");
  expect_error(cli("eval m.h5 --no-solver --json m.h5 --overwrite"), "an input of this run");
  expect_error(cli("generate p.yaml -o p.yaml"), "");  // a pipeline is not a generate config, and never its own output
  std::string report_onto_data = pipeline_text + "evaluate: {report: d.h5}\n";
  write_text(dir / "q.yaml", report_onto_data);
  expect_error(cli("run q.yaml"), "an input of this run");
  EXPECT_EQ(read_text(dir / "m.h5"), model);
  EXPECT_EQ(read_text(dir / "d.h5"), data);
  EXPECT_EQ(read_text(dir / "p.yaml"), yaml);
}

TEST_F(Outputs, ExistingFilesAreReplacedOnlyWithOverwrite) {
  write_text(dir / "keep.json", "precious");
  write_text(dir / "keep.h5", "precious");
  expect_error(cli("eval m.h5 --no-solver --json keep.json"), "exists; pass --overwrite");
  expect_error(cli("predict m.h5 -o keep.h5"), "exists; pass --overwrite");
  write_text(dir / "t.yaml", "data: {path: d.h5, history: 2}\nmodel: {type: fno, width: 8, modes: 4, layers: 2, projection: 16}\n"
                             "training: {epochs: 1, batch: 2}\noutput: {path: m.h5}\n");
  expect_error(cli("train t.yaml"), "m.h5 exists; pass --overwrite");
  EXPECT_EQ(read_text(dir / "keep.json"), "precious");
  EXPECT_EQ(read_text(dir / "keep.h5"), "precious");
  EXPECT_EQ(cli("eval m.h5 --no-solver --json keep.json --overwrite").code, 0);
  EXPECT_EQ(read_text(dir / "keep.json").front(), '{');
  EXPECT_EQ(cli("predict m.h5 -o keep.h5 --overwrite").code, 0);
  EXPECT_FALSE(fs::exists(dir / "keep.h5.tmp"));
  // A report that cannot be written is an error (exit status 1), found before evaluating.
  expect_error(cli("eval m.h5 --no-solver --json missing/e.json"), "folder missing does not exist");
}

TEST_F(Outputs, ASecondWriterFailsAtOnceNamingTheFirst) {
  write_text(dir / "d2.h5.lock", std::to_string(::getpid()) + " " + [] {
    char h[256] = {};
    ::gethostname(h, sizeof h - 1);
    return std::string(h);
  }() + "\n");
  expect_error(cli("generate p.yaml -o d2.h5"), "");  // (p.yaml is a pipeline: fails before the lock)
  write_text(dir / "g.yaml", "samples: 2\npde: {type: burgers}\ngrid: {n: 16}\ntime: {dt: 0.001, t_end: 0.01}\n");
  expect_error(cli("generate g.yaml -o d2.h5"), "is being written by process " + std::to_string(::getpid()));
  EXPECT_FALSE(fs::exists(dir / "d2.h5.partial"));
  // A lock whose process is gone (a kill -9) is taken over.
  write_text(dir / "d3.h5.lock", "999999999 " + [] {
    char h[256] = {};
    ::gethostname(h, sizeof h - 1);
    return std::string(h);
  }() + "\n");
  EXPECT_EQ(cli("generate g.yaml -o d3.h5").code, 0);
  EXPECT_FALSE(fs::exists(dir / "d3.h5.lock"));
}

TEST_F(Outputs, StaleOutputsAreDetectedAndRedoneOnlyWhenAsked) {
  write_text(dir / "g.yaml", "samples: 2\npde: {type: burgers}\ngrid: {n: 16}\ntime: {dt: 0.001, t_end: 0.01}\n");
  ASSERT_EQ(cli("generate g.yaml -o g.h5").code, 0);
  expect_error(cli("generate g.yaml -o g.h5 --resume --seed 7"), "holds another dataset");
  // The pipeline after its config changed: every affected stage says what differs ...
  std::string changed = pipeline_text;
  changed.replace(changed.find("viscosity: 0.01"), 15, "viscosity: 0.02");
  write_text(dir / "p.yaml", changed);
  expect_error(cli("run p.yaml"), "generate: d.h5 holds another dataset");
  // ... and is redone with --overwrite: the dataset, then the model trained on the old one.
  const Result redo = cli("run p.yaml --overwrite");
  ASSERT_EQ(redo.code, 0) << redo.output;
  EXPECT_NE(redo.output.find("generate: wrote d.h5"), std::string::npos) << redo.output;
  EXPECT_NE(redo.output.find("train: m.h5 trained"), std::string::npos) << redo.output;
  const Result again = cli("run p.yaml");
  EXPECT_NE(again.output.find("is up to date; skipping"), std::string::npos) << again.output;
}

TEST_F(Outputs, AConfigErrorFoundAfterStartingLeavesNothingBehind) {
  // RK4's stability check runs when the first batch starts, after the .partial file exists.
  write_text(dir / "ks.yaml", "samples: 2\npde: {type: kuramoto_sivashinsky}\ngrid: {n: 128, length: 100}\n"
                              "time: {dt: 0.1, t_end: 1.0, save_interval: 0.5, stepper: rk4}\n"
                              "initial_condition: {type: fourier_series, amplitude: 0.1}\n");
  expect_error(cli("generate ks.yaml -o ks.h5"), "stability region");
  EXPECT_FALSE(fs::exists(dir / "ks.h5.partial"));
  EXPECT_FALSE(fs::exists(dir / "ks.h5.lock"));
}

// SIGINT and SIGTERM: the run says what is saved and how to continue, exits 130 / 143, and the
// command it names continues it.
TEST_F(Outputs, SignalsSayWhatIsSavedAndHowToContinue) {
  setenv("HDF5_USE_FILE_LOCKING", "FALSE", 1);  // peek at the .partial file while it is being written
  write_text(dir / "g.yaml", "samples: 40\nbatch: 2\npde: {type: navier_stokes_2d, forcing: fno}\ngrid: {n: 64}\n"
                             "time: {dt: 0.001, t_end: 1.0, save_interval: 0.1}\n");
  for (int sig : {SIGINT, SIGTERM}) {
    const fs::path err = dir / "stderr.txt";
    fs::remove(dir / "s.h5.partial");
    fs::remove(dir / "s.h5");
    const pid_t pid = fork();
    if (pid == 0) {
      if (chdir(dir.c_str()) != 0) _exit(127);
      if (!freopen(err.c_str(), "w", stderr)) _exit(127);
      const std::string exe = simforge_exe();
      execl(exe.c_str(), exe.c_str(), "generate", "g.yaml", "-o", "s.h5", (char*)nullptr);
      _exit(127);
    }
    std::size_t saved = 0;  // wait until a batch is on disk
    for (int i = 0; i < 400 && saved == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
      try {
        if (fs::exists(dir / "s.h5.partial")) saved = io::DatasetReader(dir / "s.h5.partial").info().samples_complete;
      } catch (const std::exception&) {
      }
    }
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status)) << "killed by the signal instead of handling it";
    EXPECT_EQ(WEXITSTATUS(status), 128 + sig);
    const std::string text = read_text(err);
    EXPECT_NE(text.find(sig == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)"), std::string::npos) << text;
    EXPECT_NE(text.find("samples are saved in s.h5.partial; continue with: simforge generate g.yaml -o s.h5 --resume"),
              std::string::npos)
        << text;
  }
  const Result resumed = cli("generate g.yaml -o s.h5 --resume");
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_TRUE(io::DatasetReader(dir / "s.h5").info().complete);
}

}  // namespace
}  // namespace simforge
