// Prediction assembly, window shift and losses (device source).
#include "surrogate/objective.hpp"

#include <cmath>
#include <vector>

#include "kernels/error.hpp"
#include "kernels/registry.hpp"
#include "kernels/parallel.hpp"

namespace simforge::surrogate {

const std::vector<LossInfo>& losses() {
  static const std::vector<LossInfo> l = {
      {LossKind::Mse, "mse", "mean squared error over every element"},
      {LossKind::RelativeL2, "relative_l2", "mean over samples of ||pred - target|| / ||target|| (the FNO paper's loss)"},
  };
  return l;
}

LossKind parse_loss(const std::string& name) { return find_named(losses(), name, "loss").kind; }

const std::string& loss_name(LossKind kind) {
  for (const LossInfo& l : losses())
    if (l.kind == kind) return l.name;
  SIMFORGE_FAIL("loss kind ", int(kind), " has no name");
}

namespace {

struct Assemble {
  const float *x, *out;
  float* pred;
  int fields, history, cin;
  bool increment;
  std::size_t plane;
  SIMFORGE_HD void operator()(std::size_t nf, std::size_t p) const {
    const std::size_t n = nf / std::size_t(fields), f = nf % std::size_t(fields);
    float v = out[nf * plane + p];
    if (increment) v += x[(n * cin + f * history + history - 1) * plane + p];
    pred[nf * plane + p] = v;
  }
};

struct Shift {
  const float *x, *pred;
  float* next;
  int fields, history, cin;
  std::size_t plane;
  SIMFORGE_HD void operator()(std::size_t nc, std::size_t p) const {
    const std::size_t n = nc / std::size_t(cin), c = nc % std::size_t(cin);
    float v;
    if (c >= std::size_t(fields * history)) v = x[nc * plane + p];  // scalar channels
    else if (c % std::size_t(history) + 1 < std::size_t(history)) v = x[(nc + 1) * plane + p];
    else v = pred[(n * fields + c / std::size_t(history)) * plane + p];
    next[nc * plane + p] = v;
  }
};

// Per sample (one segment each): sum (pred - target)^2 and sum target^2.
struct SampleTerms {
  const float *pred, *target;
  std::size_t m;
  SIMFORGE_HD Sum2 operator()(std::size_t n, std::size_t e) const {
    const std::size_t i = n * m + e;
    const double d = double(pred[i]) - double(target[i]), t = target[i];
    return Sum2{d * d, t * t};
  }
};
struct SampleStore {
  double* sums;
  SIMFORGE_HD void operator()(std::size_t n, const Sum2& t) const {
    sums[2 * n] = t.a;
    sums[2 * n + 1] = t.b;
  }
};

struct LossGradient {  // dpred = (pred - target) * factor[sample]
  const float *pred, *target;
  float* dpred;
  const double* sums;
  std::size_t m;
  int samples;
  bool relative;
  SIMFORGE_HD void operator()(std::size_t i) const {
    const std::size_t n = i / m;
    double f;
    if (relative) {
      const double e = sqrt(sums[2 * n]), t = sqrt(sums[2 * n + 1]);
      f = e > 0 && t > 0 ? 1.0 / (double(samples) * e * t) : 0.0;
    } else {
      f = 2.0 / (double(samples) * double(m));
    }
    dpred[i] = float((double(pred[i]) - double(target[i])) * f);
  }
};

}  // namespace

void assemble_prediction(const Stream& s, const WindowLayout& w, bool increment, const Tensor& x, const Tensor& out, Tensor& pred) {
  const Dims d = dims_of(out);
  SIMFORGE_CHECK(d.c == w.out_channels() && dims_of(x).c == w.in_channels(), "assemble_prediction: channel mismatch");
  SIMFORGE_CHECK(!(increment && w.steady()), "assemble_prediction: a steady map predicts its targets, not increments");
  ensure(pred, d);
  for_each_index(s, std::size_t(d.n) * d.c, d.plane(),
                 Assemble{x.data(), out.data(), pred.data(), w.out_channels(), w.history, w.in_channels(), increment, d.plane()});
}

void shift_window(const Stream& s, const WindowLayout& w, const Tensor& x, const Tensor& pred, Tensor& x_next) {
  const Dims d = dims_of(x);
  SIMFORGE_CHECK(!w.steady(), "shift_window: a steady map has no next window");
  SIMFORGE_CHECK(d.c == w.in_channels() && dims_of(pred).c == w.fields, "shift_window: channel mismatch");
  ensure(x_next, d);
  for_each_index(s, std::size_t(d.n) * d.c, d.plane(),
                 Shift{x.data(), pred.data(), x_next.data(), w.fields, w.history, w.in_channels(), d.plane()});
}

double loss_and_gradient(const Stream& s, LossKind kind, const Tensor& pred, const Tensor& target, Tensor& dpred,
                         DeviceBuffer<double>& scratch) {
  const Dims d = dims_of(pred);
  SIMFORGE_CHECK(d == dims_of(target), "loss: prediction and target shapes differ");
  ensure(dpred, d);
  ensure_size(scratch, 2 * std::size_t(d.n));
  const std::size_t m = std::size_t(d.c) * d.plane();
  segmented_reduce<Sum2>(s, std::size_t(d.n), m, SampleTerms{pred.data(), target.data(), m}, SampleStore{scratch.data()});
  const bool rel = kind == LossKind::RelativeL2;
  for_each_index(s, pred.size(), LossGradient{pred.data(), target.data(), dpred.data(), scratch.data(), m, d.n, rel});
  const std::vector<double> sums = to_host_span(scratch.data(), scratch.size(), s);
  double loss = 0;
  for (int n = 0; n < d.n; ++n)
    loss += rel ? std::sqrt(sums[2 * n]) / std::max(std::sqrt(sums[2 * n + 1]), 1e-300) : sums[2 * n] / double(m);
  return loss / double(d.n);
}

}  // namespace simforge::surrogate
