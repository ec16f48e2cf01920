#pragma once
// Per-channel normalization of a surrogate's inputs and outputs: every field and every scalar is
// mapped to (x - mean) / std with the statistics of the training split, which the model file
// keeps. The one place that normalizes: the training loader on the host, the Predictor on the
// device (as per-channel affine maps x * scale + shift).
#include <cstddef>
#include <vector>

#include "surrogate/objective.hpp"

namespace simforge::surrogate {

struct Normalization {
  std::vector<float> mean, std;  // per field, then per scalar

  // Throws unless there is one mean and one std per field and per scalar of `layout`.
  void check(const WindowLayout& layout) const;
  // Field f's value x, normalized (float arithmetic: (x - mean) * (1 / std)).
  float field_scale(std::size_t f) const { return 1.0f / std[f]; }
  // Scalar s's value, normalized (in double, then rounded).
  float scalar(std::size_t fields, std::size_t s, double value) const {
    return float((value - mean[fields + s]) / std[fields + s]);
  }
  // The affine maps of a model's input channels (normalizing) and of its output fields
  // (denormalizing): x_n = x * scale + shift, x = x_n * scale + shift.
  void input_affine(const WindowLayout& layout, std::vector<float>& scale, std::vector<float>& shift) const;
  void output_affine(const WindowLayout& layout, std::vector<float>& scale, std::vector<float>& shift) const;

  // The std of a channel from its moments: the deviation, or 1 for a (near-)constant channel
  // (var <= floor) so that constants pass through unscaled.
  static float deviation(double variance, double floor);
};

}  // namespace simforge::surrogate
