#include "solvers/solver_family.hpp"

#include <algorithm>

namespace simforge {

bool SolverFamily::supports(BoundaryKind kind) const {
  return std::find(boundaries.begin(), boundaries.end(), kind) != boundaries.end();
}

std::vector<std::string> SolverFamily::stepper_names() const {
  std::vector<std::string> names;
  for (const auto& s : time_steppers()) names.push_back(s.name);
  return names;
}

bool SolverFamily::has_stepper(const std::string& n) const {
  const std::vector<std::string> names = stepper_names();
  return std::find(names.begin(), names.end(), n) != names.end();
}

Registry<SolverFamily>& solver_family_registry() {
  static Registry<SolverFamily> registry("solver family");
  return registry;
}

const SolverFamily& find_solver_family(const std::string& name) { return solver_family_registry().at(name); }

}  // namespace simforge
