// PDEArena-style U-Net (Gupta & Brandstetter 2022, without time embedding): per level a block of
// two (conv -> GroupNorm -> activation); average-pool down, transposed-conv up, skip connections
// by channel concatenation, a 1x1 output convolution. With multipliers {1, 2, 4} it is the
// network of ../shared/peers/torch_unet_train.py.
#include "kernels/error.hpp"
#include "surrogate/layers.hpp"
#include "surrogate/model_config.hpp"

namespace simforge::surrogate {

namespace {

// The U-Net's settings, read once from its options.
struct UNetSettings {
  std::vector<int> multipliers;  // channels per level = width * multiplier; depth = size
  int kernel;
  bool group_norm;
  int groups;
  Padding padding;               // periodic PDEs want circular
  explicit UNetSettings(const ModelOptions& o)
      : multipliers(o.integers("multipliers")),
        kernel(o.integer("kernel")),
        group_norm(o.choice("norm") == "group"),
        groups(o.integer("groups")),
        padding(o.choice("padding") == "zero" ? Padding::Zero : Padding::Circular) {}
};

LayerPtr block(const ModelConfig& m, const UNetSettings& u, int c_in, int c_out) {
  auto s = std::make_unique<Sequential>();
  for (int i = 0; i < 2; ++i) {
    s->add(std::make_unique<Conv>(ConvSpec{m.rank, i == 0 ? c_in : c_out, c_out, u.kernel, 1, u.padding, true}));
    if (u.group_norm) s->add(std::make_unique<GroupNorm>(c_out, u.groups));
    s->add(std::make_unique<Activation>(m.activation));
  }
  return s;
}

struct UNetContext : Context {
  std::vector<std::unique_ptr<Context>> enc, up, dec, pool;
  std::unique_ptr<Context> out;
  std::vector<Tensor> e, p, u, c, d;  // encoder outputs, pooled inputs, up-sampled, concatenated, decoder outputs
  std::vector<Tensor> ge, gp, gu, gc, gd, gq;  // their gradients; gq: through a pooling
};

class UNet : public Layer {
 public:
  UNet(const ModelConfig& m, const UNetSettings& u)
      : out_(ConvSpec{m.rank, m.width * u.multipliers[0], m.out_channels, 1, 1, Padding::Zero, true}) {
    const int L = int(u.multipliers.size());
    for (int l = 0; l < L; ++l) {
      const int c = m.width * u.multipliers[l];
      enc_.push_back(block(m, u, l == 0 ? m.in_channels : m.width * u.multipliers[l - 1], c));
      if (l + 1 < L) {
        const int c_up = m.width * u.multipliers[l + 1];
        up_.push_back(std::make_unique<ConvTranspose>(m.rank, c_up, c, 2));
        dec_.push_back(block(m, u, 2 * c, c));
      }
    }
    std::size_t off = 0;
    for (auto* group : {&enc_, &up_, &dec_})
      for (auto& l : *group) {
        offsets_.push_back(off);
        off += l->parameter_count();
      }
    offsets_.push_back(off);
  }

  std::size_t parameter_count() const override { return offsets_.back() + out_.parameter_count(); }
  void initialize(float* p, std::uint64_t seed, std::uint32_t tag) const override {
    std::uint32_t t = tag * 977u;
    each([&](const Layer& l, std::size_t off) { l.initialize(p + off, seed, ++t); });
    out_.initialize(p + offsets_.back(), seed, ++t);
  }
  Dims output_dims(const Dims& in) const override { return {in.n, out_.spec().c_out, in.h, in.w}; }

  std::unique_ptr<Context> make_context() const override {
    auto c = std::make_unique<UNetContext>();
    for (auto& l : enc_) c->enc.push_back(l->make_context());
    for (auto& l : up_) c->up.push_back(l->make_context());
    for (auto& l : dec_) c->dec.push_back(l->make_context());
    for (std::size_t l = 0; l < enc_.size(); ++l) c->pool.push_back(pool_.make_context());
    c->out = out_.make_context();
    const std::size_t L = enc_.size();
    for (auto* v : {&c->e, &c->p, &c->ge, &c->gp, &c->gq}) v->resize(L);
    for (auto* v : {&c->u, &c->c, &c->d, &c->gu, &c->gc, &c->gd}) v->resize(L);
    return c;
  }

  void forward(Runtime& rt, const float* p, const Tensor& x, Tensor& y, Context& ctx) const override {
    auto& c = static_cast<UNetContext&>(ctx);
    const std::size_t L = enc_.size();
    for (std::size_t l = 0; l < L; ++l) {
      if (l > 0) pool_.forward(rt, nullptr, c.e[l - 1], c.p[l], *c.pool[l]);
      enc_[l]->forward(rt, p + enc_off(l), l == 0 ? x : c.p[l], c.e[l], *c.enc[l]);
    }
    const Tensor* h = &c.e[L - 1];
    for (std::size_t l = L - 1; l-- > 0;) {
      up_[l]->forward(rt, p + up_off(l), *h, c.u[l], *c.up[l]);
      const Dims du = dims_of(c.u[l]), de = dims_of(c.e[l]);
      ensure(c.c[l], {du.n, du.c + de.c, du.h, du.w});
      ops::concat_channels(rt.stream(), c.u[l].data(), du.c, c.e[l].data(), de.c, c.c[l].data(), du.n, du.plane());
      dec_[l]->forward(rt, p + dec_off(l), c.c[l], c.d[l], *c.dec[l]);
      h = &c.d[l];
    }
    out_.forward(rt, p + offsets_.back(), *h, y, *c.out);
  }

  void backward(Runtime& rt, const float* p, const Tensor& x, const Tensor& y, const Tensor& dy, Tensor* dx, float* dp,
                Context& ctx) const override {
    auto& c = static_cast<UNetContext&>(ctx);
    const std::size_t L = enc_.size();
    const Tensor& top = L > 1 ? c.d[0] : c.e[0];
    // Decoder, top level first: gh is the gradient of the current decoder output (or bottleneck).
    Tensor* gh = L > 1 ? &c.gd[0] : &c.ge[0];
    out_.backward(rt, p + offsets_.back(), top, y, dy, gh, dp + offsets_.back(), *c.out);
    for (std::size_t l = 0; l + 1 < L; ++l) {
      dec_[l]->backward(rt, p + dec_off(l), c.c[l], c.d[l], *gh, &c.gc[l], dp + dec_off(l), *c.dec[l]);
      const Dims du = dims_of(c.u[l]), de = dims_of(c.e[l]);
      ensure(c.gu[l], du);
      ensure(c.ge[l], de);
      ops::split_channels(rt.stream(), c.gc[l].data(), du.c, de.c, c.gu[l].data(), c.ge[l].data(), du.n, du.plane());
      const bool bottom = l + 2 == L;
      const Tensor& below = bottom ? c.e[L - 1] : c.d[l + 1];
      Tensor* gbelow = bottom ? &c.ge[L - 1] : &c.gd[l + 1];
      up_[l]->backward(rt, p + up_off(l), below, c.u[l], c.gu[l], gbelow, dp + up_off(l), *c.up[l]);
      gh = gbelow;
    }
    // Encoder, bottom level first: each level's gradient is its skip gradient plus what flows
    // back through the pooling of the level below it.
    for (std::size_t l = L; l-- > 0;) {
      const Tensor& in = l == 0 ? x : c.p[l];
      enc_[l]->backward(rt, p + enc_off(l), in, c.e[l], c.ge[l], l == 0 ? dx : &c.gp[l], dp + enc_off(l), *c.enc[l]);
      if (l > 0) {
        pool_.backward(rt, nullptr, c.e[l - 1], c.p[l], c.gp[l], &c.gq[l], nullptr, *c.pool[l]);
        ops::accumulate(rt.stream(), c.ge[l - 1].data(), c.gq[l].data(), c.ge[l - 1].size());
      }
    }
  }

 private:
  template <class F>
  void each(F f) const {
    std::size_t i = 0;
    for (auto* group : {&enc_, &up_, &dec_})
      for (auto& l : *group) f(*l, offsets_[i++]);
  }
  std::size_t enc_off(std::size_t l) const { return offsets_[l]; }
  std::size_t up_off(std::size_t l) const { return offsets_[enc_.size() + l]; }
  std::size_t dec_off(std::size_t l) const { return offsets_[enc_.size() + up_.size() + l]; }

  std::vector<LayerPtr> enc_, up_, dec_;
  AvgPool pool_;
  Conv out_;
  std::vector<std::size_t> offsets_;  // per enc, up, dec layer; last: the output convolution
};

LayerPtr make_unet(const ModelConfig& m) { return std::make_unique<UNet>(m, UNetSettings(m.options)); }

void validate_unet(const ModelConfig& m) {
  const UNetSettings u(m.options);
  for (int mult : u.multipliers)
    SIMFORGE_CHECK(!u.group_norm || (m.width * mult) % u.groups == 0, "model.groups: ", u.groups, " does not divide the ",
                   m.width * mult, " channels of a level (width * multiplier)");
}

int unet_divisor(const ModelConfig& m) { return 1 << (int(m.options.integers("multipliers").size()) - 1); }

}  // namespace

}  // namespace simforge::surrogate

SIMFORGE_REGISTER_MODEL(simforge::surrogate::ModelEntry{
    .name = "unet",
    .summary = "PDEArena-style U-Net: (conv, GroupNorm, activation) x 2 per level, average-pool down, transposed-conv up",
    .options = {{.name = "multipliers",
                 .kind = simforge::surrogate::ModelOption::Kind::IntegerList,
                 .default_integers = {1, 2, 4},
                 .accepts = [](int v) { return v >= 1; },
                 .allowed = "integers >= 1",
                 .doc = "channels per level = width x multiplier; the depth is the list's length"},
                {.name = "kernel",
                 .default_integers = {3},
                 .accepts = [](int v) { return v >= 1 && v <= 31 && v % 2 == 1; },
                 .allowed = "odd sizes in [1, 31]",
                 .doc = "convolution kernel size"},
                {.name = "norm",
                 .kind = simforge::surrogate::ModelOption::Kind::Choice,
                 .default_choice = "group",
                 .choices = {"group", "none"},
                 .doc = "GroupNorm after each convolution, or none"},
                {.name = "groups",
                 .default_integers = {8},
                 .accepts = [](int v) { return v >= 1 && v <= 4096; },
                 .allowed = "an integer >= 1 dividing every level's channels",
                 .doc = "GroupNorm groups"},
                {.name = "padding",
                 .kind = simforge::surrogate::ModelOption::Kind::Choice,
                 .default_choice = "circular",
                 .choices = {"circular", "zero"},
                 .doc = "convolution padding (periodic PDEs want circular)"}},
    .make = simforge::surrogate::make_unet,
    .validate = simforge::surrogate::validate_unet,
    .size_divisor = simforge::surrogate::unet_divisor,
});
