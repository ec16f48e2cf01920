// One clear simforge::Error for every way a dataset file or request can be wrong; plain Well files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/hdf5.hpp"

namespace simforge::io {
namespace {

namespace fs = std::filesystem;

DatasetSpec tiny_spec() {
  DatasetSpec s;
  s.dataset_name = "tiny";
  s.spatial_dims = {"x"};
  s.spatial_shape = {8};
  s.coordinates = {{0, 1, 2, 3, 4, 5, 6, 7}};
  s.boundaries = {AxisBoundary{}};
  s.times = {0.0, 0.1, 0.2};
  s.n_trajectories = 2;
  s.t0_fields = {"u"};
  s.config_yaml = "tiny: true\n";
  return s;
}

class DatasetErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("simforge_io_errors_" + std::to_string(::getpid()) + "_" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override {
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::add);
    fs::remove_all(dir);
  }
  // A finished two-sample dataset; u = 100 * sample + 10 * t + x.
  fs::path finished(const std::string& name) {
    const DatasetSpec s = tiny_spec();
    std::vector<float> u;
    for (int i = 0; i < 2; ++i)
      for (int t = 0; t < 3; ++t)
        for (int x = 0; x < 8; ++x) u.push_back(static_cast<float>(100 * i + 10 * t + x));
    SampleBlock b;
    b.count = 2;
    b.fields = {u.data()};
    DatasetWriter w = DatasetWriter::create(dir / name, s, false);
    w.write(b);
    w.finish();
    return dir / name;
  }
  fs::path dir;
};

// Runs `f`, which must throw simforge::Error, and returns the message.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  ADD_FAILURE() << "no simforge::Error thrown";
  return {};
}

#define EXPECT_CONTAINS(text, part) EXPECT_NE((text).find(part), std::string::npos) << (text)

TEST_F(DatasetErrors, MissingFileAndFolder) {
  const std::string m = error_of([&] { DatasetReader r(dir / "absent.h5"); });
  EXPECT_CONTAINS(m, (dir / "absent.h5").string() + " does not exist");
  EXPECT_CONTAINS(error_of([&] { DatasetReader r(dir); }), dir.string() + " is not a file");
}

TEST_F(DatasetErrors, TextFileIsNotHdf5) {
  std::ofstream(dir / "notes.h5") << "solver: ns2d\nthis is YAML, not HDF5\n";
  const std::string m = error_of([&] { DatasetReader r(dir / "notes.h5"); });
  EXPECT_CONTAINS(m, (dir / "notes.h5").string() + " is not an HDF5 file");
}

TEST_F(DatasetErrors, TruncatedFileIsReportedOnce) {
  const fs::path good = finished("good.h5"), cut = dir / "cut.h5";
  fs::copy_file(good, cut);
  fs::resize_file(cut, fs::file_size(good) / 2);
  const std::string m = error_of([&] { DatasetReader r(cut); });
  EXPECT_CONTAINS(m, cut.string() + " is truncated or corrupt");
  EXPECT_CONTAINS(m, "H5Fopen");
  EXPECT_EQ(DatasetReader(good).info().samples_complete, 2u);  // the original is fine
}

TEST_F(DatasetErrors, ForeignHdf5FileIsNotADataset) {
  const fs::path other = dir / "other_tool.h5";
  {
    h5::File f = h5::File::create(other);
    h5::Group root = f.root();
    root.write_string("creator", "some other tool");
    const std::vector<double> t = {20.5, 21.0, 22.25};
    root.create_dataset("temperature", h5::Type::f64, {3}).write(t.data(), {0}, {3});
    f.close();
  }
  const std::string m = error_of([&] { DatasetReader r(other); });
  EXPECT_CONTAINS(
      m, other.string() + " is an HDF5 file but not a Simforge/Well dataset: missing root attribute dataset_name");
}

TEST_F(DatasetErrors, WellDatasetWithMissingFieldIsNamed) {
  const fs::path p = dir / "broken_well.h5";
  {
    h5::File f = h5::File::create(p);
    h5::Group root = f.root();
    root.write_string("dataset_name", "broken");
    root.write_int("n_spatial_dims", 1);
    root.write_int("n_trajectories", 1);
    h5::Group dims = root.create_group("dimensions");
    dims.write_strings("spatial_dims", {"x"});
    const std::vector<double> t = {0.0, 1.0};
    dims.create_dataset("time", h5::Type::f64, {2}).write(t.data(), {0}, {2});
    dims.create_dataset("x", h5::Type::f64, {2}).write(t.data(), {0}, {2});
    root.create_group("t0_fields").write_strings("field_names", {"rho"});
    f.close();
  }
  const std::string m = error_of([&] { DatasetReader r(p); });
  EXPECT_CONTAINS(m, "not a Simforge/Well dataset: missing dataset t0_fields/rho");
}

// A file written by The Well's own tools (no simforge_* attributes) reads as format version 0.
TEST_F(DatasetErrors, PlainWellDatasetIsAccepted) {
  const fs::path p = dir / "well.hdf5";
  {
    h5::File f = h5::File::create(p);
    h5::Group root = f.root();
    root.write_string("dataset_name", "dummy");
    root.write_string("grid_type", "cartesian");
    root.write_int("n_spatial_dims", 1);
    root.write_int("n_trajectories", 2);
    root.write_strings("simulation_parameters", {"a"});
    root.write_double("a", 0.25);
    h5::Group dims = root.create_group("dimensions");
    dims.write_strings("spatial_dims", {"x"});
    const std::vector<double> t = {0.0, 0.5, 1.0}, x = {0.0, 0.25, 0.5, 0.75};
    dims.create_dataset("time", h5::Type::f64, {3}).write(t.data(), {0}, {3});
    dims.create_dataset("x", h5::Type::f64, {4}).write(x.data(), {0}, {4});
    h5::Group t0 = root.create_group("t0_fields");
    t0.write_strings("field_names", {"rho", "mask"});
    std::vector<float> rho(2 * 3 * 4);
    for (std::size_t i = 0; i < rho.size(); ++i) rho[i] = 0.5f * static_cast<float>(i);
    h5::Dataset d = t0.create_dataset("rho", h5::Type::f32, {2, 3, 4});
    d.write(rho.data(), {0, 0, 0}, {2, 3, 4});
    d.write_bool("sample_varying", true);
    d.write_bool("time_varying", true);
    h5::Dataset m = t0.create_dataset("mask", h5::Type::f32, {4});  // constant field: skipped
    m.write(rho.data(), {0}, {4});
    m.write_bool("sample_varying", false);
    m.write_bool("time_varying", false);
    f.close();
  }
  DatasetReader r(p);
  EXPECT_EQ(r.info().format_version, 0);
  EXPECT_TRUE(r.info().complete);
  EXPECT_EQ(r.info().samples_complete, 2u);
  EXPECT_EQ(r.field_names(), (std::vector<std::string>{"rho"}));
  EXPECT_EQ(r.info().spec.constant_parameters, (std::vector<std::string>{"a"}));
  EXPECT_EQ(r.info().spec.constant_values, (std::vector<double>{0.25}));
  EXPECT_EQ(r.info().spec.spatial_shape, (std::vector<std::size_t>{4}));
  EXPECT_TRUE(r.info().spec.config_yaml.empty());
  EXPECT_EQ(r.read_window("rho", 1, 2, 1), (std::vector<float>{10.0f, 10.5f, 11.0f, 11.5f}));
}

TEST_F(DatasetErrors, ReadsOutOfRangeNameFieldSampleAndFrames) {
  DatasetReader r(finished("data.h5"));
  EXPECT_EQ(r.read_window("u", 1, 2, 1).back(), 100.0f + 20.0f + 7.0f);
  EXPECT_CONTAINS(error_of([&] { r.read_sample("w", 0); }), "no field 'w' (fields: [u])");
  EXPECT_CONTAINS(error_of([&] { r.read_sample("u", 2); }), "field 'u': sample 2 out of range (2 samples)");
  EXPECT_CONTAINS(error_of([&] { r.read_window("u", 1, 2, 2); }),
                  "field 'u', sample 1: frames [2, 4) out of range (3 frames)");
  EXPECT_CONTAINS(error_of([&] { r.read_scalar("nu"); }), "no scalar 'nu'");
  EXPECT_CONTAINS(error_of([&] { r.read_diagnostic("cfl"); }), "no diagnostic 'cfl'");
}

TEST_F(DatasetErrors, CreateNamesAMissingFolder) {
  const fs::path out = dir / "no_such_folder" / "data.h5";
  const std::string m = error_of([&] { DatasetWriter::create(out, tiny_spec(), false); });
  EXPECT_CONTAINS(m, "folder " + (dir / "no_such_folder").string() + " does not exist");
}

TEST_F(DatasetErrors, CreateNamesAnUnwritableFolder) {
  fs::path folder = dir / "read_only";
  fs::create_directories(folder);
  fs::permissions(folder, fs::perms::owner_read | fs::perms::owner_exec);
  const int probe = ::open((folder / "probe").c_str(), O_WRONLY | O_CREAT, 0644);
  if (probe >= 0) {  // root ignores permissions; sysfs refuses new files even to root
    ::close(probe);
    folder = "/sys";
    if (::access("/sys", W_OK) == 0 && ::open("/sys/probe", O_WRONLY | O_CREAT, 0644) >= 0)
      GTEST_SKIP() << "no unwritable folder available to this user";
  }
  const std::string m = error_of([&] { DatasetWriter::create(folder / "data.h5", tiny_spec(), false); });
  EXPECT_CONTAINS(m, "folder " + folder.string() + " is not writable");
}

TEST_F(DatasetErrors, SpecValidationNamesTheProblem) {
  DatasetSpec s = tiny_spec();
  s.coordinates[0].pop_back();
  EXPECT_CONTAINS(error_of([&] { s.validate(); }), "7 coordinates for spatial dimension 'x' of size 8");
  s = tiny_spec();
  s.t0_fields = {"u", "u"};
  EXPECT_CONTAINS(error_of([&] { s.validate(); }), "field name 'u' appears twice");
  s = tiny_spec();
  s.constant_parameters = {"n_trajectories"};
  s.constant_values = {3};
  EXPECT_CONTAINS(error_of([&] { s.validate(); }), "'n_trajectories' is reserved");
  s = tiny_spec();
  s.sample_scalars = {"a/b"};
  EXPECT_CONTAINS(error_of([&] { s.validate(); }), "'a/b' is not a valid HDF5 name");
  EXPECT_EQ(tiny_spec().frame_size(), 8u);
  EXPECT_EQ(tiny_spec().sample_size(), 24u);
  EXPECT_CONTAINS(error_of([&] { DatasetWriter::create(dir / "x.h5", s, false); }), "not a valid HDF5 name");
  EXPECT_FALSE(fs::exists(dir / "x.h5.partial"));  // checked before any file is touched
}

}  // namespace
}  // namespace simforge::io
