#pragma once
// Set-up shared by the PDE verification tests: a one-sample Simulation of any catalog PDE whose
// state is set from a function of x and read back.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include <map>

#include "kernels/buffer.hpp"
#include "solvers/simulation.hpp"

namespace simforge::testing_pde {

// `params`: coefficients by name (the others keep their defaults).
inline SimulationSpec spec(const std::string& pde, const std::map<std::string, double>& params, std::vector<int> grid,
                           double length, double dt, const std::string& stepper = "etdrk4") {
  SimulationSpec s;
  s.pde.type = pde;
  for (const auto& [name, value] : params) s.pde.parameters[name] = ParameterLaw::fixed(value);
  s.initial_condition = {"grf", {}};
  s.grid = Grid::periodic(grid, length);
  s.dt = dt;
  s.stepper = stepper;
  s.cfl_max = 1e9;
  return s;
}

// f(field, x) on a 1D grid, or f(field, x, y) flattened for 2D (x fastest).
template <class Real>
void set_state(Simulation<Real>& sim, const Stream& stream, int fields,
               const std::function<double(int, const std::vector<double>&)>& f) {
  const Grid& g = sim.grid();
  const std::size_t pts = g.points();
  HostBuffer<Real> h(fields * pts);
  for (int fi = 0; fi < fields; ++fi)
    for (std::size_t p = 0; p < pts; ++p) {
      std::vector<double> x(g.dim);
      std::size_t q = p;
      for (int a = g.dim - 1; a >= 0; --a) {
        x[g.dim - 1 - a] = g.length * double(q % g.n[a]) / g.n[a];  // x[0] is x, x[1] is y, ...
        q /= g.n[a];
      }
      h[fi * pts + p] = Real(f(fi, x));
    }
  DeviceBuffer<Real> d(h.size());
  copy(d, h, stream);
  sim.set_physical_state(d.data());
  stream.synchronize();
}

template <class Real>
std::vector<double> state(Simulation<Real>& sim, const Stream& stream, int fields = 1) {
  DeviceBuffer<Real> d(fields * sim.grid().points());
  sim.physical_state(d.data());
  const auto h = to_host(d, stream);
  return std::vector<double>(h.data(), h.data() + h.size());
}

// `n` time steps of the simulation's dt.
template <class Real>
void advance_steps(Simulation<Real>& sim, std::size_t n) {
  sim.advance(double(n) * sim.spec().dt);
}

inline double max_abs_diff(const std::vector<double>& a, const std::vector<double>& b) {
  double m = 0;
  for (std::size_t i = 0; i < a.size(); ++i) m = std::max(m, std::abs(a[i] - b[i]));
  return m;
}

inline double max_abs(const std::vector<double>& a) {
  double m = 0;
  for (double v : a) m = std::max(m, std::abs(v));
  return m;
}

}  // namespace simforge::testing_pde
