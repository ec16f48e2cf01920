#pragma once
// What Simforge knows about a PDE, whatever family solves it: its descriptor (fields,
// coefficients, options; what configs, datasets and docs are made from), how a run configures it
// (PdeSpec: everything by name), and the registry that maps a PDE's name to its descriptor and to
// the solver family that builds it. A family adds a PDE with one registration line in the file
// that defines it (e.g. SIMFORGE_REGISTER_SPECTRAL_PDE in solvers/spectral/).
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernels/device.hpp"
#include "kernels/registry.hpp"
#include "solvers/parameters.hpp"

namespace simforge {

struct SimulationSpec;
template <class Real>
class Solver;

// A string-valued choice of a PDE (e.g. Navier–Stokes forcing).
struct PdeOption {
  std::string name;
  std::vector<std::string> allowed;
  std::string default_value;
  std::string doc;
};

// A PDE as a run configures it. Coefficients and options are named; one left out takes the
// descriptor's default.
struct PdeSpec {
  std::string type;
  std::map<std::string, ParameterLaw> parameters;
  std::map<std::string, std::string> options;
};

struct PdeDescriptor {
  std::string name;
  std::string summary;
  std::string family;                     // the solver family: "spectral", ...
  std::vector<int> dims;                  // supported spatial dimensions
  std::vector<std::string> fields;        // scalar fields (The Well's t0_fields)
  // Vector fields (t1_fields), one component per spatial axis: a solver's fields are the scalar
  // ones, then each vector's components <name>_<axis> in the grid's axis order (field_names).
  std::vector<std::string> vectors;
  std::vector<ParameterInfo> parameters;  // the order of the per-sample coefficient rows
  std::vector<PdeOption> options;
  // dt times an explicit stability rate is bounded by time.cfl_max: a transporting velocity
  // (advective CFL) or a stiff reaction (the largest reaction Jacobian entry).
  bool stability_limited = false;
  // No time: one stored frame holding the solution (and its inputs); time.* is not used.
  bool steady = false;
  // Per-sample values the solver reports after each batch (Solver::diagnostics), stored with the
  // simulation's own in simforge/diagnostics/ (e.g. an iterative solver's iterations and residual).
  std::vector<std::string> solver_diagnostics;

  std::vector<std::string> parameter_names() const;
  // Every field a solver of this PDE holds on a dim-dimensional grid, in state order: the scalar
  // fields, then the vectors' components (velocity_y, velocity_x in 2-D).
  std::vector<std::string> field_names(int dim) const;
  // The spec's laws in parameter order (defaults filled in); throws naming an unknown name.
  std::vector<ParameterLaw> laws(const PdeSpec& spec) const;
  // The value of option `name` in the spec (or its default), and its index in `allowed`.
  const std::string& option(const PdeSpec& spec, const std::string& name) const;
  std::size_t option_index(const PdeSpec& spec, const std::string& name) const;
  // A coefficient that must be the same for every sample (may_vary = false).
  double fixed(const PdeSpec& spec, const std::string& name) const;
  // Throws naming the first unknown parameter or option, or an option value not allowed.
  void check(const PdeSpec& spec) const;
};

template <class Real>
using SolverFactory =
    std::function<std::unique_ptr<Solver<Real>>(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream)>;

struct PdeEntry {
  std::string name;
  PdeDescriptor descriptor;
  SolverFactory<float> make_float;
  SolverFactory<double> make_double;
};

Registry<PdeEntry>& pde_registry();
// Throws naming the valid PDEs when `name` is unknown.
const PdeDescriptor& find_pde(const std::string& name);
std::vector<const PdeDescriptor*> pde_catalog();  // in name order

}  // namespace simforge
