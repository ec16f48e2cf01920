// U-Net training-step throughput against the PyTorch peer (../shared/peers/torch_unet_train.py)
// with the same network (widths 32/64/128, GroupNorm(8), GELU, avg-pool, transposed conv), 64^2,
// batch 16, Adam, MSE, the same thread count, run in the same process. Optionally (--dataset
// FILE) the background loader's window throughput from that file, against what training consumes.
//
// Usage: bench_unet_train [--quick] [--no-peer] [--dataset FILE]
#include <cstdio>
#include <cstring>
#include <random>
#include <string>

#include "bench_support.hpp"
#include "data/window_loader.hpp"
#include "io/dataset_reader.hpp"
#include "kernels/device.hpp"
#include "surrogate/trainer.hpp"

using namespace simforge;

namespace {

double loader_samples_per_second(const std::string& path, std::size_t batch, std::size_t batches) {
  const io::DatasetReader reader(path);
  const io::DatasetSpec& s = reader.info().spec;
  data::LoaderSpec spec{path, {s.t0_fields.front()}, {}, 1, 1, {{0.0f}, {1.0f}}};
  std::vector<std::vector<data::WindowRef>> plan(batches);
  std::mt19937_64 g(0);
  for (auto& b : plan)
    for (std::size_t k = 0; k < batch; ++k) b.push_back({g() % s.n_trajectories, g() % (s.times.size() - 1)});
  const double sec = bench::median_seconds(1, [&] {
    data::WindowLoader loader(spec, plan);
    while (loader.next()) {
    }
  });
  return double(batch * batches) / sec;
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, peer = true;
  std::string dataset;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) quick = true;
    if (!std::strcmp(argv[i], "--no-peer")) peer = false;
    if (!std::strcmp(argv[i], "--dataset") && i + 1 < argc) dataset = argv[++i];
  }
  const int res = 64, batch = 16, width = 32, steps = quick ? 2 : 10;
  const bool gpu = SIMFORGE_CUDA;
  std::printf("# U-Net training step, %dx%d, batch %d, width %d, float32, on %s\n", res, res, batch, width,
              device::description().c_str());

  // On the GPU the headline is TF32 convolutions, which is what the peer's PyTorch does by default
  // (torch.backends.cudnn.allow_tf32 = True); strict fp32 is printed beside it. The CPU computes fp32.
  Stream stream;
  auto time_step = [&](dnn::MathMode math) {
    surrogate::Runtime rt(stream, {math, false});
    // The peer's network: zero padding, GroupNorm(8), GELU, multipliers 1, 2, 4.
    surrogate::ModelConfig cfg = surrogate::ModelConfig::defaults("unet");
    cfg.in_channels = cfg.out_channels = 1;
    cfg.width = width;
    cfg.options.set_choice("padding", "zero");
    surrogate::Model model(cfg);
    model.initialize(0, stream);
    surrogate::TrainOptions opt;
    opt.optimizer = "adam";  // plain Adam without weight decay, as the peer
    opt.optimizer_config.weight_decay = 0;
    surrogate::Trainer trainer(model, rt, {1, 1, 0}, opt);
    std::vector<float> xs(std::size_t(batch) * res * res), ys(xs.size());
    std::mt19937 g(0);
    std::normal_distribution<float> n01;
    for (auto& v : xs) v = n01(g);
    for (auto& v : ys) v = n01(g);
    surrogate::Tensor x(surrogate::Dims{batch, 1, res, res}.shape()), y(Shape{1, std::size_t(batch), 1, std::size_t(res), std::size_t(res)});
    copy_n(x.data(), xs.data(), xs.size(), CopyKind::HostToDevice, stream);
    copy_n(y.data(), ys.data(), ys.size(), CopyKind::HostToDevice, stream);
    for (int i = 0; i < 3; ++i) trainer.train_step(x, y);  // warm-up: primitives, buffers
    stream.synchronize();
    const double t = bench::median_seconds(quick ? 1 : 3, [&] {
      for (int i = 0; i < steps; ++i) trainer.train_step(x, y);
      stream.synchronize();
    }) / steps;
    std::printf("simforge (%s): %zu parameters, %.1f ms/step, %.1f samples/s\n", math == dnn::MathMode::Tf32 ? "tf32 convolutions" : "fp32",
                model.parameter_count(), t * 1e3, batch / t);
    return t;
  };
  if (gpu) time_step(dnn::MathMode::Fp32);
  const double per_step = time_step(gpu ? dnn::MathMode::Tf32 : dnn::MathMode::Fp32);

  if (peer) {
    std::string line;
    const std::string args = "torch_unet_train.py --res 64 --batch 16 --width 32 --steps " + std::to_string(quick ? 3 : 10) +
                             " --threads " + std::to_string(device::thread_count()) + (gpu ? " --device cuda" : "");
    const double peer_ms = bench::run_peer(args, "([0-9.]+) ms/step", quick ? 1 : 3, &line);
    if (peer_ms > 0) std::printf("peer: %s\nratio (peer time / simforge time): %.2fx\n", line.c_str(), peer_ms / (per_step * 1e3));
    else std::printf("peer: not available\n");
  }
  if (!dataset.empty()) {
    const double loader = loader_samples_per_second(dataset, std::size_t(batch), quick ? 8 : 64);
    std::printf("loader: %.0f windows/s from %s; training consumes %.1f samples/s (%.1fx headroom)\n", loader, dataset.c_str(),
                batch / per_step, loader * per_step / batch);
  }
  return 0;
}
