// Exports: sample copies, The Well's statistics (against a direct two-pass computation), the
// PDEBench layouts (x-major axes, names, shapes) and the XDMF document.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <numeric>

#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/hdf5.hpp"
#include "io/pdebench_export.hpp"
#include "io/well_export.hpp"
#include "io/xdmf.hpp"

namespace simforge::io {
namespace {

namespace fs = std::filesystem;

// A value that differs in every index, so that any transposition or offset shows.
float value(std::size_t f, std::size_t i, std::size_t t, std::size_t p) {
  return float(std::sin(0.37 * double(p) + 1.3 * double(t) * double(f + 1)) + 0.01 * double(i) + double(t) * double(t) * 0.05);
}

// `n` trajectories of `fields` on a [ny, nx] grid (ny = 1: a 1-D dataset) with `nt` times.
fs::path make_dataset(const fs::path& dir, const std::string& name, std::vector<std::string> fields, std::size_t ny, std::size_t nx,
                      std::size_t nt, std::size_t n) {
  DatasetSpec s;
  s.dataset_name = name;
  if (ny > 1) {
    s.spatial_dims = {"y", "x"};
    s.spatial_shape = {ny, nx};
    s.coordinates = {std::vector<double>(ny), std::vector<double>(nx)};
    for (std::size_t k = 0; k < ny; ++k) s.coordinates[0][k] = 0.5 * double(k);
    s.boundaries = {AxisBoundary{}, AxisBoundary{}};
  } else {
    s.spatial_dims = {"x"};
    s.spatial_shape = {nx};
    s.coordinates = {std::vector<double>(nx)};
    s.boundaries = {AxisBoundary{}};
  }
  for (std::size_t k = 0; k < nx; ++k) s.coordinates.back()[k] = 0.25 * double(k);
  for (std::size_t t = 0; t < nt; ++t) s.times.push_back(0.1 * double(t));
  s.n_trajectories = n;
  s.t0_fields = std::move(fields);
  s.constant_parameters = {"beta"};
  s.constant_values = {0.4};
  s.sample_scalars = {"amplitude"};
  s.config_yaml = "name: " + name + "\n";
  const fs::path path = dir / (name + ".h5");
  DatasetWriter w = DatasetWriter::create(path, s, true);
  const std::size_t frame = s.frame_size();
  std::vector<std::vector<float>> data(s.t0_fields.size(), std::vector<float>(n * nt * frame));
  for (std::size_t f = 0; f < data.size(); ++f)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t t = 0; t < nt; ++t)
        for (std::size_t p = 0; p < frame; ++p) data[f][(i * nt + t) * frame + p] = value(f, i, t, p);
  std::vector<double> amplitude(n);
  std::iota(amplitude.begin(), amplitude.end(), 10.0);
  SampleBlock b{.first = 0, .count = n};
  for (const auto& d : data) b.fields.push_back(d.data());
  b.scalars = {amplitude.data()};
  w.write(b);
  w.finish();
  return path;
}

class ExportsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("simforge_exports_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

TEST_F(ExportsTest, CopiedTrajectoriesEqualTheSourceInTheGivenOrder) {
  const DatasetReader src(make_dataset(dir_, "src", {"u", "v"}, 3, 4, 5, 6));
  copy_samples(src, {4, 1, 5}, dir_ / "copy.h5", false);
  const DatasetReader copy(dir_ / "copy.h5");
  ASSERT_TRUE(copy.info().complete);
  EXPECT_EQ(copy.info().spec.n_trajectories, 3u);
  EXPECT_EQ(copy.info().spec.config_yaml, src.info().spec.config_yaml);
  const std::vector<std::size_t> from = {4, 1, 5};
  for (std::size_t k = 0; k < 3; ++k) {
    EXPECT_EQ(copy.read_sample("v", k), src.read_sample("v", from[k]));
    EXPECT_EQ(copy.read_scalar("amplitude")[k], 10.0 + double(from[k]));
  }
  EXPECT_THROW(copy_samples(src, {0}, dir_ / "copy.h5", false), Error);  // exists: needs overwrite
  EXPECT_THROW(copy_samples(src, {6}, dir_ / "other.h5", false), Error);  // out of range
}

// Windows of 2 frames (a frame of 2^19 points) exercise the overlap between windows.
TEST_F(ExportsTest, WellStatsEqualADirectTwoPassComputation) {
  for (std::size_t nx : {std::size_t(8), std::size_t(1) << 19}) {
    const std::string name = "stats" + std::to_string(nx);
    const DatasetReader src(make_dataset(dir_, name, {"u"}, 1, nx, 5, 3));
    const std::vector<std::size_t> samples = {0, 2};
    const std::vector<WellFieldStats> st = well_stats(src, samples);
    ASSERT_EQ(st.size(), 1u);
    double sum = 0, n = 0, dsum = 0, dn = 0;
    for (std::size_t i : samples)
      for (std::size_t t = 0; t < 5; ++t)
        for (std::size_t p = 0; p < nx; ++p) {
          sum += value(0, i, t, p), n += 1;
          if (t) dsum += double(value(0, i, t, p)) - double(value(0, i, t - 1, p)), dn += 1;
        }
    const double mean = sum / n, dmean = dsum / dn;
    double var = 0, dvar = 0, sq = 0;
    for (std::size_t i : samples)
      for (std::size_t t = 0; t < 5; ++t)
        for (std::size_t p = 0; p < nx; ++p) {
          const double v = value(0, i, t, p);
          var += (v - mean) * (v - mean), sq += v * v;
          if (t) {
            const double d = v - double(value(0, i, t - 1, p));
            dvar += (d - dmean) * (d - dmean);
          }
        }
    EXPECT_EQ(st[0].value.count, n) << nx;
    EXPECT_EQ(st[0].delta.count, dn) << nx;
    // Sums in double over <= 5e6 values: 1e-10 relative is far below float32 data's 6e-8.
    EXPECT_NEAR(st[0].value.mean(), mean, 1e-10 * std::sqrt(sq / n)) << nx;
    EXPECT_NEAR(st[0].value.std_dev(), std::sqrt(var / n), 1e-9 * std::sqrt(var / n)) << nx;
    EXPECT_NEAR(st[0].value.rms(), std::sqrt(sq / n), 1e-10 * std::sqrt(sq / n)) << nx;
    EXPECT_NEAR(st[0].delta.mean(), dmean, 1e-9 * std::abs(dmean)) << nx;
    EXPECT_NEAR(st[0].delta.std_dev(), std::sqrt(dvar / dn), 1e-8 * std::sqrt(dvar / dn)) << nx;
    const std::string y = well_stats_yaml(src.info().spec, st);
    for (const char* key : {"mean:\n  u: ", "std:\n  u: ", "rms:\n  u: ", "mean_delta:\n  u: ", "std_delta:\n  u: ", "rms_delta:\n  u: "})
      EXPECT_NE(y.find(key), std::string::npos) << key;
  }
}

// PDEBench's arrays index space x first: element [.., x, y] is Simforge's [.., y, x].
TEST_F(ExportsTest, PdebenchCfdLayoutIsXMajorWithPdebenchNames) {
  const fs::path p = make_dataset(dir_, "cfd", {"density", "pressure", "velocity_x", "velocity_y"}, 3, 4, 2, 2);
  const DatasetReader src(p);
  EXPECT_EQ(pdebench_layout_for(src.info().spec).name, "cfd");
  pdebench_layout("cfd").write(src, dir_ / "cfd_pdebench.hdf5", {});
  h5::File f = h5::File::open(dir_ / "cfd_pdebench.hdf5", false);
  const std::vector<std::pair<std::string, std::size_t>> names = {{"density", 0}, {"pressure", 1}, {"Vx", 2}, {"Vy", 3}};
  for (const auto& [name, field] : names) {
    h5::Dataset d = f.root().dataset(name);
    ASSERT_EQ(d.shape(), (std::vector<h5::hsize>{2, 2, 4, 3})) << name;  // [N, T, X, Y]
    std::vector<float> v(2 * 2 * 4 * 3);
    d.read(v.data(), {0, 0, 0, 0}, {2, 2, 4, 3});
    for (std::size_t i = 0; i < 2; ++i)
      for (std::size_t t = 0; t < 2; ++t)
        for (std::size_t x = 0; x < 4; ++x)
          for (std::size_t y = 0; y < 3; ++y)
            ASSERT_EQ(v[((i * 2 + t) * 4 + x) * 3 + y], value(field, i, t, y * 4 + x)) << name;
  }
  EXPECT_EQ(f.root().dataset("x-coordinate").shape(), (std::vector<h5::hsize>{4}));
  EXPECT_EQ(f.root().dataset("y-coordinate").shape(), (std::vector<h5::hsize>{3}));
  EXPECT_DOUBLE_EQ(f.root().read_double("beta"), 0.4);
}

TEST_F(ExportsTest, PdebenchDarcyLayoutHoldsNuAndTensor) {
  const DatasetReader src(make_dataset(dir_, "darcy", {"coefficient", "solution"}, 3, 4, 1, 2));
  EXPECT_EQ(pdebench_layout_for(src.info().spec).name, "darcy");
  pdebench_layout("darcy").write(src, dir_ / "darcy_pdebench.hdf5", {});
  h5::File f = h5::File::open(dir_ / "darcy_pdebench.hdf5", false);
  ASSERT_EQ(f.root().dataset("nu").shape(), (std::vector<h5::hsize>{2, 4, 3}));
  ASSERT_EQ(f.root().dataset("tensor").shape(), (std::vector<h5::hsize>{2, 1, 4, 3}));
  std::vector<float> nu(24), u(24);
  f.root().dataset("nu").read(nu.data(), {0, 0, 0}, {2, 4, 3});
  f.root().dataset("tensor").read(u.data(), {0, 0, 0, 0}, {2, 1, 4, 3});
  for (std::size_t i = 0; i < 2; ++i)
    for (std::size_t x = 0; x < 4; ++x)
      for (std::size_t y = 0; y < 3; ++y) {
        EXPECT_EQ(nu[(i * 4 + x) * 3 + y], value(0, i, 0, y * 4 + x));
        EXPECT_EQ(u[(i * 4 + x) * 3 + y], value(1, i, 0, y * 4 + x));
      }
  EXPECT_FALSE(f.root().has("t-coordinate"));  // PDEBench's Darcy files have none
}

TEST_F(ExportsTest, PdebenchLayoutsSayWhyTheyDoNotFit) {
  const DatasetReader two_d(make_dataset(dir_, "g", {"u", "v"}, 3, 4, 2, 2));
  EXPECT_EQ(pdebench_layout_for(two_d.info().spec).name, "groups");
  EXPECT_NE(pdebench_layout("tensor").unsuitable(two_d.info().spec).find("1-D"), std::string::npos);
  EXPECT_NE(pdebench_layout("darcy").unsuitable(two_d.info().spec).find("steady"), std::string::npos);
  EXPECT_NE(pdebench_layout("cfd").unsuitable(two_d.info().spec).find("density"), std::string::npos);
  EXPECT_THROW(pdebench_layout("netcdf"), Error);
  const DatasetReader one_d(make_dataset(dir_, "t", {"u"}, 1, 8, 3, 2));
  EXPECT_EQ(pdebench_layout_for(one_d.info().spec).name, "tensor");
}

TEST_F(ExportsTest, XdmfDescribesEveryFrameAsAHyperslabOfTheFile) {
  const DatasetReader src(make_dataset(dir_, "x", {"u", "v"}, 3, 4, 5, 6));
  const std::string x = xdmf_document(src.info().spec, "x.h5", 1, 2);
  auto count = [&](const std::string& s) {
    std::size_t n = 0;
    for (std::size_t p = x.find(s); p != std::string::npos; p = x.find(s, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("CollectionType=\"Temporal\""), 2u);          // trajectories 1 and 2
  EXPECT_EQ(count("<Time Value="), 10u);                        // 5 times each
  EXPECT_EQ(count("x.h5:/t0_fields/u"), 10u);
  EXPECT_NE(x.find("Dimensions=\"3 4\" Format=\"XML\">2 4 0 0 1 1 1 1 1 1 3 4<"), std::string::npos);  // sample 2, frame 4
  EXPECT_NE(x.find("TopologyType=\"2DRectMesh\" Dimensions=\"3 4\""), std::string::npos);
  EXPECT_THROW(xdmf_document(src.info().spec, "x.h5", 5, 2), Error);
}

}  // namespace
}  // namespace simforge::io
