#pragma once
// What a surrogate step predicts and how it is scored: the input window layout, the residual
// ("increment") prediction, the autoregressive window shift, and the losses with their gradients.
//
// Input channels of a model: for each field f, its `history` frames oldest first
// (channel f * history + k), then one constant channel per per-sample scalar. Output channels:
// one per field, the next frame (or, with `increment`, its change from the last input frame).
#include <cstddef>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "surrogate/tensor.hpp"

namespace simforge::surrogate {

// A window's channels: fields, then scalars, then (optionally) the grid coordinates in [0, 1], as
// the FNO paper appends them. A rollout (targets = 0) reads `history` frames of every field and predicts
// each field's next frame. A steady map (targets > 0, history 1) reads the first fields - targets
// fields and predicts the last `targets` fields at the same frame (Darcy: coefficient -> solution).
struct WindowLayout {
  int fields = 1, history = 1, scalars = 0;
  int targets = 0;
  int coordinates = 0;  // grid-coordinate input channels (x, then y), after the scalars: 0 or the rank
  bool steady() const { return targets > 0; }
  int inputs() const { return steady() ? fields - targets : fields; }  // fields read
  int in_channels() const { return inputs() * history + scalars + coordinates; }
  int out_channels() const { return steady() ? targets : fields; }
  int output_field(int k) const { return steady() ? inputs() + k : k; }  // field of output channel k
  // Frames of a trajectory one training window spans, and where its targets start.
  int window_frames(int unroll) const { return steady() ? 1 : history + unroll; }
  int target_frames(int unroll) const { return steady() ? 1 : unroll; }
  int target_offset() const { return steady() ? 0 : history; }
};

enum class LossKind { Mse, RelativeL2 };
struct LossInfo {
  LossKind kind;
  std::string name, summary;
};
const std::vector<LossInfo>& losses();          // every loss, by name
LossKind parse_loss(const std::string& name);   // throws naming the valid ones
const std::string& loss_name(LossKind kind);

// pred = out (+ the last input frame of each field when `increment`).
void assemble_prediction(const Stream& s, const WindowLayout& w, bool increment, const Tensor& x, const Tensor& out, Tensor& pred);
// x_next = x with each field's frames shifted by one and `pred` appended (scalars unchanged).
void shift_window(const Stream& s, const WindowLayout& w, const Tensor& x, const Tensor& pred, Tensor& x_next);

// Batch loss (mean over samples) and its gradient with respect to pred.
//   mse:         mean over all elements of (pred - target)^2
//   relative_l2: mean over samples of ||pred - target|| / ||target||
// The per-sample sums go through `scratch` ([n, 2] doubles).
double loss_and_gradient(const Stream& s, LossKind kind, const Tensor& pred, const Tensor& target, Tensor& dpred,
                         DeviceBuffer<double>& scratch);

}  // namespace simforge::surrogate
