// `mpirun -n 2 simforge generate`: the ranks' shards merge into the single-process file bit for
// bit, and a run whose rank was killed resumes to it.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <thread>

#include "apps/cli_support.hpp"
#include "apps/mpi_support.hpp"
#include "apps/same_data.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
using testing_data::expect_same_data;
using testing_mpi::sh;
namespace fs = std::filesystem;

const std::string mpirun = testing_mpi::mpirun();

const char* config =
    "name: tiny\nseed: 3\nsamples: 16\nbatch: 2\n"
    "pde:\n  type: navier_stokes_2d\n  viscosity: {log_uniform: [0.005, 0.02]}\n  forcing: fno\n"
    "grid:\n  n: 32\ntime:\n  dt: 0.001\n  t_end: 0.6\n  save_interval: 0.05\n";

struct MpiGenerate : ::testing::Test {
  void SetUp() override {
    SIMFORGE_REQUIRE_MPIRUN();
    write_text(dir / "c.yaml", config);
    fs::create_directories(dir / "single");
    const Result r = run_in(dir / "single", "generate ../c.yaml -o out.h5");
    ASSERT_EQ(r.code, 0) << r.output;
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
};

TEST_F(MpiGenerate, TwoRanksWriteTheSingleProcessFile) {
  const Result r = sh(dir, mpirun + " generate c.yaml -o out.h5");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("[rank 1 of 2]: tiny, shard 1 of 2: samples [8, 16) of 16"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("wrote out.h5: 16 samples from 2 ranks (merged copy; the shards are removed)"), std::string::npos)
      << r.output;
  EXPECT_FALSE(fs::exists(dir / "out.shard-0-of-2.h5"));
  expect_same_data(dir / "single" / "out.h5", dir / "out.h5");

  const Result again = sh(dir, mpirun + " generate c.yaml -o out.h5 --resume");
  EXPECT_EQ(again.code, 0) << again.output;
  EXPECT_NE(again.output.find("out.h5 is complete; nothing to do"), std::string::npos) << again.output;
  const Result exists = sh(dir, mpirun + " generate c.yaml -o out.h5");
  EXPECT_NE(exists.code, 0);
  EXPECT_NE(exists.output.find("out.h5 exists; pass --overwrite"), std::string::npos) << exists.output;
  const Result both = sh(dir, mpirun + " generate c.yaml -o other.h5 --shard 0/2");
  EXPECT_NE(both.code, 0);
  EXPECT_NE(both.output.find("--shard in an MPI job"), std::string::npos) << both.output;

  const Result virt = sh(dir, mpirun + " generate c.yaml -o out.h5 --overwrite --merge virtual");
  ASSERT_EQ(virt.code, 0) << virt.output;
  EXPECT_TRUE(fs::exists(dir / "out.shard-1-of-2.h5"));  // a virtual merge reads from them
  expect_same_data(dir / "single" / "out.h5", dir / "out.h5");
}

TEST_F(MpiGenerate, TheJobScriptWritesTheSingleProcessFile) {
  const std::string script = "PATH='" + testing_mpi::stand_in_slurm(dir).string() + ":'\"$PATH\" bash '" + SIMFORGE_SOURCE_DIR +
                             "/examples/hpc/generate_mpi.sbatch' c.yaml out.h5";
  const Result r = sh(dir, script);
  ASSERT_EQ(r.code, 0) << r.output;
  expect_same_data(dir / "single" / "out.h5", dir / "out.h5");
}

// The pid of the simforge process that is rank `rank` of a job running in `dir` (not of another
// test's job running beside it).
pid_t rank_pid(const fs::path& dir, int rank) {
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::error_code ec;
    if (fs::read_symlink(e.path() / "cwd", ec) != fs::canonical(dir)) continue;
    std::ifstream env(e.path() / "environ", std::ios::binary), exe_cmd(e.path() / "cmdline", std::ios::binary);
    const std::string vars((std::istreambuf_iterator<char>(env)), std::istreambuf_iterator<char>());
    const std::string cmd((std::istreambuf_iterator<char>(exe_cmd)), std::istreambuf_iterator<char>());
    const std::string want = std::string("OMPI_COMM_WORLD_RANK=") + std::to_string(rank) + '\0';
    if (cmd.rfind(simforge_exe(), 0) == 0 && vars.find(want) != std::string::npos) return pid_t(std::stoi(name));
  }
  return -1;
}

TEST_F(MpiGenerate, AKilledRankResumesToTheSingleProcessFile) {
  setenv("HDF5_USE_FILE_LOCKING", "FALSE", 1);  // peek at a rank's .partial while it is written
  const pid_t job = fork();
  if (job == 0) {
    freopen("/dev/null", "w", stdout);
    freopen("/dev/null", "w", stderr);
    execl("/bin/sh", "sh", "-c", ("cd '" + dir.string() + "' && " + mpirun + " generate c.yaml -o out.h5").c_str(), (char*)nullptr);
    _exit(127);
  }
  // Once rank 1 has a batch on disk, kill it without warning: mpirun then ends the job.
  const fs::path partial = dir / "out.shard-1-of-2.h5.partial";
  bool killed = false;
  for (int i = 0; i < 1200 && !killed; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    std::size_t done = 0;
    try {
      if (fs::exists(partial)) done = io::DatasetReader(partial).info().samples_complete;
    } catch (const std::exception&) {
    }
    if (done >= 2) {
      const pid_t rank1 = rank_pid(dir, 1);
      if (rank1 > 0) killed = ::kill(rank1, SIGKILL) == 0;
    }
  }
  int status = 0;
  waitpid(job, &status, 0);
  unsetenv("HDF5_USE_FILE_LOCKING");
  // mpirun may return before the other rank has finished dying (it stops it with SIGTERM); until
  // it has, its lock rightly refuses a second writer. Wait for every lock holder to be gone (or a
  // zombie, which the lock treats as gone), as a user waits for the job's end.
  auto holder_running = [&] {
    for (const char* lock : {"out.shard-0-of-2.h5.lock", "out.shard-1-of-2.h5.lock"}) {
      std::ifstream in(dir / lock);
      long pid = 0;
      if (!(in >> pid) || pid <= 0) continue;
      std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
      std::string line;
      if (std::getline(stat, line) && line.find(") Z") == std::string::npos) return true;
    }
    return false;
  };
  for (int i = 0; i < 600 && holder_running(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_TRUE(killed) << "rank 1 finished before it could be killed";
  ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the job succeeded although a rank was killed";
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
  ASSERT_TRUE(fs::exists(partial));

  const Result resumed = sh(dir, mpirun + " generate c.yaml -o out.h5 --resume");
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resumed"), std::string::npos) << resumed.output;
  expect_same_data(dir / "single" / "out.h5", dir / "out.h5");
}

}  // namespace
}  // namespace simforge
