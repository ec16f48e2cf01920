#include "surrogate/normalization.hpp"

#include <cmath>

#include "kernels/error.hpp"

namespace simforge::surrogate {

void Normalization::check(const WindowLayout& w) const {
  SIMFORGE_CHECK(mean.size() == std::size_t(w.fields + w.scalars) && std.size() == mean.size(), "normalization: needs ",
                 w.fields + w.scalars, " means and deviations (one per field and scalar), got ", mean.size(), " and ", std.size());
}

void Normalization::input_affine(const WindowLayout& w, std::vector<float>& scale, std::vector<float>& shift) const {
  check(w);
  scale.clear();
  shift.clear();
  for (int c = 0; c < w.in_channels(); ++c) {
    const int k = c < w.fields * w.history ? c / w.history : w.fields + (c - w.fields * w.history);
    scale.push_back(1.0f / std[std::size_t(k)]);
    shift.push_back(-mean[std::size_t(k)] / std[std::size_t(k)]);
  }
}

void Normalization::output_affine(const WindowLayout& w, std::vector<float>& scale, std::vector<float>& shift) const {
  check(w);
  scale.assign(std.begin(), std.begin() + w.fields);
  shift.assign(mean.begin(), mean.begin() + w.fields);
}

float Normalization::deviation(double variance, double floor) { return float(variance > floor ? std::sqrt(variance) : 1.0); }

}  // namespace simforge::surrogate
