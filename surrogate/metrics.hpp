#pragma once
// Rollout error metrics of the surrogate literature, accumulated over test trajectories in
// physical units. Each trajectory contributes `steps` predicted frames (the given input frames
// are excluded, as in PDEBench) of every field.
//   nRMSE (PDEBench): per frame and field ||pred - true||_2 / ||true||_2 over space, averaged
//     over frames, fields and samples; also reported per rollout step.
//   one-step nRMSE: the same per frame, of teacher-forced one-step predictions (the true frames
//     as the input window) of every window of every trajectory, averaged. Step 1 of the rollout
//     is one of them, the only one whose input is the stored initial frames.
//   relative L2 (FNO's LpLoss): per sample ||pred - true|| / ||true|| over the whole predicted
//     trajectory (all frames and fields), averaged over samples.
//   VRMSE (The Well): per frame and field RMSE / sqrt(var_space(true) + 1e-7), averaged.
//   fRMSE (PDEBench's bands): the RMSE of the error band-pass filtered to radial wavenumbers
//     |k| <= 4 (low), 4 < |k| <= 12 (mid), |k| > 12 (high), per frame and field, averaged.
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/fft_cache.hpp"

namespace simforge::surrogate {

struct MetricSummary {
  std::size_t samples = 0, steps = 0;
  double nrmse = 0, one_step_nrmse = 0, relative_l2 = 0, vrmse = 0;
  double frmse_low = 0, frmse_mid = 0, frmse_high = 0;
  std::vector<double> nrmse_per_step;
};

class RolloutMetrics {
 public:
  RolloutMetrics(int fields, int h, int w, int steps, const Stream& stream);
  // pred, truth: host [steps, fields, h, w] of one trajectory.
  void add(const float* pred, const float* truth);
  // pred, truth: host [fields, h, w] of one teacher-forced one-step prediction.
  void add_one_step(const float* pred, const float* truth);
  MetricSummary summary() const;

 private:
  int fields_, h_, w_, steps_;
  const Stream& stream_;
  FftCache<float> fft_;
  DeviceBuffer<float> err_;
  DeviceBuffer<Complex<float>> spectrum_;
  std::size_t samples_ = 0;
  std::vector<double> nrmse_step_;  // summed over samples and fields
  double one_step_sum_ = 0;          // summed over windows and fields
  std::size_t one_step_frames_ = 0;
  double rel_l2_ = 0, vrmse_ = 0, band_[3] = {0, 0, 0};
};

}  // namespace simforge::surrogate
