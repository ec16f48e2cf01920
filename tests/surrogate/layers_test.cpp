// Every layer: fast path (oneDNN / cuDNN / Thrust kernels, float) against the plain reference,
// forward and all gradients; the reference against finite differences in double.
//
// Tolerances (scaled errors: max |fast - ref| / max |ref|): float rounding of sums of K products
// is at most ~K * 2^-24 relative to the sum of magnitudes; K <= 5*5*4 = 100 here, so 2e-5 bounds
// convolutions; GroupNorm divides by a standard deviation (~0.6 for uniform inputs) and sums
// over a group, 5e-5; the spectral convolution adds two FFT round trips (error ~ log2(N) eps
// each), 5e-5. Element-wise layers are exact up to one rounding of erf/exp: 1e-6.
#include "layer_check.hpp"
#include "surrogate/layers.hpp"
#include "surrogate/reference.hpp"

namespace simforge::surrogate {
namespace {

namespace ref = reference;
using testing::check_layer;
using testing::VecD;

void check_conv(ConvSpec spec, Dims in) {
  const Conv layer(spec);
  const int kh = spec.rank == 2 ? spec.kernel : 1;
  const ref::ConvRef g{spec.c_out, kh, spec.kernel, spec.stride, spec.padding == Padding::Circular, spec.bias};
  check_layer(
      layer, {in, 2e-5, 2e-5}, [&](const VecD& x, const VecD& p) { return ref::conv_forward(in, g, x, p); },
      [&](const VecD& x, const VecD& p, const VecD& dy, VecD& dx) { return ref::conv_backward(in, g, x, p, dy, dx); });
}

TEST(Conv2d, ZeroPaddingKernel3) { check_conv({2, 3, 4, 3, 1, Padding::Zero, true}, {2, 3, 6, 5}); }
TEST(Conv2d, CircularPaddingKernel3) { check_conv({2, 3, 4, 3, 1, Padding::Circular, true}, {2, 3, 6, 5}); }
TEST(Conv2d, CircularPaddingKernel5) { check_conv({2, 2, 3, 5, 1, Padding::Circular, true}, {2, 2, 4, 6}); }
TEST(Conv2d, PointwiseWithoutBias) { check_conv({2, 4, 3, 1, 1, Padding::Zero, false}, {3, 4, 4, 4}); }
TEST(Conv2d, StridedDownsampling) { check_conv({2, 3, 4, 3, 2, Padding::Zero, true}, {2, 3, 8, 6}); }
TEST(Conv1d, CircularPaddingKernel3) { check_conv({1, 3, 2, 3, 1, Padding::Circular, true}, {2, 3, 1, 10}); }
TEST(Conv1d, ZeroPaddingKernel5) { check_conv({1, 2, 3, 5, 1, Padding::Zero, true}, {2, 2, 1, 9}); }

TEST(ConvTranspose, Upsample2d) {
  const Dims in{2, 4, 3, 4};
  const ConvTranspose layer(2, 4, 3, 2);
  check_layer(
      layer, {in, 2e-5, 2e-5}, [&](const VecD& x, const VecD& p) { return ref::conv_transpose_forward(in, 3, 2, x, p); },
      [&](const VecD& x, const VecD& p, const VecD& dy, VecD& dx) { return ref::conv_transpose_backward(in, 3, 2, x, p, dy, dx); });
}
TEST(ConvTranspose, Upsample1d) {
  const Dims in{2, 3, 1, 5};
  const ConvTranspose layer(1, 3, 2, 2);
  check_layer(
      layer, {in, 2e-5, 2e-5}, [&](const VecD& x, const VecD& p) { return ref::conv_transpose_forward(in, 2, 2, x, p); },
      [&](const VecD& x, const VecD& p, const VecD& dy, VecD& dx) { return ref::conv_transpose_backward(in, 2, 2, x, p, dy, dx); });
}

void check_group_norm(Dims in, int groups) {
  const GroupNorm layer(in.c, groups);
  check_layer(
      layer, {in, 5e-5, 5e-5}, [&](const VecD& x, const VecD& p) { return ref::group_norm_forward(in, groups, 1e-5, x, p); },
      [&](const VecD& x, const VecD& p, const VecD& dy, VecD& dx) {
        return ref::group_norm_backward(in, groups, 1e-5, x, p, dy, dx);
      });
}
TEST(GroupNorm, TwoDimensional) { check_group_norm({2, 6, 4, 5}, 3); }
TEST(GroupNorm, OneDimensionalSingleGroup) { check_group_norm({3, 4, 1, 12}, 1); }

TEST(ActivationLayer, Gelu) {
  const Dims in{2, 3, 4, 5};
  check_layer(
      Activation(ops::Activation::Gelu), {in, 1e-6, 1e-6}, [](const VecD& x, const VecD&) { return ref::gelu_forward(x); },
      [](const VecD& x, const VecD&, const VecD& dy, VecD& dx) {
        dx = ref::gelu_backward(x, dy);
        return VecD{};
      });
}
TEST(ActivationLayer, Relu) {
  const Dims in{2, 3, 1, 7};
  check_layer(
      Activation(ops::Activation::Relu), {in, 1e-6, 1e-6}, [](const VecD& x, const VecD&) { return ref::relu_forward(x); },
      [](const VecD& x, const VecD&, const VecD& dy, VecD& dx) {
        dx = ref::relu_backward(x, dy);
        return VecD{};
      });
}

TEST(AvgPoolLayer, TwoAndOneDimensional) {
  for (const Dims in : {Dims{2, 3, 4, 6}, Dims{2, 2, 1, 8}}) {
    check_layer(
        AvgPool(), {in, 1e-6, 1e-6}, [&](const VecD& x, const VecD&) { return ref::avg_pool_forward(in, x); },
        [&](const VecD&, const VecD&, const VecD& dy, VecD& dx) {
          dx = ref::avg_pool_backward(in, dy);
          return VecD{};
        });
  }
}

void check_spectral(Dims in, int c_out, int m1, int m2) {
  const SpectralConv layer(in.h == 1 ? 1 : 2, in.c, c_out, m1, m2);
  const ref::SpectralRef g{c_out, m1, m2};
  check_layer(
      layer, {in, 5e-5, 5e-5}, [&](const VecD& x, const VecD& p) { return ref::spectral_forward(in, g, x, p); },
      [&](const VecD& x, const VecD& p, const VecD& dy, VecD& dx) { return ref::spectral_backward(in, g, x, p, dy, dx); });
}
TEST(SpectralConv, TwoDimensional) { check_spectral({2, 3, 8, 8}, 2, 2, 3); }
TEST(SpectralConv, TwoDimensionalAllModesNonSquare) { check_spectral({2, 2, 6, 8}, 3, 3, 4); }
TEST(SpectralConv, OneDimensional) { check_spectral({2, 3, 1, 16}, 2, 1, 5); }

TEST(SpectralConv, RejectsTooManyModes) {
  Stream s;
  Runtime rt(s);
  const SpectralConv layer(2, 1, 1, 5, 2);
  Tensor x(Dims{1, 1, 8, 8}.shape()), y;
  auto ctx = layer.make_context();
  EXPECT_THROW(layer.forward(rt, nullptr, x, y, *ctx), Error);
}

// The FNO block composes two tested layers; check the composition (sum, activation, gradient
// accumulation into dx) against the composed references.
TEST(FnoBlockLayer, MatchesComposedReferences) {
  const Dims in{2, 3, 8, 8};
  const FnoBlock block(2, 3, 2, 3, ops::Activation::Gelu);
  const ref::SpectralRef sg{3, 2, 3};
  const ref::ConvRef cg{3, 1, 1, 1, false, true};
  const std::size_t ns = 2 * 3 * 3 * 4 * 3;
  auto split = [&](const VecD& p) { return std::pair{VecD(p.begin(), p.begin() + ns), VecD(p.begin() + ns, p.end())}; };
  auto pre = [&](const VecD& x, const VecD& p) {
    auto [ps, pc] = split(p);
    VecD a = ref::spectral_forward(in, sg, x, ps), b = ref::conv_forward(in, cg, x, pc);
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += b[i];
    return a;
  };
  check_layer(
      block, {in, 5e-5, 5e-5}, [&](const VecD& x, const VecD& p) { return ref::gelu_forward(pre(x, p)); },
      [&](const VecD& x, const VecD& p, const VecD& dy, VecD& dx) {
        auto [ps, pc] = split(p);
        const VecD gz = ref::gelu_backward(pre(x, p), dy);
        VecD dx1, dx2;
        VecD dp = ref::spectral_backward(in, sg, x, ps, gz, dx1);
        const VecD dpc = ref::conv_backward(in, cg, x, pc, gz, dx2);
        dp.insert(dp.end(), dpc.begin(), dpc.end());
        dx = dx1;
        for (std::size_t i = 0; i < dx.size(); ++i) dx[i] += dx2[i];
        return dp;
      });
}

}  // namespace
}  // namespace simforge::surrogate
