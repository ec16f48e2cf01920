// A full disk: one line naming the file and "no space left", exit status 1 and no crash; the
// .partial dataset and an earlier model file stay intact, and --resume completes the dataset once
// there is room. Runs on a small tmpfs (needs root; skipped where mount is not permitted).
#include <gtest/gtest.h>
#include <sys/mount.h>

#include <fstream>

#include "apps/cli_support.hpp"
#include "io/dataset_reader.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
namespace fs = std::filesystem;

struct DiskFull : ::testing::Test {
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::path disk = dir / "disk";
  bool mounted = false;
  void SetUp() override {
    fs::create_directories(disk);
    mounted = ::mount("tmpfs", disk.c_str(), "tmpfs", 0, "size=3m") == 0;
    if (!mounted) GTEST_SKIP() << "cannot mount a tmpfs here (not root?)";
  }
  void TearDown() override {
    if (mounted) ::umount(disk.c_str());
    fs::remove_all(dir);
  }
  void resize(const char* size) { ASSERT_EQ(::mount("tmpfs", disk.c_str(), "tmpfs", MS_REMOUNT, size), 0); }
  static void expect_one_line(const Result& r, const std::string& words) {
    EXPECT_EQ(r.code, 1) << "not an orderly failure (a crash is 139):\n" << r.output;
    const std::string last = r.output.substr(r.output.rfind("simforge: error: "));
    EXPECT_EQ(last.find('\n'), last.size() - 1) << "more than one line: " << r.output;
    EXPECT_NE(last.find(words), std::string::npos) << r.output;
  }
};

const std::string dataset_config =
    "samples: 400\nbatch: 4\npde: {type: burgers}\ngrid: {n: 256}\ntime: {dt: 0.001, t_end: 0.05, save_interval: 0.001}\n";

TEST_F(DiskFull, AnUncompressedDatasetThatCannotFitIsRefusedBeforeWriting) {
  write_text(dir / "g.yaml", dataset_config);
  expect_one_line(run_in(dir, "generate g.yaml -o disk/out.h5"), "needs 19.9 MiB");
  EXPECT_FALSE(fs::exists(disk / "out.h5.partial"));
}

TEST_F(DiskFull, ACompressedDatasetStopsCleanlyAndResumesWhenThereIsRoom) {
  write_text(dir / "g.yaml", dataset_config + "output: {gzip: 1}\n");
  expect_one_line(run_in(dir, "generate g.yaml -o disk/out.h5"), "no space left on the device writing disk/out.h5.partial");
  ASSERT_TRUE(fs::exists(disk / "out.h5.partial"));
  EXPECT_FALSE(fs::exists(disk / "out.h5.lock"));
  const std::size_t saved = io::DatasetReader(disk / "out.h5.partial").info().samples_complete;
  EXPECT_GT(saved, 0u);
  ASSERT_NO_FATAL_FAILURE(resize("size=64m"));
  const Result resumed = run_in(dir, "generate g.yaml -o disk/out.h5 --resume");
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  ASSERT_EQ(run_in(dir, "generate g.yaml -o ref.h5").code, 0);
  const io::DatasetReader a(disk / "out.h5"), b(dir / "ref.h5");
  for (std::size_t s = 0; s < 400; s += 37) EXPECT_EQ(a.read_sample("u", s), b.read_sample("u", s)) << "sample " << s;
}

TEST_F(DiskFull, ACheckpointThatCannotBeWrittenKeepsTheLastModel) {
  write_text(dir / "g.yaml", "samples: 8\nbatch: 8\npde: {type: navier_stokes_2d, forcing: fno}\ngrid: {n: 16}\n"
                             "time: {dt: 0.005, t_end: 0.35, save_interval: 0.05}\n");
  ASSERT_EQ(run_in(dir, "generate g.yaml -o d.h5").code, 0);
  write_text(dir / "t.yaml", "data: {path: d.h5, history: 2, split: {train: 0.5, val: 0.25}}\n"
                             "model: {type: fno, width: 8, modes: 4, layers: 2, projection: 16}\ntraining: {epochs: 1, batch: 4}\n"
                             "output: {path: disk/m.h5}\n");
  ASSERT_EQ(run_in(dir, "train t.yaml").code, 0);
  std::ifstream in(disk / "m.h5", std::ios::binary);
  const std::string model((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(model.size(), 64u << 10);
  {  // fill the disk but for 32 KiB: room for the lock and the log, not for a checkpoint
    const std::uintmax_t free = fs::space(disk).available;
    ASSERT_GT(free, 32u << 10);
    std::ofstream filler(disk / "filler", std::ios::binary);
    filler << std::string(free - (32u << 10), 'x');
  }
  expect_one_line(run_in(dir, "train t.yaml --overwrite"), "no space left on the device");
  std::ifstream again(disk / "m.h5", std::ios::binary);
  EXPECT_EQ(std::string((std::istreambuf_iterator<char>(again)), std::istreambuf_iterator<char>()), model) << "the model changed";
  EXPECT_FALSE(fs::exists(disk / "m.h5.tmp"));
}

}  // namespace
}  // namespace simforge
