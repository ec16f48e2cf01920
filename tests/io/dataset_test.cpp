// DatasetWriter / DatasetReader: round trips, the Well layout, crash safety and resume.
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/hdf5.hpp"
#include "simforge/version.hpp"

namespace simforge::io {
namespace {

namespace fs = std::filesystem;

// 4 samples of two fields on a 4 x 6 grid, 5 saved times.
DatasetSpec small_spec(StorageOptions storage = {}) {
  DatasetSpec s;
  s.dataset_name = "test_ns2d";
  s.spatial_dims = {"y", "x"};
  s.spatial_shape = {4, 6};
  s.coordinates = {{0.0, 0.25, 0.5, 0.75}, {0.0, 1.0, 2.0, 3.0, 4.0, 5.0}};
  s.boundaries = {AxisBoundary{}, AxisBoundary{}};  // periodic
  s.times = {0.0, 0.5, 1.0, 1.5, 2.0};
  s.n_trajectories = 4;
  s.t0_fields = {"u", "v"};
  s.constant_parameters = {"nu", "L"};
  s.constant_values = {0.01, 6.28};
  s.sample_scalars = {"amplitude"};
  s.diagnostics = {"max_cfl"};
  s.config_yaml = "solver: ns2d\nnu: 0.01\nsamples: 4\n";
  s.seed = 42;
  s.storage = storage;
  return s;
}

float value(std::size_t field, std::size_t sample, std::size_t t, std::size_t y, std::size_t x) {
  return static_cast<float>(1000.0 * field + 100.0 * sample + 10.0 * t + y + 0.125 * x);
}

// Host buffers of samples [first, first + count), as a solver would hand them over.
struct Block {
  std::vector<std::vector<float>> fields;
  std::vector<double> amplitude, cfl;
  SampleBlock view;
  Block(const DatasetSpec& s, std::size_t first, std::size_t count) {
    const std::size_t ny = s.spatial_shape[0], nx = s.spatial_shape[1], nt = s.times.size();
    for (std::size_t f = 0; f < s.field_names().size(); ++f) {
      std::vector<float> d;
      for (std::size_t i = first; i < first + count; ++i)
        for (std::size_t t = 0; t < nt; ++t)
          for (std::size_t y = 0; y < ny; ++y)
            for (std::size_t x = 0; x < nx; ++x) d.push_back(value(f, i, t, y, x));
      fields.push_back(std::move(d));
    }
    for (std::size_t i = first; i < first + count; ++i) {
      amplitude.push_back(1.0 + 0.5 * static_cast<double>(i));
      cfl.push_back(0.1 * static_cast<double>(i + 1));
    }
    view.first = first;
    view.count = count;
    for (const auto& f : fields) view.fields.push_back(f.data());
    view.scalars = {amplitude.data()};
    view.diagnostics = {cfl.data()};
  }
};

void write_samples(DatasetWriter& w, const DatasetSpec& s, std::size_t first, std::size_t count) {
  Block b(s, first, count);
  w.write(b.view);
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class DatasetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    for (char& c : name)
      if (c == '/') c = '_';
    dir = fs::temp_directory_path() / ("simforge_io_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

class RoundTrip : public DatasetTest, public ::testing::WithParamInterface<StorageOptions> {};

TEST_P(RoundTrip, WritesTwoBlocksAndReadsBackExactly) {
  const DatasetSpec spec = small_spec(GetParam());
  const fs::path out = dir / "data.h5", partial = dir / "data.h5.partial";
  {
    DatasetWriter w = DatasetWriter::create(out, spec, false);
    EXPECT_TRUE(fs::exists(partial));
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(w.completed_count(), 0u);
    write_samples(w, spec, 0, 2);
    EXPECT_EQ(w.completed(), (std::vector<bool>{true, true, false, false}));
    write_samples(w, spec, 2, 2);
    EXPECT_EQ(w.completed_count(), 4u);
    EXPECT_FALSE(fs::exists(out));
    w.finish();
  }
  EXPECT_TRUE(fs::exists(out));
  EXPECT_FALSE(fs::exists(partial));

  DatasetReader r(out);
  const DatasetInfo& info = r.info();
  EXPECT_EQ(info.format_version, 1);
  EXPECT_TRUE(info.complete);
  EXPECT_EQ(info.samples_complete, 4u);
  EXPECT_EQ(info.simforge_version, simforge::version);
  EXPECT_EQ(info.git_hash, simforge::git_hash);
  ASSERT_EQ(info.created.size(), 20u);  // 2025-01-31T12:00:00Z
  EXPECT_EQ(info.created.back(), 'Z');
  const DatasetSpec& s = info.spec;
  EXPECT_EQ(s.dataset_name, "test_ns2d");
  EXPECT_EQ(s.spatial_dims, spec.spatial_dims);
  EXPECT_EQ(s.spatial_shape, (std::vector<std::size_t>{4, 6}));
  EXPECT_EQ(s.coordinates, spec.coordinates);
  EXPECT_EQ(s.times, spec.times);
  EXPECT_EQ(s.n_trajectories, 4u);
  EXPECT_EQ(s.t0_fields, (std::vector<std::string>{"u", "v"}));
  EXPECT_EQ(s.constant_parameters, (std::vector<std::string>{"nu", "L"}));
  EXPECT_EQ(s.constant_values, (std::vector<double>{0.01, 6.28}));
  EXPECT_EQ(s.sample_scalars, (std::vector<std::string>{"amplitude"}));
  EXPECT_EQ(s.diagnostics, (std::vector<std::string>{"max_cfl"}));
  EXPECT_EQ(s.config_yaml, spec.config_yaml);
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.storage.gzip_level, spec.storage.gzip_level);
  EXPECT_EQ(s.storage.fletcher32, spec.storage.fletcher32);
  EXPECT_EQ(r.field_names(), (std::vector<std::string>{"u", "v"}));

  for (std::size_t f = 0; f < 2; ++f)
    for (std::size_t i = 0; i < 4; ++i) {
      const std::vector<float> got = r.read_sample(s.t0_fields[f], i);
      ASSERT_EQ(got.size(), 5u * 24u);
      for (std::size_t t = 0, k = 0; t < 5; ++t)
        for (std::size_t y = 0; y < 4; ++y)
          for (std::size_t x = 0; x < 6; ++x, ++k) ASSERT_EQ(got[k], value(f, i, t, y, x)) << f << i << t << y << x;
    }
  const std::vector<float> window = r.read_window("v", 3, 1, 3);  // frames 1, 2, 3 of sample 3
  ASSERT_EQ(window.size(), 3u * 24u);
  EXPECT_EQ(window.front(), value(1, 3, 1, 0, 0));
  EXPECT_EQ(window[24 + 6 * 2 + 5], value(1, 3, 2, 2, 5));
  EXPECT_EQ(window.back(), value(1, 3, 3, 3, 5));
  EXPECT_EQ(r.read_scalar("amplitude"), (std::vector<double>{1.0, 1.5, 2.0, 2.5}));
  EXPECT_EQ(r.read_scalar("nu"), (std::vector<double>(4, 0.01)));
  EXPECT_EQ(r.read_diagnostic("max_cfl"), (std::vector<double>{0.1, 0.2, 0.1 * 3, 0.1 * 4}));

  const FieldStats st = r.field_stats("u");
  EXPECT_EQ(st.shape, (std::vector<std::size_t>{4, 5, 4, 6}));
  EXPECT_EQ(st.min, 0.0);
  EXPECT_EQ(st.max, 300.0 + 40.0 + 3.0 + 0.625);
  // u = 100 i + 10 t + y + x/8 with i, t, y, x uniform over their ranges: the mean is separable.
  EXPECT_NEAR(st.mean, 100 * 1.5 + 10 * 2.0 + 1.5 + 0.125 * 2.5, 1e-12);
  double sum2 = 0;
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t t = 0; t < 5; ++t)
      for (std::size_t y = 0; y < 4; ++y)
        for (std::size_t x = 0; x < 6; ++x) sum2 += std::pow(static_cast<double>(value(0, i, t, y, x)), 2);
  EXPECT_NEAR(st.rms, std::sqrt(sum2 / 480.0), 1e-9);
}

// Boundary conditions are written in The Well's form (one group per condition, a mask over the axis
// marking the faces it holds on) and read back as they were given, periodic or not.
TEST_F(DatasetTest, BoundaryConditionsRoundTripInTheWellsLayout) {
  DatasetSpec spec = small_spec();
  spec.boundaries[0].lower = spec.boundaries[0].upper = {"WALL", "dirichlet", 0.5};
  spec.boundaries[1].lower = {"OPEN", "open", 0.0};
  spec.boundaries[1].upper = {"WALL", "neumann", 0.25};
  const fs::path out = dir / "walls.h5";
  {
    DatasetWriter w = DatasetWriter::create(out, spec, false);
    write_samples(w, spec, 0, 4);
    w.finish();
  }
  const DatasetReader r(out);
  ASSERT_EQ(r.info().spec.boundaries.size(), 2u);
  EXPECT_EQ(r.info().spec.boundaries[0], spec.boundaries[0]);
  EXPECT_EQ(r.info().spec.boundaries[1], spec.boundaries[1]);

  const h5::File f = h5::File::open(out, false);
  const h5::Group bcs = f.root().group("boundary_conditions");
  EXPECT_EQ(bcs.names(), (std::vector<std::string>{"x_neumann_upper", "x_open_lower", "y_dirichlet"}));
  const h5::Group y = bcs.group("y_dirichlet");
  EXPECT_EQ(y.read_string("bc_type"), "WALL");
  EXPECT_EQ(y.read_string("simforge_kind"), "dirichlet");
  EXPECT_EQ(y.read_strings("associated_dims"), (std::vector<std::string>{"y"}));
  EXPECT_EQ(y.dataset("mask").read_all_u8(), (std::vector<std::uint8_t>{1, 0, 0, 1}));
  EXPECT_EQ(y.dataset("values").read_all_doubles(), (std::vector<double>{0.5, 0.5}));
  EXPECT_EQ(bcs.group("x_open_lower").dataset("mask").read_all_u8(), (std::vector<std::uint8_t>{1, 0, 0, 0, 0, 0}));
  EXPECT_EQ(bcs.group("x_neumann_upper").dataset("mask").read_all_u8(), (std::vector<std::uint8_t>{0, 0, 0, 0, 0, 1}));
  EXPECT_EQ(bcs.group("x_neumann_upper").read_string("bc_type"), "WALL");

  // A periodic axis is one PERIODIC group marking both ends, as The Well writes it.
  const DatasetSpec periodic = small_spec();
  {
    DatasetWriter w = DatasetWriter::create(dir / "periodic.h5", periodic, false);
    write_samples(w, periodic, 0, 4);
    w.finish();
  }
  const h5::File p = h5::File::open(dir / "periodic.h5", false);
  const h5::Group x = p.root().group("boundary_conditions").group("x_periodic");
  EXPECT_EQ(x.read_string("bc_type"), "PERIODIC");
  EXPECT_FALSE(x.has_attribute("simforge_kind"));
  EXPECT_EQ(x.dataset("mask").read_all_u8(), (std::vector<std::uint8_t>{1, 0, 0, 0, 0, 1}));
}

TEST_F(DatasetTest, ResumeRefusesOtherBoundaryConditions) {
  const DatasetSpec spec = small_spec();
  const fs::path out = dir / "data.h5";
  {
    DatasetWriter w = DatasetWriter::create(out, spec, false);
    write_samples(w, spec, 0, 2);
  }
  DatasetSpec other = spec;
  other.boundaries[1].lower = other.boundaries[1].upper = {"OPEN", "open", 0.0};
  try {
    DatasetWriter::resume(out, other);
    FAIL() << "resumed with other boundaries";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("boundary conditions of x differ"), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(DatasetWriter::resume(out, spec));
}

INSTANTIATE_TEST_SUITE_P(Storage, RoundTrip, ::testing::Values(StorageOptions{0, false}, StorageOptions{4, true}),
                         [](const auto& p) {
                           return p.param.gzip_level ? std::string("gzip_fletcher32") : std::string("plain");
                         });

// The file follows The Well's layout, attribute by attribute (what its loader and checker read).
TEST_F(DatasetTest, FollowsTheWellLayout) {
  const DatasetSpec spec = small_spec({4, true});
  const fs::path out = dir / "well.h5";
  DatasetWriter w = DatasetWriter::create(out, spec, false);
  write_samples(w, spec, 0, 4);
  w.finish();

  h5::File f = h5::File::open(out, false);
  h5::Group root = f.root();
  EXPECT_EQ(root.read_string("dataset_name"), "test_ns2d");
  EXPECT_EQ(root.read_string("grid_type"), "cartesian");
  EXPECT_EQ(root.read_int("n_spatial_dims"), 2);
  EXPECT_EQ(root.read_int("n_trajectories"), 4);
  // Only constant parameters: each listed name must be a root attribute (The Well's checker).
  EXPECT_EQ(root.read_strings("simulation_parameters"), (std::vector<std::string>{"nu", "L"}));
  EXPECT_EQ(root.read_double("nu"), 0.01);
  EXPECT_EQ(root.read_double("L"), 6.28);
  EXPECT_EQ(root.read_int("simforge_format_version"), 1);
  EXPECT_EQ(root.read_uint64("simforge_seed"), 42u);
  EXPECT_TRUE(root.read_bool("simforge_complete"));

  h5::Group dims = root.group("dimensions");
  EXPECT_EQ(dims.read_strings("spatial_dims"), (std::vector<std::string>{"y", "x"}));
  EXPECT_EQ(dims.dataset("time").read_all_doubles(), spec.times);
  EXPECT_EQ(dims.dataset("x").read_all_doubles(), spec.coordinates[1]);
  EXPECT_FALSE(dims.dataset("x").read_bool("sample_varying"));
  EXPECT_TRUE(dims.dataset("time").read_bool("time_varying"));  // as The Well's checker requires
  EXPECT_FALSE(dims.dataset("x").read_bool("time_varying"));

  h5::Group bc = root.group("boundary_conditions").group("x_periodic");
  EXPECT_EQ(bc.read_string("bc_type"), "PERIODIC");
  EXPECT_EQ(bc.read_strings("associated_dims"), (std::vector<std::string>{"x"}));
  EXPECT_TRUE(bc.read_strings("associated_fields").empty());
  EXPECT_FALSE(bc.read_bool("sample_varying"));
  EXPECT_EQ(bc.dataset("mask").read_all_u8(), (std::vector<std::uint8_t>{1, 0, 0, 0, 0, 1}));
  EXPECT_EQ(bc.dataset("values").shape(), (std::vector<h5::hsize>{2}));
  EXPECT_TRUE(root.group("boundary_conditions").has_group("y_periodic"));

  h5::Group scalars = root.group("scalars");
  EXPECT_EQ(scalars.read_strings("field_names"), (std::vector<std::string>{"nu", "L", "amplitude"}));
  EXPECT_TRUE(scalars.dataset("nu").shape().empty());
  EXPECT_EQ(scalars.dataset("nu").read_all_doubles(), (std::vector<double>{0.01}));
  EXPECT_FALSE(scalars.dataset("nu").read_bool("sample_varying"));
  EXPECT_TRUE(scalars.dataset("amplitude").read_bool("sample_varying"));
  EXPECT_FALSE(scalars.dataset("amplitude").read_bool("time_varying"));

  h5::Group t0 = root.group("t0_fields");
  EXPECT_EQ(t0.read_strings("field_names"), (std::vector<std::string>{"u", "v"}));
  h5::Dataset u = t0.dataset("u");
  EXPECT_EQ(u.shape(), (std::vector<h5::hsize>{4, 5, 4, 6}));
  EXPECT_EQ(u.storage().chunk, (std::vector<h5::hsize>{1, 5, 4, 6}));  // all 5 frames fit in 4 MiB
  EXPECT_EQ(u.storage().gzip_level, 4);
  EXPECT_TRUE(u.storage().fletcher32);
  EXPECT_EQ(u.read_bools("dim_varying"), (std::vector<bool>{true, true}));
  EXPECT_TRUE(u.read_bool("sample_varying"));
  EXPECT_TRUE(u.read_bool("time_varying"));
  EXPECT_TRUE(root.group("t1_fields").read_strings("field_names").empty());
  EXPECT_TRUE(root.group("t2_fields").read_strings("field_names").empty());

  EXPECT_EQ(root.group("simforge").group("diagnostics").read_strings("field_names"),
            (std::vector<std::string>{"max_cfl"}));
  EXPECT_EQ(root.group("simforge").dataset("sample_complete").read_all_u8(), (std::vector<std::uint8_t>(4, 1)));
}

// A vector field is one [N, T, *S, D] dataset in t1_fields/ (The Well's layout), written and read
// as one field per component.
TEST_F(DatasetTest, VectorFieldsAreStoredComponentLastAndReadAsComponents) {
  DatasetSpec s = small_spec();
  s.t0_fields = {"u"};
  s.t1_fields = {"velocity"};
  EXPECT_EQ(s.field_names(), (std::vector<std::string>{"u", "velocity_y", "velocity_x"}));
  const fs::path path = dir / "vectors.h5";
  {
    DatasetWriter w = DatasetWriter::create(path, s, false);
    write_samples(w, s, 0, 4);
    w.finish();
  }
  h5::File f = h5::File::open(path, false);
  h5::Group t1 = f.root().group("t1_fields");
  EXPECT_EQ(t1.read_strings("field_names"), (std::vector<std::string>{"velocity"}));
  h5::Dataset v = t1.dataset("velocity");
  ASSERT_EQ(v.shape(), (std::vector<h5::hsize>{4, 5, 4, 6, 2}));
  EXPECT_EQ(v.storage().chunk.back(), 2u);  // both components in every chunk
  std::vector<float> raw(4 * 5 * 4 * 6 * 2);
  v.read(raw.data(), {0, 0, 0, 0, 0}, {4, 5, 4, 6, 2});
  std::size_t k = 0;
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t t = 0; t < 5; ++t)
      for (std::size_t y = 0; y < 4; ++y)
        for (std::size_t x = 0; x < 6; ++x)
          for (std::size_t c = 0; c < 2; ++c) ASSERT_EQ(raw[k++], value(1 + c, i, t, y, x)) << i << t << y << x << c;
  const DatasetReader r(path);
  EXPECT_EQ(r.field_names(), s.field_names());
  EXPECT_EQ(r.info().spec.t1_fields, s.t1_fields);
  const std::vector<float> vx = r.read_window("velocity_x", 2, 1, 3);
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t y = 0; y < 4; ++y)
      for (std::size_t x = 0; x < 6; ++x) ASSERT_EQ(vx[(t * 4 + y) * 6 + x], value(2, 2, 1 + t, y, x));
  EXPECT_THROW(r.read_sample("velocity", 0), Error);  // a vector is read by component
  // A file of another field layout is not resumed: the component names differ.
  DatasetSpec scalar = s;
  scalar.t1_fields.clear();
  scalar.t0_fields = {"u", "velocity_y", "velocity_x"};
  EXPECT_EQ(spec_difference(r.info().spec, scalar), "t1_fields differs: stored [velocity], this run []");
}

TEST_F(DatasetTest, ChunksHoldAsManyFramesAsFitInFourMiB) {
  DatasetSpec spec = small_spec();
  spec.spatial_shape = {512, 1024};  // 2 MiB per float32 frame: 2 frames per chunk
  spec.coordinates = {std::vector<double>(512, 0.0), std::vector<double>(1024, 0.0)};
  spec.n_trajectories = 1;
  DatasetWriter w = DatasetWriter::create(dir / "big.h5", spec, false);
  h5::File f = h5::File::open(dir / "big.h5.partial", false);
  EXPECT_EQ(f.root().group("t0_fields").dataset("u").storage().chunk, (std::vector<h5::hsize>{1, 2, 512, 1024}));
}

TEST_F(DatasetTest, CreateRefusesAnExistingOutputAndLeavesItUntouched) {
  const fs::path out = dir / "data.h5";
  std::ofstream(out) << "precious";
  try {
    DatasetWriter::create(out, small_spec(), false);
    FAIL() << "create did not refuse an existing output";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(out.string() + " exists; pass --overwrite to replace it"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(slurp(out), "precious");
  EXPECT_FALSE(fs::exists(dir / "data.h5.partial"));
}

TEST_F(DatasetTest, OverwriteReplacesTheOldOutputOnlyWhenFinished) {
  const fs::path out = dir / "data.h5";
  std::ofstream(out) << "old";
  const DatasetSpec spec = small_spec();
  DatasetWriter w = DatasetWriter::create(out, spec, true);
  write_samples(w, spec, 0, 4);
  EXPECT_EQ(slurp(out), "old");  // a crash now would still leave the old dataset
  w.finish();
  DatasetReader r(out);
  EXPECT_EQ(r.info().samples_complete, 4u);
  EXPECT_EQ(r.read_window("u", 2, 4, 1).back(), value(0, 2, 4, 3, 5));
}

TEST_F(DatasetTest, FinishRequiresEverySample) {
  const DatasetSpec spec = small_spec();
  DatasetWriter w = DatasetWriter::create(dir / "data.h5", spec, false);
  write_samples(w, spec, 0, 2);
  try {
    w.finish();
    FAIL() << "finish accepted missing samples";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("2 of 4 samples are not written (the first is sample 2)"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / "data.h5"));
  Block bad(spec, 3, 1);
  bad.view.count = 2;  // samples [3, 5) of 4
  EXPECT_THROW(w.write(bad.view), Error);
}

// An incomplete .partial can be inspected: it says how far it got and refuses unwritten samples.
TEST_F(DatasetTest, ReaderShowsProgressOfAPartialFile) {
  const DatasetSpec spec = small_spec();
  {
    DatasetWriter w = DatasetWriter::create(dir / "data.h5", spec, false);
    write_samples(w, spec, 0, 2);
  }  // destroyed without finish()
  DatasetReader r(dir / "data.h5.partial");
  EXPECT_FALSE(r.info().complete);
  EXPECT_EQ(r.info().samples_complete, 2u);
  EXPECT_EQ(r.read_sample("u", 1)[0], value(0, 1, 0, 0, 0));
  EXPECT_TRUE(std::isnan(r.read_diagnostic("max_cfl")[3]));
  try {
    r.read_sample("u", 3);
    FAIL() << "read an unwritten sample";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("sample 3 is not complete"), std::string::npos) << e.what();
  }
  EXPECT_EQ(r.field_stats("u").max, 100.0 + 40.0 + 3.0 + 0.625);  // complete samples only
}

// Every sample of every field, scalar and diagnostic of two finished datasets, bit for bit.
void expect_same_data(const fs::path& a, const fs::path& b) {
  DatasetReader ra(a), rb(b);
  const DatasetSpec& s = ra.info().spec;
  for (const auto& f : s.t0_fields)
    for (std::size_t i = 0; i < s.n_trajectories; ++i) {
      const auto x = ra.read_sample(f, i), y = rb.read_sample(f, i);
      ASSERT_EQ(x.size(), y.size());
      EXPECT_EQ(std::memcmp(x.data(), y.data(), x.size() * sizeof(float)), 0) << f << " sample " << i;
    }
  EXPECT_EQ(ra.read_scalar("amplitude"), rb.read_scalar("amplitude"));
  EXPECT_EQ(ra.read_diagnostic("max_cfl"), rb.read_diagnostic("max_cfl"));
}

TEST_F(DatasetTest, ResumeContinuesAnInterruptedFileAndEndsIdentical) {
  const DatasetSpec spec = small_spec();
  {
    DatasetWriter w = DatasetWriter::create(dir / "whole.h5", spec, false);
    write_samples(w, spec, 0, 2);
    write_samples(w, spec, 2, 2);
    w.finish();
  }
  {
    DatasetWriter w = DatasetWriter::create(dir / "resumed.h5", spec, false);
    write_samples(w, spec, 0, 2);
  }  // interrupted: destroyed without finish()
  DatasetWriter w = DatasetWriter::resume(dir / "resumed.h5", spec);
  EXPECT_EQ(w.completed(), (std::vector<bool>{true, true, false, false}));
  EXPECT_EQ(w.completed_count(), 2u);
  write_samples(w, spec, 2, 2);
  w.finish();
  EXPECT_FALSE(fs::exists(dir / "resumed.h5.partial"));
  expect_same_data(dir / "whole.h5", dir / "resumed.h5");
}

// A real crash: the writing process is killed (SIGKILL, no destructors, no close) after one block.
TEST_F(DatasetTest, ResumeAfterKillNineEndsIdentical) {
  const DatasetSpec spec = small_spec();
  const fs::path out = dir / "killed.h5";
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    try {
      DatasetWriter w = DatasetWriter::create(out, spec, false);
      write_samples(w, spec, 0, 2);
      ::kill(::getpid(), SIGKILL);
    } catch (...) {
    }
    ::_exit(3);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);

  DatasetWriter w = DatasetWriter::resume(out, spec);
  EXPECT_EQ(w.completed(), (std::vector<bool>{true, true, false, false}));
  write_samples(w, spec, 2, 2);
  w.finish();

  DatasetWriter whole = DatasetWriter::create(dir / "whole.h5", spec, false);
  write_samples(whole, spec, 0, 4);
  whole.finish();
  expect_same_data(dir / "whole.h5", out);
}

// Another process (a second `simforge info`, resume or create) must not touch a file being written,
// nor call it corrupt and advise --overwrite. The child forks before the file is opened, so that it
// is a separate HDF5 client, and waits on a pipe until the parent has the file open.
TEST_F(DatasetTest, AFileBeingWrittenIsReportedInUseToOtherProcesses) {
  const DatasetSpec spec = small_spec();
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    char byte = 0;
    if (::read(ready[0], &byte, 1) != 1) ::_exit(64);
    int code = 0;
    auto in_use = [](const std::string& m) {
      return m.find("live.h5.partial is in use by another process") != std::string::npos &&
             m.find("--overwrite") == std::string::npos;
    };
    try {
      DatasetReader r(dir / "live.h5.partial");
      code |= 1;
    } catch (const Error& e) {
      code |= in_use(e.what()) ? 0 : 2;
    }
    try {
      DatasetWriter::resume(dir / "live.h5", spec);
      code |= 4;
    } catch (const Error& e) {
      code |= in_use(e.what()) ? 0 : 8;
    }
    try {
      DatasetWriter::create(dir / "live.h5", spec, true);
      code |= 16;
    } catch (const Error& e) {
      code |= in_use(e.what()) ? 0 : 32;
    }
    ::_exit(code);
  }
  DatasetWriter w = DatasetWriter::create(dir / "live.h5", spec, false);
  write_samples(w, spec, 0, 2);
  ASSERT_EQ(::write(ready[1], "x", 1), 1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ::close(ready[0]);
  ::close(ready[1]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "bit mask of failed expectations in the child";
  write_samples(w, spec, 2, 2);  // the live file was left alone
  w.finish();
  EXPECT_EQ(DatasetReader(dir / "live.h5").read_sample("u", 1)[0], value(0, 1, 0, 0, 0));
}

TEST_F(DatasetTest, ResumeRefusesADifferentConfigAndNamesTheDifference) {
  const DatasetSpec spec = small_spec();
  {
    DatasetWriter w = DatasetWriter::create(dir / "data.h5", spec, false);
    write_samples(w, spec, 0, 2);
  }
  DatasetSpec changed = spec;
  changed.config_yaml = "solver: ns2d\nnu: 0.02\nsamples: 4\n";
  try {
    DatasetWriter::resume(dir / "data.h5", changed);
    FAIL() << "resume accepted a different config";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("config text differs at line 2: stored 'nu: 0.01', this run 'nu: 0.02'"), std::string::npos) << m;
    EXPECT_NE(m.find("--overwrite"), std::string::npos) << m;
  }
  DatasetSpec more = spec;
  more.n_trajectories = 8;
  try {
    DatasetWriter::resume(dir / "data.h5", more);
    FAIL() << "resume accepted a different n_trajectories";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("n_trajectories differs: stored 4, this run 8"), std::string::npos)
        << e.what();
  }
  // The refused attempts left the file as it was.
  EXPECT_EQ(DatasetWriter::resume(dir / "data.h5", spec).completed_count(), 2u);
}

TEST_F(DatasetTest, ResumeExplainsAMissingOrCorruptPartialFile) {
  try {
    DatasetWriter::resume(dir / "none.h5", small_spec());
    FAIL() << "resumed nothing";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("none.h5.partial does not exist"), std::string::npos) << e.what();
  }
  std::ofstream(dir / "junk.h5.partial") << "not a dataset";
  try {
    DatasetWriter::resume(dir / "junk.h5", small_spec());
    FAIL() << "resumed a corrupt file";
  } catch (const Error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("junk.h5.partial cannot be opened or is corrupt; pass --overwrite"), std::string::npos) << m;
  }
}

}  // namespace
}  // namespace simforge::io
