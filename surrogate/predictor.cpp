#include "surrogate/predictor.hpp"

#include "kernels/error.hpp"

namespace simforge::surrogate {

Predictor::Predictor(const PredictorSpec& spec, const Stream& stream, dnn::DnnOptions options)
    : spec_(spec), stream_(stream), rt_(stream, options), model_(spec.model) {
  const WindowLayout& w = spec.layout;
  SIMFORGE_CHECK(spec.model.in_channels == w.in_channels() && spec.model.out_channels == w.out_channels(), "predictor: the model has ",
                 spec.model.in_channels, " -> ", spec.model.out_channels, " channels, the layout needs ", w.in_channels(), " -> ",
                 w.out_channels());
  model_.set_parameters(spec.parameters, stream);
  std::vector<float> si, hi, so, ho;
  spec.normalization.input_affine(w, si, hi);
  spec.normalization.output_affine(w, so, ho);
  scale_in_ = to_device<float>(si, stream), shift_in_ = to_device<float>(hi, stream);
  scale_out_ = to_device<float>(so, stream), shift_out_ = to_device<float>(ho, stream);
}

void Predictor::rollout(const float* window, int n, int h, int w, int steps, float* frames) {
  const Dims in{n, spec_.layout.in_channels(), h, w}, out{n, spec_.layout.out_channels(), h, w};
  SIMFORGE_CHECK(!spec_.layout.steady() || steps == 1, "predictor: a steady map predicts one frame, not ", steps);
  ensure(x_[0], in);
  ops::channel_affine(stream_, window, scale_in_.data(), shift_in_.data(), x_[0].data(), in);
  for (int k = 0; k < steps; ++k) {
    Tensor& x = x_[k % 2];
    const Tensor& o = model_.forward(rt_, x);
    assemble_prediction(stream_, spec_.layout, spec_.increment, x, o, pred_);
    ops::channel_affine(stream_, pred_.data(), scale_out_.data(), shift_out_.data(), frames + std::size_t(k) * out.size(), out);
    if (k + 1 < steps) shift_window(stream_, spec_.layout, x, pred_, x_[(k + 1) % 2]);
  }
}

}  // namespace simforge::surrogate
