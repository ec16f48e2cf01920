#pragma once
// The layer-test harness: (1) the plain reference's gradients against central finite differences
// in double; (2) the fast path (float, the build's backend) against the reference, forward and
// every gradient.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "kernels/buffer.hpp"
#include "surrogate/layer.hpp"

namespace simforge::surrogate::testing {

using VecD = std::vector<double>;
using RefForward = std::function<VecD(const VecD& x, const VecD& p)>;
using RefBackward = std::function<VecD(const VecD& x, const VecD& p, const VecD& dy, VecD& dx)>;  // returns dp

inline VecD random_vector(std::size_t n, unsigned seed, double lo = -1, double hi = 1) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(lo, hi);
  VecD v(n);
  for (double& x : v) x = float(u(g));  // representable in float: fast and reference see the same inputs
  return v;
}

inline double max_abs(const VecD& v) {
  double m = 0;
  for (double x : v) m = std::max(m, std::abs(x));
  return m;
}

// max |a - b| relative to max |b| (the scale of the quantity; entries near zero are not singled out).
inline double scaled_error(const VecD& a, const VecD& b) {
  EXPECT_EQ(a.size(), b.size());
  double e = 0;
  for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) e = std::max(e, std::abs(a[i] - b[i]));
  return e / std::max(max_abs(b), 1e-30);
}

// Central differences of L = <dy, f(x, p)> with respect to x and p, at up to `samples` entries of
// each. Step 1e-6: truncation error O(h^2 f''') ~ 1e-12, round-off ~ 1e-16 |L| / h ~ 1e-9 for
// |L| ~ 10, so 1e-6 relative agreement is a strict test of the analytic gradient.
inline void finite_difference_check(const RefForward& f, const RefBackward& b, const VecD& x, const VecD& p, std::size_t out_size,
                                    std::size_t samples = 40) {
  const VecD dy = random_vector(out_size, 99);
  VecD dx;
  const VecD dp = b(x, p, dy, dx);
  auto loss = [&](const VecD& xx, const VecD& pp) {
    const VecD y = f(xx, pp);
    double s = 0;
    for (std::size_t i = 0; i < y.size(); ++i) s += dy[i] * y[i];
    return s;
  };
  const double h = 1e-6;
  auto check = [&](const VecD& base, const VecD& grad, bool is_x, const char* what) {
    if (base.empty()) return;
    const std::size_t stride = std::max<std::size_t>(1, base.size() / samples);
    double worst = 0;
    for (std::size_t i = 0; i < base.size(); i += stride) {
      VecD plus = base, minus = base;
      plus[i] += h;
      minus[i] -= h;
      const double num = is_x ? (loss(plus, p) - loss(minus, p)) / (2 * h) : (loss(x, plus) - loss(x, minus)) / (2 * h);
      worst = std::max(worst, std::abs(num - grad[i]));
    }
    EXPECT_LT(worst / std::max(max_abs(grad), 1e-12), 1e-6) << "finite differences disagree with the " << what << " gradient";
  };
  ASSERT_EQ(dx.size(), x.size());
  ASSERT_EQ(dp.size(), p.size());
  check(x, dx, true, "input");
  check(p, dp, false, "parameter");
}

inline Tensor upload(const VecD& v, const Dims& d) {
  std::vector<float> f(v.begin(), v.end());
  Stream s;
  Tensor t(d.shape());
  if (!f.empty()) device::copy(t.data(), f.data(), f.size() * sizeof(float), CopyKind::HostToDevice, s);
  s.synchronize();
  return t;
}
inline VecD download(const float* p, std::size_t n, const Stream& s) {
  const std::vector<float> h = to_host_span(p, n, s);
  return VecD(h.begin(), h.end());
}

struct LayerCase {
  Dims in;
  double forward_tol, backward_tol;  // scaled errors allowed for the float fast path
  bool input_grad = true;
};

// Runs the fast path of `layer` and compares with the reference; then checks the reference with
// finite differences. Parameters are random (not the layer's initialization) so that every
// weight matters.
inline void check_layer(const Layer& layer, const LayerCase& c, const RefForward& ref_f, const RefBackward& ref_b) {
  Stream stream;
  Runtime rt(stream);
  const VecD x = random_vector(c.in.size(), 1);
  const VecD p = random_vector(layer.parameter_count(), 2, -0.5, 0.5);
  const Dims out = layer.output_dims(c.in);
  const VecD dy = random_vector(out.size(), 3);

  const Tensor xd = upload(x, c.in), dyd = upload(dy, out);
  const Tensor pd = upload(p, {1, 1, 1, int(p.size())});
  Tensor y, dx;
  DeviceBuffer<float> dp(std::max<std::size_t>(1, p.size()));
  auto ctx = layer.make_context();
  layer.forward(rt, pd.data(), xd, y, *ctx);
  ASSERT_EQ(dims_of(y), out);
  layer.backward(rt, pd.data(), xd, y, dyd, c.input_grad ? &dx : nullptr, dp.data(), *ctx);
  stream.synchronize();

  const VecD y_ref = ref_f(x, p);
  VecD dx_ref;
  const VecD dp_ref = ref_b(x, p, dy, dx_ref);
  EXPECT_LT(scaled_error(download(y.data(), y.size(), stream), y_ref), c.forward_tol) << "forward";
  if (c.input_grad) EXPECT_LT(scaled_error(download(dx.data(), dx.size(), stream), dx_ref), c.backward_tol) << "input gradient";
  if (!p.empty()) EXPECT_LT(scaled_error(download(dp.data(), p.size(), stream), dp_ref), c.backward_tol) << "parameter gradient";

  finite_difference_check(ref_f, ref_b, x, p, out.size());
}

}  // namespace simforge::surrogate::testing
