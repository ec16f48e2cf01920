#include <gtest/gtest.h>

#include <cmath>

#include "kernels/buffer.hpp"
#include "kernels/parallel.hpp"

namespace simforge {
namespace {

struct WriteIndex {
  double* p;
  std::size_t n1, n2;
  SIMFORGE_HD void operator()(std::size_t i, std::size_t j, std::size_t k) const { p[(i * n1 + j) * n2 + k] = 100.0 * i + 10.0 * j + k; }
};

TEST(Parallel, ForEachCoversEveryIndexOfA3DRangeOnce) {
  Stream s;
  DeviceBuffer<double> d(3 * 4 * 5);
  fill(s, d.data(), d.size(), -1.0);
  for_each_index(s, 3, 4, 5, WriteIndex{d.data(), 4, 5});
  const auto h = to_host(d, s);
  for (std::size_t i = 0; i < 3; ++i)
    for (std::size_t j = 0; j < 4; ++j)
      for (std::size_t k = 0; k < 5; ++k) EXPECT_EQ(h[(i * 4 + j) * 5 + k], 100.0 * i + 10.0 * j + k);
}

TEST(Parallel, ReductionsMatchClosedForms) {
  Stream s;
  const std::size_t n = 100001;
  HostBuffer<double> h(n);
  for (std::size_t i = 0; i < n; ++i) h[i] = (i % 2 ? -1.0 : 1.0) * double(i);
  DeviceBuffer<double> d(n);
  copy(d, h, s);
  // sum_{i<n} (-1)^i i = n/2 for odd n (pairs (2j, 2j+1) give -1 each, plus the last term n-1).
  EXPECT_DOUBLE_EQ(sum(s, d.data(), n), -double(n / 2) + double(n - 1));
  EXPECT_DOUBLE_EQ(max_abs(s, d.data(), n), double(n - 1));
  const double nn = double(n - 1);
  EXPECT_DOUBLE_EQ(l2_norm_squared(s, d.data(), n), nn * (nn + 1) * (2 * nn + 1) / 6);
}

}  // namespace
}  // namespace simforge
