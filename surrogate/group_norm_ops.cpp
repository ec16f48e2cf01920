// GroupNorm kernels (device source). Statistics are accumulated in double: a group holds up to
// C/G * H * W values (16 * 64 * 64 = 65536 in the benchmark U-Net), where float sums of squares
// lose digits that the finite-difference tests would see.
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "surrogate/ops.hpp"

namespace simforge::surrogate::ops {

namespace {

// One segment per (sample, group): a contiguous block of count = cpg * plane values. The
// statistics and their application run in one kernel (segmented_reduce_apply: a thread block per
// group on the GPU, a tree reduction, then the same block normalizes the group).
struct GroupMoments {
  const float* x;
  std::size_t count;
  SIMFORGE_HD Sum2 operator()(std::size_t ng, std::size_t e) const {
    const double v = x[ng * count + e];
    return Sum2{v, v * v};
  }
};

struct GroupApply {
  const float *x, *gamma, *beta;
  float *y, *mean, *rstd;
  int c, cpg;
  std::size_t plane, count;
  float eps;
  SIMFORGE_HD void operator()(std::size_t ng, std::size_t e, const Sum2& t) const {
    const double md = t.a / double(count), var = t.b / double(count) - md * md;
    const float m = float(md), r = float(1.0 / sqrt((var > 0 ? var : 0) + double(eps)));
    if (e == 0) {
      mean[ng] = m;
      rstd[ng] = r;
    }
    const std::size_t ch = (ng * std::size_t(cpg) + e / plane) % std::size_t(c), i = ng * count + e;
    y[i] = (x[i] - m) * r * gamma[ch] + beta[ch];
  }
};

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * gamma, per (sample, group).
struct GroupGradMoments {
  const float *x, *gamma, *mean, *rstd, *dy;
  int c, cpg;
  std::size_t plane, count;
  SIMFORGE_HD Sum2 operator()(std::size_t ng, std::size_t e) const {
    const std::size_t c0 = (ng * std::size_t(cpg)) % std::size_t(c), i = ng * count + e;
    const double g = double(dy[i]) * gamma[c0 + e / plane];
    return Sum2{g, g * ((x[i] - mean[ng]) * rstd[ng])};
  }
};

struct GroupGradApply {
  const float *x, *gamma, *mean, *rstd, *dy;
  float* dx;
  int c, cpg;
  std::size_t plane, count;
  SIMFORGE_HD void operator()(std::size_t ng, std::size_t e, const Sum2& t) const {
    const std::size_t c0 = (ng * std::size_t(cpg)) % std::size_t(c), i = ng * count + e;
    const float m = mean[ng], r = rstd[ng];
    const float mg = float(t.a / double(count)), mgx = float(t.b / double(count));
    const float g = dy[i] * gamma[c0 + e / plane], xhat = (x[i] - m) * r;
    dx[i] = r * (g - mg - xhat * mgx);
  }
};

// dgamma[c] = sum dy * xhat, dbeta[c] = sum dy over samples and space: one segment per channel,
// element i = k * plane + e of sample k.
struct AffineMoments {
  const float *x, *mean, *rstd, *dy;
  int c, cpg;
  std::size_t plane;
  SIMFORGE_HD Sum2 operator()(std::size_t ch, std::size_t i) const {
    const std::size_t k = i / plane, e = i % plane, nc = k * std::size_t(c) + ch, ng = nc / std::size_t(cpg);
    const std::size_t j = nc * plane + e;
    return Sum2{double(dy[j]) * ((x[j] - mean[ng]) * rstd[ng]), double(dy[j])};
  }
};

struct AffineStore {
  float *dgamma, *dbeta;
  SIMFORGE_HD void operator()(std::size_t ch, const Sum2& t) const {
    dgamma[ch] = float(t.a);
    dbeta[ch] = float(t.b);
  }
};

void check_groups(const Dims& d, int groups) {
  SIMFORGE_CHECK(groups >= 1 && d.c % groups == 0, "GroupNorm: ", d.c, " channels are not divisible into ", groups, " groups");
}

}  // namespace

void group_norm_forward(const Stream& s, const float* x, const float* gamma, const float* beta, float* y, float* mean,
                        float* rstd, const Dims& d, int groups, float eps) {
  check_groups(d, groups);
  const int cpg = d.c / groups;
  const std::size_t count = std::size_t(cpg) * d.plane();
  segmented_reduce_apply<Sum2>(s, std::size_t(d.n) * groups, count, GroupMoments{x, count},
                               GroupApply{x, gamma, beta, y, mean, rstd, d.c, cpg, d.plane(), count, eps});
}

void group_norm_backward(const Stream& s, const float* x, const float* gamma, const float* mean, const float* rstd,
                         const float* dy, float* dx, float* dgamma, float* dbeta, const Dims& d, int groups) {
  check_groups(d, groups);
  const int cpg = d.c / groups;
  const std::size_t count = std::size_t(cpg) * d.plane();
  if (dx)
    segmented_reduce_apply<Sum2>(s, std::size_t(d.n) * groups, count,
                                 GroupGradMoments{x, gamma, mean, rstd, dy, d.c, cpg, d.plane(), count},
                                 GroupGradApply{x, gamma, mean, rstd, dy, dx, d.c, cpg, d.plane(), count});
  segmented_reduce<Sum2>(s, std::size_t(d.c), std::size_t(d.n) * d.plane(), AffineMoments{x, mean, rstd, dy, d.c, cpg, d.plane()},
                         AffineStore{dgamma, dbeta});
}

}  // namespace simforge::surrogate::ops
