// Simforge's layers against PyTorch: tests/data/golden_surrogate.h5, written by
// scripts/make_golden_surrogate.py (torch, float64) — conv with circular padding (1-D and 2-D),
// GroupNorm and the FNO spectral convolution (1-D and 2-D): forward, input and parameter gradients
// of L = sum(dy * y). Tolerances as in layers_test.cpp (float fast path against a double reference).
#include <gtest/gtest.h>

#include <string>

#include "io/hdf5.hpp"
#include "layer_check.hpp"
#include "surrogate/layers.hpp"

namespace simforge::surrogate {
namespace {

using testing::download;
using testing::scaled_error;
using testing::upload;
using testing::VecD;

void check_golden(const std::string& name, const Layer& layer, double tol) {
  const auto file = io::h5::File::open(std::string(SIMFORGE_SOURCE_DIR) + "/tests/data/golden_surrogate.h5", false);
  const io::h5::Group g = file.root().group(name);
  auto read = [&](const char* d) { return g.dataset(d).read_all_doubles(); };
  const VecD dv = read("dims"), x = read("x"), p = read("params"), dy = read("dy"), y_ref = read("y"), dx_ref = read("dx"),
             dp_ref = read("dparams");
  const Dims in{int(dv[0]), int(dv[1]), int(dv[2]), int(dv[3])};
  ASSERT_EQ(layer.parameter_count(), p.size()) << name;
  const Dims out = layer.output_dims(in);
  ASSERT_EQ(out.size(), y_ref.size()) << name;

  Stream stream;
  Runtime rt(stream);
  const Tensor xd = upload(x, in), dyd = upload(dy, out), pd = upload(p, {1, 1, 1, int(p.size())});
  Tensor y, dx;
  DeviceBuffer<float> dp(p.size());
  auto ctx = layer.make_context();
  layer.forward(rt, pd.data(), xd, y, *ctx);
  layer.backward(rt, pd.data(), xd, y, dyd, &dx, dp.data(), *ctx);
  stream.synchronize();
  EXPECT_LT(scaled_error(download(y.data(), y.size(), stream), y_ref), tol) << name << " forward";
  EXPECT_LT(scaled_error(download(dx.data(), dx.size(), stream), dx_ref), tol) << name << " input gradient";
  EXPECT_LT(scaled_error(download(dp.data(), dp.size(), stream), dp_ref), tol) << name << " parameter gradient";
}

TEST(GoldenPyTorch, Conv2dCircularPadding) {
  check_golden("conv2d_circular_k3", Conv({2, 3, 4, 3, 1, Padding::Circular, true}), 2e-5);
}
TEST(GoldenPyTorch, Conv1dCircularPadding) {
  check_golden("conv1d_circular_k5", Conv({1, 2, 3, 5, 1, Padding::Circular, true}), 2e-5);
}
TEST(GoldenPyTorch, GroupNorm) { check_golden("group_norm_g2", GroupNorm(4, 2), 5e-5); }
TEST(GoldenPyTorch, SpectralConv2d) { check_golden("spectral2d", SpectralConv(2, 3, 2, 2, 3), 5e-5); }
TEST(GoldenPyTorch, SpectralConv1d) { check_golden("spectral1d", SpectralConv(1, 3, 2, 1, 5), 5e-5); }

}  // namespace
}  // namespace simforge::surrogate
