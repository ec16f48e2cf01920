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
    const int read = w.inputs() * w.history;
    if (c >= read + w.scalars) {  // grid coordinates: already in [0, 1]
      scale.push_back(1.0f);
      shift.push_back(0.0f);
      continue;
    }
    const int k = c < read ? c / w.history : w.fields + (c - read);
    scale.push_back(1.0f / std[std::size_t(k)]);
    shift.push_back(-mean[std::size_t(k)] / std[std::size_t(k)]);
  }
}

void Normalization::output_affine(const WindowLayout& w, std::vector<float>& scale, std::vector<float>& shift) const {
  check(w);
  scale.clear();
  shift.clear();
  for (int k = 0; k < w.out_channels(); ++k) {
    scale.push_back(std[std::size_t(w.output_field(k))]);
    shift.push_back(mean[std::size_t(w.output_field(k))]);
  }
}

float Normalization::deviation(double variance, double floor) { return float(variance > floor ? std::sqrt(variance) : 1.0); }

}  // namespace simforge::surrogate
