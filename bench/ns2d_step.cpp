// Navier–Stokes 2D step throughput (sample-steps/s) against the PyTorch peer
// (../shared/peers/torch_ns2d_spectral.py) run with the same sizes on the same machine, and, on a
// GPU, the fraction of the memory-bandwidth floor the step reaches.
//
// Usage: bench_ns2d_step [--quick] [--no-peer]
#include <cstdio>
#include <cstring>

#include "bench_support.hpp"
#include "kernels/buffer.hpp"
#include "kernels/device.hpp"
#include "solvers/simulation.hpp"

using namespace simforge;

namespace {

SimulationSpec ns(int n) {
  SimulationSpec s;
  s.pde.type = "navier_stokes_2d";
  s.pde.parameters = {{"viscosity", ParameterLaw::fixed(1e-3)}};
  s.pde.options = {{"forcing", "fno"}};
  s.initial_condition = {"grf", {}};
  s.grid = Grid::periodic({n, n});
  s.dt = 1e-3;
  return s;
}

// Bytes one CN–Heun step moves per sample if every stage makes one pass over its operands
// (complex64 spectra of ~points/2 modes, float32 fields): two nonlinear terms (gradient spectra
// 20p, inverse FFT of 4 fields 32p, product 20p, forward FFT 8p, assembly 12p) and two updates
// (12p + 16p). FFTs that need several passes move more, so this is a floor.
double floor_bytes_per_sample_step(int n) { return 212.0 * double(n) * n; }

double copy_bandwidth(const Stream& stream) {
  const std::size_t n = std::size_t(1) << 28;  // 1 GiB of floats
  DeviceBuffer<float> a(n), b(n);
  device::memset_zero(a.data(), a.bytes(), stream);
  const double s = bench::median_seconds(5, [&] {
    copy(b, a, stream);
    stream.synchronize();
  });
  return 2.0 * double(a.bytes()) / s;  // read + write
}

}  // namespace

int main(int argc, char** argv) {
  bool quick = false, peer = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) quick = true;
    if (!std::strcmp(argv[i], "--no-peer")) peer = false;
  }
  Stream stream;
  const bool gpu = SIMFORGE_CUDA;
  std::printf("# Navier–Stokes 2D step, float32, CN–Heun, on %s\n", device::description().c_str());
  const double bw = gpu ? copy_bandwidth(stream) : 0.0;
  if (gpu) std::printf("device copy bandwidth: %.0f GB/s (read + write)\n", bw * 1e-9);
  std::printf("%-10s %6s %16s %16s %8s %s\n", "grid", "batch", "simforge s-st/s", "peer s-st/s", "ratio", gpu ? "floor fraction" : "");

  struct Case {
    int n;
    std::size_t batch;
  };
  for (const Case c : {Case{64, 64}, Case{256, 8}}) {
    Simulation<float> sim(ns(c.n), c.batch, stream);
    sim.begin(0, c.batch);
    const std::size_t steps = quick ? 5 : (gpu ? 200 : (c.n == 64 ? 40 : 20));
    sim.advance(3 * sim.spec().dt);  // warm-up: plans, caches
    stream.synchronize();
    const double s = bench::median_seconds(quick ? 1 : 5, [&] {
      sim.advance(double(steps) * sim.spec().dt);
      stream.synchronize();
    });
    const double rate = double(c.batch * steps) / s;
    double peer_rate = -1;
    if (peer) {
      const std::string args = "torch_ns2d_spectral.py --n " + std::to_string(c.n) + " --batch " + std::to_string(c.batch) +
                               " --steps " + std::to_string(steps) + " --threads " + std::to_string(device::thread_count()) +
                               (gpu ? " --device cuda" : "");
      peer_rate = bench::run_peer(args, "([0-9.]+) sample-steps/s", quick ? 1 : 3);
    }
    char grid[32];
    std::snprintf(grid, sizeof grid, "%dx%d", c.n, c.n);
    std::printf("%-10s %6zu %16.1f ", grid, c.batch, rate);
    if (peer_rate > 0) std::printf("%16.1f %7.2fx", peer_rate, rate / peer_rate);
    else std::printf("%16s %8s", "n/a", "n/a");
    if (gpu) std::printf(" %.2f of %.0f GB/s", rate * floor_bytes_per_sample_step(c.n) / bw, bw * 1e-9);
    std::printf("\n");
  }
  return 0;
}
