#include "surrogate/metrics.hpp"

#include <cmath>

#include "kernels/error.hpp"

namespace simforge::surrogate {

namespace {
std::vector<int> dims2(int h, int w) { return h == 1 ? std::vector<int>{w} : std::vector<int>{h, w}; }

// One frame of one field: the squared error and the squared norm and sum of the truth.
struct FrameSums {
  double e2 = 0, t2 = 0, tm = 0;
  FrameSums(const float* pred, const float* truth, std::size_t plane, float* err = nullptr) {
    for (std::size_t i = 0; i < plane; ++i) {
      const double e = double(pred[i]) - double(truth[i]);
      if (err) err[i] = float(e);
      e2 += e * e;
      t2 += double(truth[i]) * truth[i];
      tm += truth[i];
    }
  }
  double nrmse() const { return std::sqrt(e2) / std::max(std::sqrt(t2), 1e-300); }
};
}  // namespace

RolloutMetrics::RolloutMetrics(int fields, int h, int w, int steps, const Stream& stream)
    : fields_(fields), h_(h), w_(w), steps_(steps), stream_(stream), fft_(dims2(h, w), FftKind::RealToComplex, stream),
      err_(std::size_t(steps) * fields * h * w), spectrum_(std::size_t(steps) * fields * h * (w / 2 + 1)),
      nrmse_step_(std::size_t(steps), 0.0) {
  SIMFORGE_CHECK(steps >= 1 && fields >= 1, "metrics: need at least one step and one field");
}

void RolloutMetrics::add(const float* pred, const float* truth) {
  const std::size_t plane = std::size_t(h_) * w_, frames = std::size_t(steps_) * fields_;
  std::vector<float> err(frames * plane);
  double e_all = 0, t_all = 0;
  for (std::size_t fr = 0; fr < frames; ++fr) {
    const FrameSums f(pred + fr * plane, truth + fr * plane, plane, err.data() + fr * plane);
    e_all += f.e2;
    t_all += f.t2;
    const double tm = f.tm / double(plane), var = std::max(0.0, f.t2 / double(plane) - tm * tm);
    nrmse_step_[fr / fields_] += f.nrmse();
    vrmse_ += std::sqrt(f.e2 / double(plane)) / std::sqrt(var + 1e-7);
  }
  rel_l2_ += std::sqrt(e_all) / std::max(std::sqrt(t_all), 1e-300);

  // Band errors from the error's spectrum: Parseval gives sum_x e^2 = (1/N) sum_k |E_k|^2 over the
  // full spectrum; the half spectrum counts interior columns twice.
  copy_n(err_.data(), err.data(), err.size(), CopyKind::HostToDevice, stream_);
  fft_.get(frames).forward(err_.data(), spectrum_.data());
  const std::vector<Complex<float>> spec = to_host_span(spectrum_.data(), spectrum_.size(), stream_);
  const int wf = w_ / 2 + 1;
  const double n2 = double(plane) * double(plane);
  for (std::size_t fr = 0; fr < frames; ++fr) {
    double band[3] = {0, 0, 0};
    for (int ky = 0; ky < h_; ++ky)
      for (int kx = 0; kx < wf; ++kx) {
        const int sy = ky <= h_ / 2 ? ky : ky - h_;
        const double k = std::sqrt(double(sy) * sy + double(kx) * kx);
        const double weight = (kx == 0 || 2 * kx == w_) ? 1.0 : 2.0;
        const Complex<float> c = spec[fr * std::size_t(h_) * wf + std::size_t(ky) * wf + kx];
        const double p = weight * (double(c.real()) * c.real() + double(c.imag()) * c.imag());
        band[k <= 4 ? 0 : k <= 12 ? 1 : 2] += p;
      }
    for (int b = 0; b < 3; ++b) band_[b] += std::sqrt(band[b] / n2);
  }
  ++samples_;
}

void RolloutMetrics::add_one_step(const float* pred, const float* truth) {
  const std::size_t plane = std::size_t(h_) * w_;
  for (int f = 0; f < fields_; ++f) one_step_sum_ += FrameSums(pred + f * plane, truth + f * plane, plane).nrmse();
  one_step_frames_ += std::size_t(fields_);
}

MetricSummary RolloutMetrics::summary() const {
  MetricSummary m;
  m.samples = samples_;
  m.steps = std::size_t(steps_);
  if (!samples_) return m;
  const double per_frame = double(samples_) * fields_;
  double total = 0;
  for (double s : nrmse_step_) {
    m.nrmse_per_step.push_back(s / per_frame);
    total += s;
  }
  m.nrmse = total / (per_frame * steps_);
  // Without teacher-forced predictions (a steady map: its one prediction is the rollout), step 1.
  m.one_step_nrmse = one_step_frames_ ? one_step_sum_ / double(one_step_frames_) : m.nrmse_per_step.front();
  m.relative_l2 = rel_l2_ / double(samples_);
  m.vrmse = vrmse_ / (per_frame * steps_);
  m.frmse_low = band_[0] / (per_frame * steps_);
  m.frmse_mid = band_[1] / (per_frame * steps_);
  m.frmse_high = band_[2] / (per_frame * steps_);
  return m;
}

}  // namespace simforge::surrogate
