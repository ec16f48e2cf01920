// GroupNorm kernels (device source). Statistics are accumulated in double: a group holds up to
// C/G * H * W values (16 * 64 * 64 = 65536 in the benchmark U-Net), where float sums of squares
// lose digits that the finite-difference tests would see.
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "surrogate/ops.hpp"

namespace simforge::surrogate::ops {

namespace {

// One (sample, group) per work item: a contiguous block of cpg * plane values.
struct GroupStats {
  const float* x;
  float *mean, *rstd;
  std::size_t count;  // cpg * plane
  float eps;
  SIMFORGE_HD void operator()(std::size_t ng) const {
    const float* p = x + ng * count;
    double s = 0, s2 = 0;
    for (std::size_t e = 0; e < count; ++e) {
      s += p[e];
      s2 += double(p[e]) * p[e];
    }
    const double m = s / double(count), var = s2 / double(count) - m * m;
    mean[ng] = float(m);
    rstd[ng] = float(1.0 / sqrt((var > 0 ? var : 0) + double(eps)));
  }
};

struct GroupApply {
  const float *x, *gamma, *beta, *mean, *rstd;
  float* y;
  int c, cpg;
  std::size_t plane;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t p) const {
    const std::size_t ch = nc % std::size_t(c), ng = nc / std::size_t(cpg), i = nc * plane + p;
    y[i] = (x[i] - mean[ng]) * rstd[ng] * gamma[ch] + beta[ch];
  }
};

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)) with g = dy * gamma, per (sample, group).
struct GroupBackward {
  const float *x, *gamma, *mean, *rstd, *dy;
  float* dx;
  int c, cpg;
  std::size_t plane;
  SIMFORGE_HD void operator()(std::size_t ng) const {
    const std::size_t count = std::size_t(cpg) * plane, base = ng * count, c0 = (ng * cpg) % std::size_t(c);
    const float m = mean[ng], r = rstd[ng];
    double sg = 0, sgx = 0;
    for (std::size_t e = 0; e < count; ++e) {
      const double g = double(dy[base + e]) * gamma[c0 + e / plane];
      sg += g;
      sgx += g * (x[base + e] - m) * r;
    }
    const float mg = float(sg / double(count)), mgx = float(sgx / double(count));
    for (std::size_t e = 0; e < count; ++e) {
      const float g = dy[base + e] * gamma[c0 + e / plane], xhat = (x[base + e] - m) * r;
      dx[base + e] = r * (g - mg - xhat * mgx);
    }
  }
};

// dgamma[c] = sum dy * xhat, dbeta[c] = sum dy over samples and space.
struct AffineGrad {
  const float *x, *mean, *rstd, *dy;
  float *dgamma, *dbeta;
  int n, c, cpg;
  std::size_t plane;
  SIMFORGE_HD void operator()(std::size_t ch) const {
    double sg = 0, sb = 0;
    for (int k = 0; k < n; ++k) {
      const std::size_t base = (std::size_t(k) * c + ch) * plane, ng = (std::size_t(k) * c + ch) / std::size_t(cpg);
      const float m = mean[ng], r = rstd[ng];
      for (std::size_t e = 0; e < plane; ++e) {
        sg += double(dy[base + e]) * ((x[base + e] - m) * r);
        sb += dy[base + e];
      }
    }
    dgamma[ch] = float(sg);
    dbeta[ch] = float(sb);
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
  for_each_index(s, std::size_t(d.n) * groups, GroupStats{x, mean, rstd, std::size_t(cpg) * d.plane(), eps});
  for_each_index(s, std::size_t(d.n) * d.c, d.plane(), GroupApply{x, gamma, beta, mean, rstd, y, d.c, cpg, d.plane()});
}

void group_norm_backward(const Stream& s, const float* x, const float* gamma, const float* mean, const float* rstd,
                         const float* dy, float* dx, float* dgamma, float* dbeta, const Dims& d, int groups) {
  check_groups(d, groups);
  const int cpg = d.c / groups;
  if (dx) for_each_index(s, std::size_t(d.n) * groups, GroupBackward{x, gamma, mean, rstd, dy, dx, d.c, cpg, d.plane()});
  for_each_index(s, std::size_t(d.c), AffineGrad{x, mean, rstd, dy, dgamma, dbeta, d.n, d.c, cpg, d.plane()});
}

}  // namespace simforge::surrogate::ops
