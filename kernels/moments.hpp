#pragma once
// Streaming first and second moments of a stream of values: mean, variance, RMS. The one place
// statistics over data are accumulated (`simforge info`, training normalization, The Well's
// stats.yaml). Sums are kept in double: for float32 data the cancellation in E[x^2] - E[x]^2
// loses nothing the data had.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace simforge {

struct Moments {
  double sum = 0, sum2 = 0, count = 0;

  void add(double v) {
    sum += v;
    sum2 += v * v;
    count += 1;
  }
  // Per-sample partial sums merged into the total keep the running sums short.
  void merge(const Moments& o) {
    sum += o.sum;
    sum2 += o.sum2;
    count += o.count;
  }
  bool empty() const { return count == 0; }
  double mean() const { return empty() ? nan() : sum / count; }
  double variance() const { return empty() ? nan() : std::max(0.0, sum2 / count - mean() * mean()); }
  double std_dev() const { return std::sqrt(variance()); }
  double rms() const { return empty() ? nan() : std::sqrt(sum2 / count); }

 private:
  static double nan() { return std::numeric_limits<double>::quiet_NaN(); }
};

}  // namespace simforge
