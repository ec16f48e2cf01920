// Sharded generation (`--shard I/N`, `--shard slurm`) and `simforge merge`: merged datasets, as a
// copy or as virtual datasets, hold the single-process run's arrays bit for bit; bad shard sets
// are refused naming the files.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>

#include "apps/cli_support.hpp"
#include "apps/same_data.hpp"
#include "io/dataset_reader.hpp"
#include "io/hdf5.hpp"
#include "io/shards.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
using testing_data::expect_same_data;
namespace fs = std::filesystem;

// 9 samples in batches of 2: five batches, the last one short, with a per-sample viscosity.
const char* ns_config =
    "name: tiny\nseed: 3\nsamples: 9\nbatch: 2\n"
    "pde:\n  type: navier_stokes_2d\n  viscosity: {log_uniform: [0.005, 0.02]}\n  forcing: fno\n"
    "grid:\n  n: 16\ntime:\n  dt: 0.01\n  t_end: 0.1\n  save_interval: 0.05\n";

// A vector field (t1 velocity) and CFL-adaptive steps per sample.
const char* euler_config =
    "name: cfd\nseed: 5\nsamples: 6\nbatch: 2\n"
    "pde: {type: euler, gamma: 1.4}\n"
    "grid: {n: 64, length: 2.0, origin: -1.0, boundary: open}\n"
    "time: {dt: 0.01, t_end: 0.1, save_interval: 0.05, cfl_max: 0.5}\n"
    "initial_condition: {type: random_flow, waves: 3, max_wavenumber: 3, density_min: 1.0, density_max: 10.0,\n"
    "  temperature_min: 1.0, temperature_max: 10.0, amplitude_min: 0.01, amplitude_max: 0.2, mach: 1.0, gamma: 1.4,\n"
    "  window_probability: 0.5}\n";

void expect_ok(const Result& r) { ASSERT_EQ(r.code, 0) << r.output; }

void expect_error(const Result& r, std::initializer_list<std::string> words) {
  EXPECT_NE(r.code, 0) << r.output;
  EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  for (const auto& w : words) EXPECT_NE(r.output.find(w), std::string::npos) << "missing '" << w << "' in: " << r.output;
}

TEST(Shards, NamesFollowTheDataset) {
  EXPECT_EQ(io::shard_path("data/ns.h5", 2, 8), fs::path("data/ns.shard-2-of-8.h5"));
  EXPECT_EQ(io::shard_path("ns", 0, 2), fs::path("ns.shard-0-of-2.h5"));
  EXPECT_EQ(io::dataset_of_shard("data/ns.shard-2-of-8.h5"), fs::path("data/ns.h5"));
  EXPECT_EQ(io::dataset_of_shard("a.b.shard-10-of-12.hdf5"), fs::path("a.b.hdf5"));
  EXPECT_FALSE(io::dataset_of_shard("data/ns.h5"));
}

TEST(Shards, MergedShardsEqualTheSingleProcessRun) {
  const fs::path dir = scratch("shards");
  write_text(dir / "c.yaml", ns_config);
  // The single-process run, with the same output name (it is part of the config text).
  fs::create_directories(dir / "single");
  expect_ok(run_in(dir / "single", "generate ../c.yaml -o out.h5"));
  const fs::path ref = dir / "single" / "out.h5";
  auto sf = [&](const std::string& args) { return run_in(dir, args); };

  // Shards 0 and 2 by number, shard 1 as task 12 of a Slurm array --array=10-14:2.
  const Result s0 = sf("generate c.yaml -o out.h5 --shard 0/3");
  expect_ok(s0);
  EXPECT_NE(s0.output.find("shard 0 of 3: samples [0, 2) of 9"), std::string::npos) << s0.output;
  setenv("SLURM_ARRAY_TASK_ID", "12", 1);
  setenv("SLURM_ARRAY_TASK_MIN", "10", 1);
  setenv("SLURM_ARRAY_TASK_STEP", "2", 1);
  setenv("SLURM_ARRAY_TASK_COUNT", "3", 1);
  const Result s1 = sf("generate c.yaml -o out.h5 --shard slurm");
  for (const char* v : {"SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP", "SLURM_ARRAY_TASK_COUNT"}) unsetenv(v);
  expect_ok(s1);
  EXPECT_NE(s1.output.find("shard 1 of 3: samples [2, 6) of 9"), std::string::npos) << s1.output;
  expect_ok(sf("generate c.yaml -o out.h5 --shard 2/3"));
  for (const char* p : {"out.shard-0-of-3.h5", "out.shard-1-of-3.h5", "out.shard-2-of-3.h5"}) ASSERT_TRUE(fs::exists(dir / p)) << p;
  EXPECT_FALSE(fs::exists(dir / "out.h5"));
  const Result info = sf("info out.shard-2-of-3.h5");
  EXPECT_NE(info.output.find("shard 2 of 3 (samples [6, 9) of 9)"), std::string::npos) << info.output;
  const Result again = sf("generate c.yaml -o out.h5 --shard 2/3 --resume");
  EXPECT_NE(again.output.find("nothing to do"), std::string::npos) << again.output;

  const std::string all = "out.shard-2-of-3.h5 out.shard-0-of-3.h5 out.shard-1-of-3.h5";  // any order
  expect_ok(sf("merge " + all));
  expect_same_data(ref, dir / "out.h5");
  expect_ok(sf("merge " + all + " --virtual -o virtual.h5"));
  expect_same_data(ref, dir / "virtual.h5");
  // No samples copied: the virtual file lacks the copy's 9 x 3 frames x 16^2 float32 (27.6 kB).
  EXPECT_LT(fs::file_size(dir / "virtual.h5") + 9 * 3 * 256 * 4 / 2, fs::file_size(dir / "out.h5"));
  EXPECT_NE(sf("info virtual.h5").output.find("virtual datasets over 3 shard files"), std::string::npos);

  // A merged file and its shards can move together: the virtual file names them relatively.
  fs::create_directories(dir / "moved");
  for (const char* p : {"out.shard-0-of-3.h5", "out.shard-1-of-3.h5", "out.shard-2-of-3.h5", "virtual.h5"})
    fs::copy_file(dir / p, dir / "moved" / p);
  expect_same_data(ref, dir / "moved" / "virtual.h5");
  // ... and a lost shard is named, never read as NaN.
  fs::remove(dir / "moved" / "out.shard-1-of-3.h5");
  expect_error(sf("info moved/virtual.h5"), {"out.shard-1-of-3.h5", "is missing"});

  // Refusals, each naming the culprit.
  expect_error(sf("merge " + all), {"out.h5", "exists", "--overwrite"});
  expect_error(sf("merge out.shard-0-of-3.h5 out.shard-2-of-3.h5 -o m.h5"),
               {"1 of 3 shards missing", "shard 1 (out.shard-1-of-3.h5: exists but was not given)"});
  expect_error(sf("merge " + all + " out.shard-0-of-3.h5 -o m.h5"), {"are both shard 0 of 3"});
  expect_error(sf("merge single/out.h5 -o m.h5"), {"single/out.h5", "is not a shard"});
  fs::create_directories(dir / "other");
  expect_ok(sf("generate c.yaml -o other/out.h5 --shard 1/3 --seed 4"));
  expect_error(sf("merge out.shard-0-of-3.h5 other/out.shard-1-of-3.h5 out.shard-2-of-3.h5 -o m.h5"),
               {"other/out.shard-1-of-3.h5", "not a shard of the same dataset", "seed"});
  {  // an unfinished shard (its completion mark cleared)
    fs::copy_file(dir / "out.shard-1-of-3.h5", dir / "other" / "unfinished.h5");
    io::h5::File f = io::h5::File::open(dir / "other" / "unfinished.h5", true);
    f.root().write_bool("simforge_complete", false);
    f.close();
  }
  expect_error(sf("merge out.shard-0-of-3.h5 other/unfinished.h5 out.shard-2-of-3.h5 -o m.h5"),
               {"other/unfinished.h5", "is not complete", "--shard 1/3 --resume"});
  fs::rename(dir / "out.shard-1-of-3.h5", dir / "out.shard-1-of-3.h5.partial");  // as an interrupted run leaves it
  expect_error(sf("merge out.shard-0-of-3.h5 out.shard-2-of-3.h5 -o m.h5"),
               {"interrupted", "out.shard-1-of-3.h5.partial exists", "--shard 1/3 --resume"});
  EXPECT_FALSE(fs::exists(dir / "m.h5"));
  EXPECT_FALSE(fs::exists(dir / "m.h5.partial"));

  // Shard arguments that cannot be met.
  expect_error(sf("generate c.yaml -o x.h5 --shard 3/3"), {"--shard", "3/3", "0 to N - 1"});
  expect_error(sf("generate c.yaml -o x.h5 --shard 1/6"), {"6 shards", "only 5 batches"});
  expect_error(sf("generate c.yaml -o x.h5 --shard two/3"), {"two", "not a non-negative integer"});
  expect_error(sf("generate c.yaml -o x.h5 --shard slurm"), {"SLURM_ARRAY_TASK_ID is not set"});
  fs::remove_all(dir);
}

TEST(Shards, VectorFieldsAndAdaptiveStepsMergeBitForBit) {
  const fs::path dir = scratch("shards_cfd");
  write_text(dir / "c.yaml", euler_config);
  fs::create_directories(dir / "single");
  expect_ok(run_in(dir / "single", "generate ../c.yaml -o cfd.h5"));
  expect_ok(run_in(dir, "generate c.yaml -o cfd.h5 --shard 0/2"));
  expect_ok(run_in(dir, "generate c.yaml -o cfd.h5 --shard 1/2"));
  expect_ok(run_in(dir, "merge cfd.shard-0-of-2.h5 cfd.shard-1-of-2.h5"));
  expect_ok(run_in(dir, "merge cfd.shard-0-of-2.h5 cfd.shard-1-of-2.h5 --virtual -o virtual.h5"));
  for (const char* f : {"cfd.h5", "virtual.h5"}) expect_same_data(dir / "single" / "cfd.h5", dir / f);
  fs::remove_all(dir);
}

// The job scripts of examples/hpc/ as a user submits them, under a stand-in sbatch that runs each
// job at once (an array's tasks one after another, with Slurm's variables).
TEST(Shards, TheSlurmArrayScriptsGenerateAndMerge) {
  const fs::path dir = scratch("slurm");
  write_text(dir / "c.yaml", ns_config);
  fs::create_directories(dir / "single");
  expect_ok(run_in(dir / "single", "generate ../c.yaml -o out.h5"));
  fs::create_directories(dir / "bin");
  fs::create_symlink(simforge_exe(), dir / "bin" / "simforge");
  write_text(dir / "bin" / "sbatch", R"(#!/bin/bash
set -euo pipefail
array= wrap= args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --array=*) array=${1#--array=} ;;
    --wrap) wrap=$2; shift ;;
    --*) ;;
    *) args=("$@"); break ;;
  esac
  shift
done
if [ -n "$wrap" ]; then bash -c "$wrap" >&2; echo 2; exit 0; fi
range=${array%%:*}; step=1; [[ $array == *:* ]] && step=${array##*:}
lo=${range%-*}; hi=${range#*-}
for ((id = lo; id <= hi; id += step)); do
  SLURM_ARRAY_TASK_ID=$id SLURM_ARRAY_TASK_MIN=$lo SLURM_ARRAY_TASK_MAX=$hi SLURM_ARRAY_TASK_STEP=$step \
    SLURM_ARRAY_TASK_COUNT=$(( (hi - lo) / step + 1 )) bash "${args[@]}" >&2
done
echo 1
)");
  fs::permissions(dir / "bin" / "sbatch", fs::perms::owner_all, fs::perm_options::add);
  const std::string cmd = "cd '" + dir.string() + "' && PATH='" + (dir / "bin").string() + ":'\"$PATH\" bash '" +
                          SIMFORGE_SOURCE_DIR + "/examples/hpc/generate_and_merge.sh' c.yaml out.h5 3 2>&1";
  const int status = std::system(cmd.c_str());
  ASSERT_EQ(status, 0) << cmd;
  for (const char* p : {"out.shard-0-of-3.h5", "out.shard-1-of-3.h5", "out.shard-2-of-3.h5"}) EXPECT_TRUE(fs::exists(dir / p)) << p;
  expect_same_data(dir / "single" / "out.h5", dir / "out.h5");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace simforge
