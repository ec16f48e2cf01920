// Kokkos and Simforge sharing one field without copies. Simforge allocates the vorticity buffer
// (GPU memory in its CUDA build, host memory in its CPU build); the driver wraps it as an unmanaged
// Kokkos::View, writes the initial condition into it with a Kokkos kernel, lets Simforge advance it,
// and checks the result in place against the exact solution with Kokkos reductions.
//
// The initial condition is a Taylor–Green vortex per sample, w = A sin(2 pi m x) sin(2 pi m y): an
// eigenfunction of the Laplacian whose stream function is proportional to w, so u . grad w = 0 and
// unforced Navier–Stokes only damps it, w(t) = w(0) exp(-2 nu (2 pi m)^2 t). Each sample has its
// own m and A, so the check also catches samples mixed up in the batch.
//
// Usage: simforge_kokkos_driver   (exit status 0 when every sample matches the exact solution)
#include <Kokkos_Core.hpp>

#include <cmath>
#include <cstdio>

#include "kernels/buffer.hpp"
#include "solvers/simulation.hpp"

// Where Kokkos kernels run so that they can touch Simforge's memory directly.
#if SIMFORGE_CUDA && defined(KOKKOS_ENABLE_CUDA)
using ExecSpace = Kokkos::Cuda;  // Simforge's buffers are CUDA device memory: device views
#elif !SIMFORGE_CUDA
using ExecSpace = Kokkos::DefaultHostExecutionSpace;  // CPU build: Simforge's "device" memory is host memory
#else
#error "a CUDA build of Simforge keeps its fields in GPU memory: build this driver against a Kokkos with CUDA enabled"
#endif

// [sample, y, x] over Simforge's [sample, field, y, x] buffer (one field); Unmanaged: Simforge owns it.
using FieldView = Kokkos::View<float***, Kokkos::LayoutRight, ExecSpace::memory_space, Kokkos::MemoryTraits<Kokkos::Unmanaged>>;

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kViscosity = 0.01, kDt = 1e-3;
constexpr std::size_t kSamples = 4, kSteps = 200;
constexpr int kN = 32;

// Sample s: wavenumber m = 1 + s % 3 and amplitude A = 1 + s.
KOKKOS_INLINE_FUNCTION int wavenumber(int s) { return 1 + s % 3; }
KOKKOS_INLINE_FUNCTION double amplitude(int s) { return 1.0 + s; }

// Kokkos work on the stream Simforge's work is queued on, so the two stay in order without fences.
ExecSpace exec_space(const simforge::Stream& stream) {
#if SIMFORGE_CUDA
  return ExecSpace(static_cast<cudaStream_t>(stream.native()));
#else
  (void)stream;
  return ExecSpace();
#endif
}

// The Kokkos kernel that writes the initial condition straight into Simforge's buffer.
void taylor_green(const ExecSpace& exec, const FieldView& w) {
  const int n = int(w.extent(1));
  Kokkos::parallel_for(
      "taylor_green", Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<3>>(exec, {0, 0, 0}, {int(w.extent(0)), n, n}),
      KOKKOS_LAMBDA(int s, int i, int j) {
        const double k = 2 * kPi * wavenumber(s);
        w(s, i, j) = float(amplitude(s) * sin(k * j / n) * sin(k * i / n));
      });
}

// max |w - exact| / max |exact| over one sample at time t, reduced where the data lives.
double relative_error(const ExecSpace& exec, const FieldView& w, int s, double t) {
  const int n = int(w.extent(1));
  const double k = 2 * kPi * wavenumber(s), peak = amplitude(s) * exp(-2 * kViscosity * k * k * t);
  const auto sample = Kokkos::subview(w, s, Kokkos::ALL, Kokkos::ALL);
  double err = 0;
  Kokkos::parallel_reduce(
      "error", Kokkos::MDRangePolicy<ExecSpace, Kokkos::Rank<2>>(exec, {0, 0}, {n, n}),
      KOKKOS_LAMBDA(int i, int j, double& e) {
        const double exact = peak * sin(k * j / n) * sin(k * i / n);
        e = fmax(e, fabs(sample(i, j) - exact));
      },
      Kokkos::Max<double>(err));
  return err / peak;
}

int run() {
  simforge::SimulationSpec spec;
  spec.pde = {"navier_stokes_2d", {{"viscosity", simforge::ParameterLaw::fixed(kViscosity)}}, {{"forcing", "none"}}};
  spec.initial_condition = {"grf", {}};  // drawn by begin(), then replaced by the Kokkos kernel
  spec.grid = simforge::Grid::periodic({kN, kN});
  spec.dt = kDt;

  simforge::Stream stream;
  simforge::Simulation<float> sim(spec, kSamples, stream);
  simforge::DeviceBuffer<float> buffer(simforge::Shape{kSamples, 1, kN, kN});
  const FieldView w(buffer.data(), kSamples, kN, kN);  // no copy: the view aliases Simforge's buffer
  const ExecSpace exec = exec_space(stream);

  sim.begin(0, kSamples);
  taylor_green(exec, w);
  exec.fence();  // Kokkos launches may be asynchronous, and in the CPU build Simforge reads at once
  sim.set_physical_state(buffer.data());
  sim.advance(kSteps * kDt);
  sim.physical_state(buffer.data());
  stream.synchronize();

  const double t = kSteps * kDt, tolerance = 1e-4;
  std::printf("kokkos driver: %s execution space, %zu Taylor-Green samples at %dx%d, t = %g\n", ExecSpace::name(), kSamples,
              kN, kN, t);
  double worst = 0;
  for (int s = 0; s < int(kSamples); ++s) {
    const double k = 2 * kPi * wavenumber(s), e = relative_error(exec, w, s, t);
    std::printf("  sample %d: m = %d, A = %g, exact decay %.6f, max error / peak %.2e\n", s, wavenumber(s), amplitude(s),
                std::exp(-2 * kViscosity * k * k * t), e);
    worst = std::fmax(worst, e);
  }
  const bool ok = worst < tolerance;
  std::printf("kokkos driver: %s (worst %.2e, tolerance %.0e)\n", ok ? "OK" : "FAILED", worst, tolerance);
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Kokkos::ScopeGuard kokkos(argc, argv);
  try {
    return run();
  } catch (const simforge::Error& e) {
    std::fprintf(stderr, "simforge_kokkos_driver: %s\n", e.what());
    return 1;
  }
}
