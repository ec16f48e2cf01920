// Extending Simforge from outside the library: a PDE and an optimizer, each defined in this file
// and added with one registration line, are then accepted by the config parser, solved, written
// through the sample-sink seam and trained with, like the built-in ones. This is the promise of
// the registries (kernels/registry.hpp), checked.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "config/generate_config.hpp"
#include "io/sample_sink.hpp"
#include "kernels/parallel.hpp"
#include "solvers/spectral/reaction_flux_pde.hpp"
#include "surrogate/optimizer.hpp"
#include "workflows/generate.hpp"

namespace simforge::test_extension {

// u_t = -rate u: decays as exp(-rate t), which ETDRK4 (exact for linear terms) reproduces.
struct Decay : physics::LinearOnly {
  static PdeDescriptor descriptor() {
    return {.name = "test_decay",
            .summary = "linear decay u_t = -rate u (registered by a test)",
            .dims = {1, 2},
            .fields = {"u"},
            .parameters = {{.name = "rate", .default_value = 1.0, .min = 0.0, .max = 100.0, .doc = "decay rate"}}};
  }
  static LinearSymbol linear(int, const double* p, int) {
    LinearSymbol s;
    s.c0 = -p[0];
    return s;
  }
};

// Plain gradient descent, stateless: p -= lr * scale * g.
struct SgdUpdate {
  float* p;
  const float* g;
  float step;
  SIMFORGE_HD void operator()(std::size_t i) const { p[i] -= step * g[i]; }
};
class Sgd final : public surrogate::Optimizer {
 public:
  explicit Sgd(std::size_t n) : n_(n) {}
  void step(const Stream& s, float* params, const float* grads, double lr, double scale) override {
    ++steps_;
    for_each_index(s, n_, SgdUpdate{params, grads, float(lr * scale)});
  }
  std::vector<std::string> state_names() const override { return {}; }
  std::vector<float> state(const std::string&, const Stream&) const override { return {}; }
  void restore(const std::vector<std::pair<std::string, std::vector<float>>>&, std::size_t steps, const Stream&) override {
    steps_ = steps;
  }

 private:
  std::size_t n_;
};

}  // namespace simforge::test_extension

SIMFORGE_REGISTER_REACTION_FLUX_PDE(simforge::test_extension::Decay);
SIMFORGE_REGISTER_OPTIMIZER(simforge::surrogate::OptimizerEntry{
    .name = "test_sgd",
    .summary = "gradient descent (registered by a test)",
    .make = [](std::size_t n, const simforge::surrogate::OptimizerConfig&, const simforge::Stream&)
        -> std::unique_ptr<simforge::surrogate::Optimizer> { return std::make_unique<simforge::test_extension::Sgd>(n); },
});

namespace simforge {
namespace {

// A sink that keeps samples in memory: what a driver, a shard or an MPI rank could do instead
// of a dataset file.
struct MemorySink final : io::SampleSink {
  std::map<std::size_t, std::vector<float>> frames;  // per sample: [frames, points]
  std::size_t per_sample = 0;
  bool has_sample(std::size_t i) const override { return frames.count(i) > 0; }
  void write(const io::SampleBlock& b) override {
    for (std::size_t k = 0; k < b.count; ++k)
      frames[b.first + k].assign(b.fields[0] + k * per_sample, b.fields[0] + (k + 1) * per_sample);
  }
};

TEST(Extension, ARegisteredPdeIsConfiguredSolvedAndSunkLikeABuiltInOne) {
  const config::GenerateConfig c = config::parse_generate_config(
      "samples: 5\nbatch: 2\nprecision: float64\npde: {type: test_decay, rate: {uniform: [0.5, 2.0]}}\ngrid: {n: 16}\n"
      "time: {dt: 0.01, t_end: 0.5, save_interval: 0.1, stepper: etdrk4}\n"
      "initial_condition: {type: fourier_series, offset: 1.0}\n",
      "extension.yaml");
  EXPECT_NE(c.effective_yaml().find("rate: {uniform:"), std::string::npos);
  MemorySink sink;
  sink.per_sample = c.simulation.frames * 16;
  const Stream stream;
  const workflows::SampleRange range{1, 3};  // samples 1, 2, 3 of 5
  EXPECT_EQ(workflows::generate_samples(c, range, sink, stream), 3u);
  ASSERT_EQ(sink.frames.size(), 3u);
  EXPECT_FALSE(sink.has_sample(0));
  const ParameterTable rates = ParameterTable::draw({"rate"}, {c.simulation.pde.parameters.at("rate")}, c.seed, 1, 3);
  // Solved in double, stored in float32: each stored value is within 6e-8 of the field's scale of
  // the exact decay of the stored first frame (itself rounded); 1e-6 of the scale bounds both.
  for (std::size_t k = 0; k < 3; ++k) {
    const std::vector<float>& u = sink.frames.at(1 + k);
    double scale = 0;
    for (std::size_t p = 0; p < 16; ++p) scale = std::max(scale, double(std::abs(u[p])));
    for (std::size_t f = 1; f < c.simulation.frames; ++f)
      for (std::size_t p = 0; p < 16; ++p) {
        const double exact = u[p] * std::exp(-rates.at(k, 0) * 0.1 * double(f));
        ASSERT_NEAR(u[f * 16 + p], exact, 1e-6 * scale) << "sample " << 1 + k << " frame " << f;
      }
  }
  // A second run finds every sample of the range in the sink and computes nothing.
  EXPECT_EQ(workflows::generate_samples(c, range, sink, stream), 0u);
}

TEST(Extension, ARegisteredOptimizerIsUsedByName) {
  const Stream s;
  auto sgd = surrogate::make_optimizer("test_sgd", 2, {}, s);
  DeviceBuffer<float> p = to_device<float>(std::vector<float>{1.0f, 2.0f}, s);
  const DeviceBuffer<float> g = to_device<float>(std::vector<float>{0.5f, -1.0f}, s);
  sgd->step(s, p.data(), g.data(), 0.1, 1.0);
  EXPECT_EQ(to_host_span(p.data(), 2, s), (std::vector<float>{0.95f, 2.1f}));
  EXPECT_TRUE(surrogate::optimizer_registry().contains("test_sgd"));
}

}  // namespace
}  // namespace simforge
