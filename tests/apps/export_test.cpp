// `simforge export` and `simforge plot` as a user runs them: what they write, and what they refuse.
#include <gtest/gtest.h>

#include <set>

#include "apps/cli_support.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "kernels/error.hpp"
#include "workflows/export.hpp"

namespace simforge {
namespace {

using namespace testing_cli;
namespace fs = std::filesystem;

struct Export : ::testing::Test {
  fs::path dir = scratch(::testing::UnitTest::GetInstance()->current_test_info()->name());
  void SetUp() override {
    write_text(dir / "c.yaml", small_config("", "", "16") + "output: {path: d.h5}\n");
    ASSERT_EQ(run_in(dir, "generate c.yaml --samples 10").code, 0);
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST(WellSplits, PartitionTheTrajectoriesBySeedTheSameEveryTime) {
  const auto a = workflows::well_splits(100, 0.8, 0.1, 7), b = workflows::well_splits(100, 0.8, 0.1, 7);
  const auto c = workflows::well_splits(100, 0.8, 0.1, 8);
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a[0].samples.size(), 80u);
  EXPECT_EQ(a[1].samples.size(), 10u);
  EXPECT_EQ(a[2].samples.size(), 10u);
  std::set<std::size_t> all;
  for (const auto& s : a) all.insert(s.samples.begin(), s.samples.end());
  EXPECT_EQ(all.size(), 100u);  // every trajectory exactly once
  EXPECT_EQ(a[0].samples, b[0].samples);
  EXPECT_NE(a[0].samples, c[0].samples);
  EXPECT_NE(a[2].samples, (std::vector<std::size_t>{90, 91, 92, 93, 94, 95, 96, 97, 98, 99}));  // shuffled, not a tail
  EXPECT_THROW(workflows::well_splits(3, 0.1, 0.1, 0), Error);  // no training trajectory
  EXPECT_THROW(workflows::well_splits(10, 0.8, 0.5, 0), Error);
}

TEST_F(Export, WellWritesTheSplitsAndStatsAndRefusesToReplaceThemUnasked) {
  fs::create_directories(dir / "out");
  const Result r = run_in(dir, "export well d.h5 -o out --train 0.6 --valid 0.2 --seed 3");
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_NE(r.output.find("train 6, valid 2, test 2 trajectories"), std::string::npos) << r.output;
  const fs::path folder = dir / "out" / "tiny";
  for (const char* s : {"train", "valid", "test"}) EXPECT_TRUE(fs::exists(folder / "data" / s / "tiny.hdf5")) << s;
  EXPECT_NE(read_text(folder / "stats.yaml").find("std_delta:\n  vorticity: "), std::string::npos);
  EXPECT_EQ(io::DatasetReader(folder / "data" / "train" / "tiny.hdf5").info().spec.n_trajectories, 6u);
  EXPECT_FALSE(fs::exists(dir / "out" / "tiny.partial"));

  const std::string before = read_text(folder / "splits.yaml");
  const Result again = run_in(dir, "export well d.h5 -o out --seed 4");
  EXPECT_NE(again.code, 0);
  EXPECT_NE(again.output.find("--overwrite"), std::string::npos) << again.output;
  EXPECT_EQ(read_text(folder / "splits.yaml"), before);
  ASSERT_EQ(run_in(dir, "export well d.h5 -o out --seed 4 --overwrite").code, 0);
  EXPECT_NE(read_text(folder / "splits.yaml"), before);
  EXPECT_FALSE(fs::exists(dir / "out" / "tiny.old"));

  // Exporting a split file over the folder that holds it would destroy the input.
  const Result onto = run_in(dir, "export well out/tiny/data/train/tiny.hdf5 -o out --overwrite");
  EXPECT_NE(onto.code, 0);
  EXPECT_NE(onto.output.find("holds its input"), std::string::npos) << onto.output;
  EXPECT_TRUE(fs::exists(folder / "data" / "train" / "tiny.hdf5"));
}

TEST_F(Export, IncompleteOrCorruptDatasetsAreRefusedWithAClearError) {
  fs::copy_file(dir / "d.h5", dir / "cut.h5");
  fs::resize_file(dir / "cut.h5", fs::file_size(dir / "cut.h5") / 2);
  const Result cut = run_in(dir, "export pdebench cut.h5 -o p.h5");
  EXPECT_EQ(cut.code, 1) << cut.output;
  EXPECT_NE(cut.output.find("simforge: error:"), std::string::npos) << cut.output;
  EXPECT_FALSE(fs::exists(dir / "p.h5"));

  {  // an interrupted run's file: created, no sample written
    io::DatasetWriter w = io::DatasetWriter::create(dir / "part.h5", io::DatasetReader(dir / "d.h5").info().spec, false);
  }
  const Result partial = run_in(dir, "export xdmf part.h5.partial");
  EXPECT_NE(partial.code, 0);
  EXPECT_NE(partial.output.find("is not complete (0 of 10 trajectories)"), std::string::npos) << partial.output;
  EXPECT_FALSE(fs::exists(dir / "part.h5.partial.xmf"));
}

TEST_F(Export, PdebenchAndXdmfWriteBesideAndRefuseAWrongLayout) {
  const Result p = run_in(dir, "export pdebench d.h5 -o 2D_groups.h5");
  ASSERT_EQ(p.code, 0) << p.output;
  EXPECT_NE(p.output.find("layout 'groups'"), std::string::npos) << p.output;
  const Result wrong = run_in(dir, "export pdebench d.h5 -o t.h5 --layout tensor");
  EXPECT_NE(wrong.code, 0);
  EXPECT_NE(wrong.output.find("is for 1-D data"), std::string::npos) << wrong.output;
  EXPECT_FALSE(fs::exists(dir / "t.h5"));

  ASSERT_EQ(run_in(dir, "export xdmf d.h5 --samples 2").code, 0);
  EXPECT_NE(read_text(dir / "d.h5.xmf").find(">d.h5:/t0_fields/vorticity<"), std::string::npos);
  EXPECT_NE(run_in(dir, "export xdmf d.h5").code, 0);  // exists
  const Result onto = run_in(dir, "export xdmf d.h5 -o d.h5 --overwrite");
  EXPECT_NE(onto.code, 0);
  EXPECT_TRUE(io::DatasetReader(dir / "d.h5").info().complete);
}

TEST_F(Export, PlotDrawsADatasetAndReportsBadInput) {
  const Result r = run_in(dir, "plot d.h5 --sample 1");
  ASSERT_EQ(r.code, 0) << r.output;
  ASSERT_TRUE(fs::exists(dir / "d.sample1.png"));
  EXPECT_EQ(read_text(dir / "d.sample1.png").substr(1, 3), "PNG");
  EXPECT_GT(fs::file_size(dir / "d.sample1.png"), 10000u);
  EXPECT_NE(run_in(dir, "plot d.h5 --sample 1").code, 0);  // exists, without --overwrite
  const Result range = run_in(dir, "plot d.h5 --sample 10 -o x.png");
  EXPECT_NE(range.code, 0);
  EXPECT_NE(range.output.find("trajectories 0 to 9"), std::string::npos) << range.output;
  write_text(dir / "junk.h5", "not hdf5");
  const Result junk = run_in(dir, "plot junk.h5");
  EXPECT_EQ(junk.code, 1);
  EXPECT_NE(junk.output.find("cannot read junk.h5"), std::string::npos) << junk.output;
}

}  // namespace
}  // namespace simforge
