// Convolution backend for the CPU build: oneDNN (Debian's libdnnl 2.6, OpenMP runtime).
//
// Each primitive is created with format_tag::any, so oneDNN picks its fastest (blocked, e.g.
// nChw8c on AVX2) layouts; the caller's NCHW tensors are reordered in and out around each call.
// Plain-NCHW primitives exist too, but fall back to im2col + GEMM, which measured several times
// slower for the U-Net's 3x3 convolutions than blocked JIT kernels plus reorders.
#include <oneapi/dnnl/dnnl.hpp>

#include <optional>
#include <unordered_map>

#include "kernels/dnn.hpp"
#include "kernels/error.hpp"

namespace simforge::dnn {

using dnnl::memory;
using tag = memory::format_tag;
using dt = memory::data_type;

struct DnnHandle::Backend {
  dnnl::engine engine{dnnl::engine::kind::cpu, 0};
  dnnl::stream stream{engine};
};

DnnHandle::DnnHandle(const Stream& stream, DnnOptions options)
    : stream_(&stream), options_(options), impl_(std::make_unique<Backend>()) {}
DnnHandle::~DnnHandle() = default;

namespace {

// One argument of a primitive: the caller's NCHW memory and, when the primitive wants another
// layout, a scratch tensor in that layout with the reorders between them.
class Operand {
 public:
  Operand() = default;
  Operand(const memory::desc& user, const memory::desc& wanted, const dnnl::engine& e)
      : user_(user, e, DNNL_MEMORY_NONE) {
    if (user != wanted) {
      inner_ = memory(wanted, e);
      to_inner_ = dnnl::reorder(user_, *inner_);
      to_user_ = dnnl::reorder(*inner_, user_);
    }
  }
  // Memory to pass to the primitive for an input (reordered in).
  memory& in(const float* p, dnnl::stream& s) {
    user_.set_data_handle(const_cast<float*>(p));
    if (!inner_) return user_;
    to_inner_.execute(s, user_, *inner_);
    return *inner_;
  }
  // Memory for an output; finish_out() reorders it back to the caller's layout.
  memory& out(float* p) {
    user_.set_data_handle(p);
    return inner_ ? *inner_ : user_;
  }
  void finish_out(dnnl::stream& s) {
    if (inner_) to_user_.execute(s, *inner_, user_);
  }
  // The primitive-layout copy made by the last in(), if there is one.
  const memory* inner() const { return inner_ ? &*inner_ : nullptr; }

 private:
  memory user_;
  std::optional<memory> inner_;
  dnnl::reorder to_inner_, to_user_;
};

}  // namespace

struct Convolution::Backend {
  dnnl::engine engine;
  dnnl::stream stream;
  dnnl::convolution_forward fwd;
  dnnl::convolution_backward_data bwd_data;
  dnnl::convolution_backward_weights bwd_weights;
  Operand f_src, f_wei, f_dst, d_ddst, d_wei, d_dsrc, w_src, w_ddst, w_dwei;
  memory bias, dbias;
  const float* forward_src = nullptr;  // x of the last forward, whose reordered copy backward() may reuse
};

Convolution::Convolution(const DnnHandle& handle, const ConvGeometry& g) : g_(g), impl_(std::make_unique<Backend>()) {
  g.validate();
  Backend& b = *impl_;
  b.engine = handle.backend().engine;
  b.stream = handle.backend().stream;
  const memory::dims src{g.n, g.c_in, g.h, g.w}, dst{g.n, g.c_out, g.out_h(), g.out_w()},
      wei{g.c_out, g.c_in, g.kh, g.kw}, bia{g.c_out}, strides{g.stride_h, g.stride_w}, pad{g.pad_h, g.pad_w};
  // The right padding that makes oneDNN's output extent equal out_h/out_w exactly.
  const memory::dims pad_r{(g.out_h() - 1) * g.stride_h + g.kh - g.h - g.pad_h, (g.out_w() - 1) * g.stride_w + g.kw - g.w - g.pad_w};
  const memory::desc src_any(src, dt::f32, tag::any), dst_any(dst, dt::f32, tag::any), wei_any(wei, dt::f32, tag::any);
  const memory::desc src_user(src, dt::f32, tag::nchw), dst_user(dst, dt::f32, tag::nchw), wei_user(wei, dt::f32, tag::oihw),
      bias_md(bia, dt::f32, tag::x);
  const auto alg = dnnl::algorithm::convolution_direct;
  try {
    const dnnl::convolution_forward::primitive_desc fpd(
        {dnnl::prop_kind::forward_training, alg, src_any, wei_any, bias_md, dst_any, strides, pad, pad_r}, b.engine);
    const dnnl::convolution_backward_data::primitive_desc dpd({alg, src_any, wei_any, dst_any, strides, pad, pad_r}, b.engine, fpd);
    const dnnl::convolution_backward_weights::primitive_desc wpd({alg, src_any, wei_any, bias_md, dst_any, strides, pad, pad_r},
                                                                 b.engine, fpd);
    b.fwd = dnnl::convolution_forward(fpd);
    b.bwd_data = dnnl::convolution_backward_data(dpd);
    b.bwd_weights = dnnl::convolution_backward_weights(wpd);
    b.f_src = Operand(src_user, fpd.src_desc(), b.engine);
    b.f_wei = Operand(wei_user, fpd.weights_desc(), b.engine);
    b.f_dst = Operand(dst_user, fpd.dst_desc(), b.engine);
    b.d_ddst = Operand(dst_user, dpd.diff_dst_desc(), b.engine);
    b.d_wei = Operand(wei_user, dpd.weights_desc(), b.engine);
    b.d_dsrc = Operand(src_user, dpd.diff_src_desc(), b.engine);
    b.w_src = Operand(src_user, wpd.src_desc(), b.engine);
    b.w_ddst = Operand(dst_user, wpd.diff_dst_desc(), b.engine);
    b.w_dwei = Operand(wei_user, wpd.diff_weights_desc(), b.engine);
    b.bias = memory(bias_md, b.engine, DNNL_MEMORY_NONE);
    b.dbias = memory(bias_md, b.engine);  // scratch when the caller wants no bias gradient
  } catch (const dnnl::error& e) {
    SIMFORGE_FAIL("oneDNN: cannot create a convolution for n ", g.n, " c ", g.c_in, "->", g.c_out, " ", g.h, "x", g.w, " kernel ",
                  g.kh, "x", g.kw, ": ", e.what());
  }
}

Convolution::~Convolution() = default;
Convolution::Convolution(Convolution&&) noexcept = default;
Convolution& Convolution::operator=(Convolution&&) noexcept = default;

namespace {
// Zero bias for bias-free forwards: oneDNN's primitive was created with a bias argument.
const float* zeros(std::size_t n) {
  thread_local std::vector<float> z;
  if (z.size() < n) z.assign(n, 0.0f);
  return z.data();
}
}  // namespace

void Convolution::forward(const float* x, const float* w, const float* bias, float* y) {
  Backend& b = *impl_;
  b.bias.set_data_handle(const_cast<float*>(bias ? bias : zeros(std::size_t(g_.c_out))));
  memory& dst = b.f_dst.out(y);
  b.forward_src = x;
  b.fwd.execute(b.stream, {{DNNL_ARG_SRC, b.f_src.in(x, b.stream)},
                           {DNNL_ARG_WEIGHTS, b.f_wei.in(w, b.stream)},
                           {DNNL_ARG_BIAS, b.bias},
                           {DNNL_ARG_DST, dst}});
  b.f_dst.finish_out(b.stream);
  b.stream.wait();
}

void Convolution::backward_data(const float* dy, const float* w, float* dx) {
  Backend& b = *impl_;
  memory& dsrc = b.d_dsrc.out(dx);
  b.bwd_data.execute(b.stream, {{DNNL_ARG_DIFF_DST, b.d_ddst.in(dy, b.stream)},
                                {DNNL_ARG_WEIGHTS, b.d_wei.in(w, b.stream)},
                                {DNNL_ARG_DIFF_SRC, dsrc}});
  b.d_dsrc.finish_out(b.stream);
  b.stream.wait();
}

void Convolution::backward_weights(const float* x, const float* dy, float* dw, float* dbias) {
  Backend& b = *impl_;
  memory& dwei = b.w_dwei.out(dw);
  memory dbias_user = dbias ? memory(b.dbias.get_desc(), b.engine, dbias) : b.dbias;
  b.bwd_weights.execute(b.stream, {{DNNL_ARG_SRC, b.w_src.in(x, b.stream)},
                                   {DNNL_ARG_DIFF_DST, b.w_ddst.in(dy, b.stream)},
                                   {DNNL_ARG_DIFF_WEIGHTS, dwei},
                                   {DNNL_ARG_DIFF_BIAS, dbias_user}});
  b.w_dwei.finish_out(b.stream);
  b.stream.wait();
}

// Both gradients with the reorders shared: dy is reordered once when both primitives want the
// same layout, and x's reordered copy from forward() is reused when the backward-weights
// primitive wants that layout too (x must be unchanged since the forward, as the layers guarantee).
// Measured on the benchmark U-Net (AVX2, 2 threads) this removes about a third of the reorders.
void Convolution::backward(const float* x, const float* dy, const float* w, float* dx, float* dw, float* dbias) {
  Backend& b = *impl_;
  memory& ddst = b.d_ddst.in(dy, b.stream);
  const bool share_dy = b.d_ddst.inner() && b.w_ddst.inner() && b.d_ddst.inner()->get_desc() == b.w_ddst.inner()->get_desc();
  const bool share_x = x == b.forward_src && b.f_src.inner() && b.w_src.inner() &&
                       b.f_src.inner()->get_desc() == b.w_src.inner()->get_desc();
  if (dx) {
    memory& dsrc = b.d_dsrc.out(dx);
    b.bwd_data.execute(b.stream, {{DNNL_ARG_DIFF_DST, ddst}, {DNNL_ARG_WEIGHTS, b.d_wei.in(w, b.stream)}, {DNNL_ARG_DIFF_SRC, dsrc}});
    b.d_dsrc.finish_out(b.stream);
  }
  memory& dwei = b.w_dwei.out(dw);
  memory dbias_user = dbias ? memory(b.dbias.get_desc(), b.engine, dbias) : b.dbias;
  b.bwd_weights.execute(b.stream, {{DNNL_ARG_SRC, share_x ? *b.f_src.inner() : b.w_src.in(x, b.stream)},
                                   {DNNL_ARG_DIFF_DST, share_dy ? ddst : b.w_ddst.in(dy, b.stream)},
                                   {DNNL_ARG_DIFF_WEIGHTS, dwei},
                                   {DNNL_ARG_DIFF_BIAS, dbias_user}});
  b.w_dwei.finish_out(b.stream);
  b.stream.wait();
}

}  // namespace simforge::dnn
