// Runs one spectral scenario from a given initial condition and reports its throughput: the
// Simforge side of bench/exponax/compare.py, which feeds both solvers the same initial state.
//
// Usage: bench_spectral_run --pde NAME --n N --dim D --length L --batch B --steps S --dt DT
//                           [--param name=value ...] --ic in.f32|builtin [--out out.f32]
// in.f32 / out.f32: raw float32 [batch, fields, ...grid] (row-major, x fastest); `builtin` uses the
// library's own initial condition (Gaussian seeds for Gray–Scott, a GRF otherwise). Prints one line:
//   simforge <pde> n=<n> batch=<b>: <sample-steps/s> sample-steps/s, <s> s for <steps> steps
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/error.hpp"
#include "solvers/simulation.hpp"

using namespace simforge;

int main(int argc, char** argv) try {
  std::map<std::string, std::string> a;
  std::map<std::string, double> params;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i] + 2, v = argv[i + 1];
    if (k == "param") params[v.substr(0, v.find('='))] = std::stod(v.substr(v.find('=') + 1));
    else a[k] = v;
  }
  const int n = std::stoi(a.at("n")), dim = std::stoi(a.at("dim"));
  const std::size_t batch = std::stoul(a.at("batch")), steps = std::stoul(a.at("steps"));
  SimulationSpec s;
  s.pde.type = a.at("pde");
  const PdeDescriptor& d = find_pde(s.pde.type);
  for (const auto& [name, value] : params) s.pde.parameters[name] = ParameterLaw::fixed(value);
  if (s.pde.type == "gray_scott")
    s.initial_condition = {"gaussian_blobs", {{"count", {8}}, {"radius", {0.05}}, {"background", {1.0, 0.0}}, {"amplitude", {-0.5, 0.25}}}};
  else
    s.initial_condition = {"grf", {}};
  s.grid = Grid::periodic(std::vector<int>(dim, n), std::stod(a.at("length")));
  s.dt = std::stod(a.at("dt"));
  s.stepper = a.count("stepper") ? a.at("stepper") : "etdrk4";
  s.cfl_max = 1e9;

  Stream stream;
  Simulation<float> sim(s, batch, stream);
  sim.begin(0, batch);
  const std::size_t count = batch * d.fields.size() * sim.grid().points();
  std::vector<float> ic(count);
  DeviceBuffer<float> state(count);
  if (a.at("ic") == "builtin") {
    sim.physical_state(state.data());
  } else {
    std::ifstream in(a.at("ic"), std::ios::binary);
    SIMFORGE_CHECK(in.read(reinterpret_cast<char*>(ic.data()), std::streamsize(count * sizeof(float))),
                   "cannot read ", count, " floats from ", a.at("ic"));
    copy_n(state.data(), ic.data(), count, CopyKind::HostToDevice, stream);
    sim.set_physical_state(state.data());
  }
  sim.advance(2 * s.dt);  // warm-up: plans, tables, recorded graphs
  sim.set_physical_state(state.data());
  stream.synchronize();
  const auto t0 = std::chrono::steady_clock::now();
  sim.advance(double(steps) * s.dt);
  stream.synchronize();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  sim.physical_state(state.data());
  copy_n(ic.data(), state.data(), count, CopyKind::DeviceToHost, stream);
  stream.synchronize();
  if (a.count("out"))
    std::ofstream(a.at("out"), std::ios::binary).write(reinterpret_cast<const char*>(ic.data()), std::streamsize(count * sizeof(float)));
  std::printf("simforge %s n=%d batch=%zu: %.1f sample-steps/s, %.4f s for %zu steps\n", s.pde.type.c_str(), n, batch,
              double(batch * steps) / seconds, seconds, steps);
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_spectral_run: %s\n", e.what());
  return 1;
}
