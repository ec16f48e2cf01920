#pragma once
// Shared set-up for the Navier–Stokes tests.
#include <cmath>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "solvers/simulation.hpp"
#include "solvers/spectral/spectral_solver.hpp"

namespace simforge::testing_ns {

inline SimulationSpec ns_spec(int n, double nu, const std::string& forcing, double dt, std::size_t steps_per_frame,
                              std::size_t frames, double amplitude = 0.1, int wavenumber = 4) {
  SimulationSpec s;
  s.pde.type = "navier_stokes_2d";
  s.pde.parameters = {{"viscosity", ParameterLaw::fixed(nu)},
                      {"forcing_amplitude", ParameterLaw::fixed(amplitude)},
                      {"forcing_wavenumber", ParameterLaw::fixed(wavenumber)}};
  s.pde.options = {{"forcing", forcing}};
  s.initial_condition = {"grf", {}};
  s.grid = Grid::periodic({n, n});
  s.dt = dt;
  s.steps_per_frame = steps_per_frame;
  s.frames = frames;
  s.seed = 1234;
  return s;
}

// Sets a single sample's vorticity from f(x, y) on the unit square.
template <class Real, class F>
void set_vorticity(Simulation<Real>& sim, const Stream& stream, F f) {
  const int n0 = sim.grid().n[0], n1 = sim.grid().n[1];
  HostBuffer<Real> w(std::size_t(n0) * n1);
  for (int iy = 0; iy < n0; ++iy)
    for (int ix = 0; ix < n1; ++ix) w[std::size_t(iy) * n1 + ix] = Real(f(double(ix) / n1, double(iy) / n0));
  DeviceBuffer<Real> d(w.size());
  copy(d, w, stream);
  sim.set_physical_state(d.data());
  stream.synchronize();
}

// `n` time steps of the simulation's dt.
template <class Real>
void advance_steps(Simulation<Real>& sim, std::size_t n) {
  sim.advance(double(n) * sim.spec().dt);
}

// The spectral family's solver behind a simulation (for its spectra).
template <class Real>
SpectralSolver<Real>& spectral(Simulation<Real>& sim) {
  return dynamic_cast<SpectralSolver<Real>&>(sim.solver());
}

template <class Real>
std::vector<double> vorticity(Simulation<Real>& sim, const Stream& stream, std::size_t count = 1) {
  DeviceBuffer<Real> d(count * sim.grid().points());
  sim.physical_state(d.data());
  const auto h = to_host(d, stream);
  return std::vector<double>(h.data(), h.data() + h.size());
}

}  // namespace simforge::testing_ns
