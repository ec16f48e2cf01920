#include "data/windows.hpp"

#include <algorithm>

#include "kernels/error.hpp"
#include "kernels/philox.hpp"

namespace simforge::data {

std::vector<WindowRef> all_windows(const std::vector<std::uint64_t>& samples, std::size_t frames, std::size_t span) {
  std::vector<WindowRef> w;
  for (auto s : samples)
    for (std::size_t t0 = 0; t0 + span <= frames; ++t0) w.push_back({s, t0});
  return w;
}

std::vector<std::vector<WindowRef>> epoch_batches(const std::vector<WindowRef>& windows, std::size_t batch, std::uint64_t seed,
                                                  std::uint64_t epoch) {
  std::vector<WindowRef> order = windows;
  const PhiloxStream rng(seed, epoch, 0x7a11u);  // Fisher-Yates with counter-based draws
  for (std::size_t i = order.size(); i > 1; --i) {
    const std::size_t j = std::size_t(rng.uniform(i) * double(i)) % i;
    std::swap(order[i - 1], order[j]);
  }
  std::vector<std::vector<WindowRef>> out;
  for (std::size_t b = 0; b + batch <= order.size(); b += batch) out.emplace_back(order.begin() + b, order.begin() + b + batch);
  return out;
}

void assemble_window(const surrogate::WindowLayout& w, const std::vector<const float*>& field_frames,
                     const std::vector<double>& scalars, std::size_t plane, std::size_t width, const surrogate::Normalization* norm,
                     float* input, const TargetLayout& targets) {
  const std::size_t f = std::size_t(w.fields), hist = std::size_t(w.history), read = std::size_t(w.inputs());
  SIMFORGE_CHECK(field_frames.size() == f && scalars.size() == std::size_t(w.scalars), "assemble_window: ", field_frames.size(),
                 " fields and ", scalars.size(), " scalars given for a layout of ", w.fields, " and ", w.scalars);
  auto put = [&](std::size_t fi, const float* src, float* dst) {
    if (norm) {
      const float mean = norm->mean[fi], inv = norm->field_scale(fi);
      for (std::size_t e = 0; e < plane; ++e) dst[e] = (src[e] - mean) * inv;
    } else {
      std::copy_n(src, plane, dst);
    }
  };
  for (std::size_t fi = 0; fi < read; ++fi)
    for (std::size_t fr = 0; fr < hist; ++fr) put(fi, field_frames[fi] + fr * plane, input + (fi * hist + fr) * plane);
  const std::size_t offset = std::size_t(w.target_offset());
  for (std::size_t k = 0; k < targets.frames; ++k)
    for (int o = 0; o < w.out_channels(); ++o) {
      const std::size_t fi = std::size_t(w.output_field(o));
      put(fi, field_frames[fi] + (offset + k) * plane, targets.first + k * targets.frame_stride + std::size_t(o) * plane);
    }
  for (std::size_t si = 0; si < scalars.size(); ++si) {
    const float v = norm ? norm->scalar(f, si, scalars[si]) : float(scalars[si]);
    float* dst = input + (read * hist + si) * plane;
    std::fill(dst, dst + plane, v);
  }
  // Grid coordinates i / (n - 1) in [0, 1]: x, then y.
  const std::size_t height = plane / width;
  for (int a = 0; a < w.coordinates; ++a) {
    float* dst = input + (read * hist + scalars.size() + std::size_t(a)) * plane;
    const std::size_t n = a == 0 ? width : height;
    for (std::size_t p = 0; p < plane; ++p) {
      const std::size_t i = a == 0 ? p % width : p / width;
      dst[p] = n > 1 ? float(double(i) / double(n - 1)) : 0.0f;
    }
  }
}

}  // namespace simforge::data
