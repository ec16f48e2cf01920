#pragma once
// Training windows: which windows a split has, their seeded order per epoch, and how one window
// of a trajectory becomes a model input and its targets. The one place windows are assembled:
// the training loader, evaluation and prediction all call assemble_window.
//
// A window (sample s, first frame t0) holds frames t0 .. t0 + history - 1 of every field as the
// input channels (field-major, oldest first, then one constant channel per scalar: the layout of
// surrogate/objective.hpp) and the frames after them as targets; a steady map's window holds its
// input fields as the input channels and its target fields, at the same frame, as the target.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "surrogate/normalization.hpp"
#include "surrogate/objective.hpp"

namespace simforge::data {

struct WindowRef {
  std::uint64_t sample = 0;
  std::size_t t0 = 0;
};

// Every window of the given samples spanning `span` frames (layout.window_frames(unroll)):
// t0 = 0 .. frames - span.
std::vector<WindowRef> all_windows(const std::vector<std::uint64_t>& samples, std::size_t frames, std::size_t span);
// The windows shuffled by (seed, epoch), cut into full batches (a last partial batch is dropped).
std::vector<std::vector<WindowRef>> epoch_batches(const std::vector<WindowRef>& windows, std::size_t batch, std::uint64_t seed,
                                                  std::uint64_t epoch);

// Where assemble_window writes a window's targets: target frame k (0-based after the inputs; a
// steady map's one target is the inputs' own frame) of output channel o goes to
// `first + k * frame_stride + o * plane`.
struct TargetLayout {
  float* first = nullptr;
  std::size_t frame_stride = 0;
  std::size_t frames = 0;  // target frames to write (0: inputs only)
};

// One window. `field_frames[f]` points at field f's frame t0 of the trajectory ([frames, plane]),
// `scalars[s]` is the sample's value of scalar s. Writes the input channels [in_channels, plane]
// to `input` and the target frames to `targets`, normalized by `norm` when it is given (training)
// or in physical units when it is null (evaluation, prediction).
// `width` is the frame's last extent (x): coordinate channels need the frame's shape.
void assemble_window(const surrogate::WindowLayout& layout, const std::vector<const float*>& field_frames,
                     const std::vector<double>& scalars, std::size_t plane, std::size_t width, const surrogate::Normalization* norm,
                     float* input, const TargetLayout& targets);

}  // namespace simforge::data
