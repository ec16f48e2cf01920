// A driver program written against the installed Simforge (find_package(simforge)), the way a
// researcher would write one around the library:
//   1. a custom initial condition (Gaussian vortex pairs) written in physical space;
//   2. the 2D Navier–Stokes solver advancing a batch of samples, frame by frame;
//   3. the frames written as a Simforge dataset through the io API (crash-safe, The Well's layout);
//   4. a small FNO trained on that dataset through the library (what `simforge train` calls);
//   5. the trained model's inference on device buffers, scored against the solver's frames.
//
// Usage: simforge_driver [OUTPUT_DIR]   (default: the current folder)
// Writes vortices.h5, vortices_fno.model.h5 and vortices_fno.model.h5.metrics.jsonl there.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <vector>

#include "config/generate_config.hpp"
#include "config/train_config.hpp"
#include "io/checkpoint.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "kernels/buffer.hpp"
#include "solvers/simulation.hpp"
#include "workflows/generate.hpp"
#include "workflows/model_file.hpp"
#include "workflows/train.hpp"

namespace sf = simforge;
namespace fs = std::filesystem;

namespace {

// The run, in the same YAML the CLI reads; the driver replaces the configured initial condition.
constexpr const char* kSimulation = R"(
name: vortices
samples: 32
pde: {type: navier_stokes_2d, viscosity: 2.0e-3, forcing: none}
grid: {n: 32}
time: {dt: 5.0e-3, t_end: 1.0, save_interval: 0.05}
)";

// A small FNO, as `simforge train` reads it; run() points the paths at the output folder.
constexpr const char* kSurrogate = R"(
name: vortices_fno
data: {path: vortices.h5, history: 2, split: {train: 0.75, val: 0.125}}
model: {type: fno, width: 16, modes: 8, layers: 4, projection: 32, predict: increment}
training: {epochs: 6, batch: 16, learning_rate: 5.0e-3, warmup_steps: 10}
)";

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// Three counter-rotating pairs of Gaussian vortices at random places on the periodic unit square,
// [n, n] row-major (y, then x). Distances go to the nearest periodic image, so the field is
// smooth across the boundary; the mean is removed because a periodic vorticity has none.
void vortex_pairs(std::size_t sample, int n, float* w) {
  std::mt19937_64 rng(1000 + sample);  // sample i depends only on i, as in Simforge's own generators
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const double sigma = 0.08;
  std::vector<double> field(std::size_t(n) * n, 0.0);
  for (int v = 0; v < 6; ++v) {
    const double x0 = u(rng), y0 = u(rng), strength = (v % 2 ? -1.0 : 1.0) * (6.0 + 6.0 * u(rng));
    for (int i = 0; i < n; ++i)
      for (int j = 0; j < n; ++j) {
        const double dy = std::remainder(double(i) / n - y0, 1.0), dx = std::remainder(double(j) / n - x0, 1.0);
        field[std::size_t(i) * n + j] += strength * std::exp(-(dx * dx + dy * dy) / (2 * sigma * sigma));
      }
  }
  double mean = 0;
  for (double x : field) mean += x / double(field.size());
  for (std::size_t k = 0; k < field.size(); ++k) w[k] = float(field[k] - mean);
}

// Steps 1-2: every sample's frames, host [sample, time, y, x] (the dataset's layout).
std::vector<float> simulate(const sf::config::GenerateConfig& config, const sf::Stream& stream) {
  const sf::SimulationSpec& spec = config.simulation;
  const std::size_t count = config.samples, frames = spec.frames, n = std::size_t(spec.grid.n[0]), plane = n * n;
  sf::Simulation<float> sim(spec, count, stream);
  sim.begin(0, count);  // the PDE coefficients (and a configured initial condition, replaced next)

  sf::HostBuffer<float> host(sf::Shape{count, 1, n, n});  // [sample, field, y, x]
  sf::DeviceBuffer<float> state(host.shape());
  for (std::size_t s = 0; s < count; ++s) vortex_pairs(s, int(n), host.data() + s * plane);
  sf::copy(state, host, stream);
  sim.set_physical_state(state.data());

  std::vector<float> out(count * frames * plane);
  for (std::size_t t = 0; t < frames; ++t) {
    if (t > 0) sim.advance(spec.save_interval());
    sim.physical_state(state.data());
    sf::copy(host, state, stream);
    stream.synchronize();
    for (std::size_t s = 0; s < count; ++s)
      std::copy_n(host.data() + s * plane, plane, out.begin() + std::ptrdiff_t((s * frames + t) * plane));
  }
  for (float x : out) SIMFORGE_CHECK(std::isfinite(x), "the vortex simulation diverged: lower time.dt");
  return out;
}

// Step 3: the dataset layout the config implies, with provenance that says what the driver changed.
void write_dataset(const sf::config::GenerateConfig& config, const std::vector<float>& frames, const fs::path& path) {
  sf::io::DatasetSpec spec = sf::workflows::dataset_spec(config);
  spec.config_yaml += "# initial_condition: replaced by examples/driver (Gaussian vortex pairs)\n";
  spec.diagnostics.clear();  // Simulation::run computes them; this driver steps the solver itself
  sf::io::DatasetWriter writer = sf::io::DatasetWriter::create(path, spec, /*overwrite=*/true);
  sf::io::SampleBlock block;
  block.first = 0;
  block.count = config.samples;
  block.fields = {frames.data()};
  writer.write(block);
  writer.finish();  // renames vortices.h5.partial into place
}

// ||a - b|| / ||b|| over one frame.
double relative_error(const float* a, const float* b, std::size_t n) {
  double e = 0, r = 0;
  for (std::size_t k = 0; k < n; ++k) e += double(a[k] - b[k]) * (a[k] - b[k]), r += double(b[k]) * b[k];
  return std::sqrt(e / r);
}

// Step 5: roll the model out from the first `history` frames of its test trajectories, on the
// device, and compare every predicted frame with the solver's (and with the last input frame held
// fixed, the baseline a surrogate has to beat). Returns the surrogate's one-step error.
double infer(const fs::path& model_file, const sf::Stream& stream) {
  const auto model = sf::workflows::load_predictor(model_file, stream);
  const sf::io::Checkpoint ck = sf::io::read_checkpoint(model_file);  // for its test split
  const sf::io::DatasetReader data(ck.dataset);
  const auto& shape = data.info().spec.spatial_shape;
  const int h = int(shape[0]), w = int(shape[1]), history = model->layout().history;
  const std::size_t n = ck.test.size(), plane = shape[0] * shape[1];
  const int steps = int(data.info().spec.times.size()) - history;

  sf::DeviceBuffer<float> window(sf::Shape{n, std::size_t(history), shape[0], shape[1]});
  sf::DeviceBuffer<float> frames(sf::Shape{std::size_t(steps), n, 1, shape[0], shape[1]});
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<float> first = data.read_window("vorticity", ck.test[i], 0, std::size_t(history));
    sf::copy_n(window.data() + i * first.size(), first.data(), first.size(), sf::CopyKind::HostToDevice, stream);
  }
  const auto start = std::chrono::steady_clock::now();
  model->rollout(window.data(), int(n), h, w, steps, frames.data());
  stream.synchronize();
  const double rollout_seconds = seconds_since(start);
  const sf::HostBuffer<float> predicted = sf::to_host(frames, stream);

  std::vector<double> model_error(steps, 0.0), hold_error(steps, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::vector<float> truth = data.read_sample("vorticity", ck.test[i]);  // [time, y, x]
    const float* last_input = truth.data() + std::size_t(history - 1) * plane;
    for (int k = 0; k < steps; ++k) {
      const float* target = truth.data() + std::size_t(history + k) * plane;
      model_error[k] += relative_error(predicted.data() + (std::size_t(k) * n + i) * plane, target, plane) / double(n);
      hold_error[k] += relative_error(last_input, target, plane) / double(n);
    }
  }
  std::printf("inference: %zu test trajectories x %d steps rolled out on the device in %.3f s\n", n, steps, rollout_seconds);
  std::printf("  %-6s %-12s %s\n", "step", "surrogate", "last input held");
  for (int k : {0, 1, 4, 9, steps - 1})
    if (k < steps) std::printf("  %-6d %-12.4f %.4f\n", k + 1, model_error[k], hold_error[k]);
  for (double e : model_error) SIMFORGE_CHECK(std::isfinite(e), "the surrogate's rollout is not finite");
  return model_error[0] / hold_error[0];
}

int run(const fs::path& dir) {
  fs::create_directories(dir);
  const fs::path dataset = fs::absolute(dir / "vortices.h5"), model = fs::absolute(dir / "vortices_fno.model.h5");
  sf::Stream stream;
  std::printf("simforge driver on %s\n", sf::device::description().c_str());

  sf::config::GenerateConfig config = sf::config::parse_generate_config(kSimulation, "driver.cpp");
  config.output_path = dataset.string();
  auto start = std::chrono::steady_clock::now();
  const std::vector<float> frames = simulate(config, stream);
  write_dataset(config, frames, dataset);
  std::printf("solver: %zu samples of %s at %dx%d, %zu frames -> %s (%.2f s)\n", config.samples,
              config.simulation.pde.type.c_str(), config.simulation.grid.n[0], config.simulation.grid.n[1],
              config.simulation.frames, dataset.c_str(), seconds_since(start));

  sf::config::TrainConfig train = sf::config::parse_train_config(kSurrogate, "driver.cpp");
  train.data.path = dataset.string();
  train.output_path = model.string();
  train.metrics_path = model.string() + ".metrics.jsonl";
  const sf::workflows::TrainReport r = sf::workflows::train_surrogate(train, {}, stream);
  std::printf("training: %zu parameters, %zu steps, loss %.4g -> %.4g (%.2f s)\n", r.parameters, r.steps,
              r.step_losses.front(), r.last_loss, r.seconds);

  // Holding the last input frame is the baseline; this FNO, trained for seconds, reaches about a
  // sixth of its one-step error. Fail loudly if it has not learned at least half of the way.
  const double ratio = infer(model, stream);
  std::printf("one-step error / last-input-held error: %.2f %s\n", ratio, ratio < 0.5 ? "(learned)" : "(NOT learned)");
  return ratio < 0.5 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc > 1 ? argv[1] : ".");
  } catch (const sf::Error& e) {
    std::fprintf(stderr, "simforge_driver: %s\n", e.what());
    return 1;
  }
}
