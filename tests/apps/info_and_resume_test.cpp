// `simforge info` on bad files, and `kill -9` during `generate` followed by `--resume`.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include "apps/cli_support.hpp"
#include "io/dataset_reader.hpp"
#include "io/hdf5.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
namespace fs = std::filesystem;

void expect_error(const Result& r, std::initializer_list<const char*> words) {
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  for (const char* w : words) EXPECT_NE(r.output.find(w), std::string::npos) << "missing '" << w << "' in: " << r.output;
}

TEST(Info, DescribesADatasetAndRejectsBadFiles) {
  const fs::path dir = scratch("info");
  write_text(dir / "c.yaml", small_config());
  const fs::path good = dir / "good.h5";
  ASSERT_EQ(run("generate " + (dir / "c.yaml").string() + " -o " + good.string()).code, 0);
  const Result ok = run("info " + good.string());
  EXPECT_EQ(ok.code, 0) << ok.output;
  EXPECT_NE(ok.output.find("4/4 samples, complete"), std::string::npos) << ok.output;
  EXPECT_NE(ok.output.find("vorticity"), std::string::npos) << ok.output;

  write_text(dir / "notes.txt", "not a dataset\n");
  expect_error(run("info " + (dir / "notes.txt").string()), {"notes.txt", "not an HDF5 file"});

  fs::copy_file(good, dir / "truncated.h5");
  fs::resize_file(dir / "truncated.h5", fs::file_size(good) / 2);
  expect_error(run("info " + (dir / "truncated.h5").string()), {"truncated.h5"});

  {  // an HDF5 file written by some other tool
    io::h5::File f = io::h5::File::create(dir / "foreign.h5");
    const double t[2] = {20.5, 21.0};
    f.root().create_dataset("temperature", io::h5::Type::f64, {2}).write(t, {0}, {2});
    f.close();
  }
  expect_error(run("info " + (dir / "foreign.h5").string()), {"foreign.h5", "not a Simforge/Well dataset"});

  expect_error(run("info " + (dir / "absent.h5").string()), {"absent.h5"});
  fs::remove_all(dir);
}

// Bitwise: a killed and resumed run ends with the same file contents as an uninterrupted one.
TEST(Generate, KillNineThenResumeMatchesAnUninterruptedRun) {
  setenv("HDF5_USE_FILE_LOCKING", "FALSE", 1);  // peek at the .partial file while it is being written
  const fs::path dir = scratch("resume");
  const std::string cfg = small_config("", "", "64", "0.001").replace(small_config().find("samples: 4"), 10, "samples: 12");
  write_text(dir / "c.yaml", cfg);
  const fs::path ref = dir / "ref.h5", out = dir / "out.h5";
  ASSERT_EQ(run("generate " + (dir / "c.yaml").string() + " -o " + ref.string()).code, 0);

  const pid_t pid = fork();
  if (pid == 0) {
    const std::string exe = simforge_exe();
    freopen("/dev/null", "w", stderr);
    execl(exe.c_str(), exe.c_str(), "generate", (dir / "c.yaml").c_str(), "-o", out.c_str(), (char*)nullptr);
    _exit(127);
  }
  // Wait until at least one batch is on disk, then kill without warning.
  std::size_t done = 0;
  const fs::path partial = out.string() + ".partial";
  for (int i = 0; i < 600 && done < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    try {
      if (fs::exists(partial)) done = io::DatasetReader(partial).info().samples_complete;
    } catch (const std::exception&) {
    }
  }
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the run finished before it could be killed";
  EXPECT_FALSE(fs::exists(out));
  ASSERT_TRUE(fs::exists(partial));

  const Result resumed = run("generate " + (dir / "c.yaml").string() + " -o " + out.string() + " --resume");
  ASSERT_EQ(resumed.code, 0) << resumed.output;
  EXPECT_NE(resumed.output.find("resumed"), std::string::npos) << resumed.output;
  EXPECT_FALSE(fs::exists(partial));

  const io::DatasetReader a(ref), b(out);
  ASSERT_TRUE(b.info().complete);
  for (std::size_t s = 0; s < 12; ++s) EXPECT_EQ(a.read_sample("vorticity", s), b.read_sample("vorticity", s)) << "sample " << s;
  EXPECT_EQ(a.read_diagnostic("max_cfl"), b.read_diagnostic("max_cfl"));
  // Uncompressed storage is allocated up front: the resumed file has the uninterrupted one's layout
  // and size (only simforge_created and simforge_run_id differ between any two runs).
  EXPECT_EQ(fs::file_size(out), fs::file_size(ref));

  const Result again = run("generate " + (dir / "c.yaml").string() + " -o " + out.string() + " --resume");
  EXPECT_EQ(again.code, 0);
  EXPECT_NE(again.output.find("nothing to do"), std::string::npos) << again.output;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace simforge
