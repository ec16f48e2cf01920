#include "solvers/initial_condition.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"

namespace simforge {

InitialConditionValues::InitialConditionValues(const InitialConditionDescriptor& d, const InitialConditionSpec& spec)
    : descriptor_(&d) {
  std::vector<std::string> names;
  for (const auto& p : d.parameters) names.push_back(p.name);
  for (const auto& [name, v] : spec.parameters)
    SIMFORGE_CHECK(std::find(names.begin(), names.end(), name) != names.end(), "initial condition ", d.name,
                   " has no parameter '", name, "'; its parameters: ", join(names));
  for (std::size_t i = 0; i < d.parameters.size(); ++i) {
    const ParameterInfo& p = d.parameters[i];
    const auto it = spec.parameters.find(p.name);
    std::vector<double> v = it == spec.parameters.end() ? std::vector<double>{p.default_value} : it->second;
    SIMFORGE_CHECK(!v.empty(), "initial condition ", d.name, ": ", p.name, " has no value");
    SIMFORGE_CHECK(v.size() == 1 || d.per_field[i], "initial condition ", d.name, ": ", p.name,
                   " takes one number, not a list");
    for (double x : v)
      SIMFORGE_CHECK(p.allows(x), "initial condition ", d.name, ": ", p.name, " = ", x, " is not allowed; allowed: ", p.allowed());
    values_[p.name] = std::move(v);
  }
}

double InitialConditionValues::operator()(const std::string& name, std::size_t field) const {
  const auto it = values_.find(name);
  SIMFORGE_CHECK(it != values_.end(), "initial condition ", descriptor_->name, " has no parameter '", name, "'");
  const std::vector<double>& v = it->second;
  return v.size() == 1 ? v[0] : v.at(field);
}

Registry<InitialConditionEntry>& initial_condition_registry() {
  static Registry<InitialConditionEntry> registry("initial condition");
  return registry;
}

const InitialConditionDescriptor& find_initial_condition(const std::string& name) {
  return initial_condition_registry().at(name).descriptor;
}

std::vector<const InitialConditionDescriptor*> initial_condition_catalog() {
  std::vector<const InitialConditionDescriptor*> c;
  for (const InitialConditionEntry* e : initial_condition_registry().entries()) c.push_back(&e->descriptor);
  return c;
}

template <class Real>
std::unique_ptr<InitialCondition<Real>> make_initial_condition(const InitialConditionSpec& spec, int fields, int dim) {
  const InitialConditionEntry& e = initial_condition_registry().at(spec.type);
  const InitialConditionDescriptor& d = e.descriptor;
  SIMFORGE_CHECK(fields >= 1 && fields <= 8, "initial conditions support 1 to 8 fields, got ", fields);
  SIMFORGE_CHECK(std::find(d.dims.begin(), d.dims.end(), dim) != d.dims.end(), "initial condition ", d.name,
                 " does not support ", dim, "D grids");
  const InitialConditionValues values(d, spec);
  for (const auto& [name, v] : spec.parameters)
    SIMFORGE_CHECK(v.size() == 1 || v.size() == std::size_t(fields), "initial condition ", d.name, ": ", name,
                   " needs one value per field (", fields, "), got ", v.size());
  if constexpr (std::is_same_v<Real, float>) return e.make_float(values);
  else return e.make_double(values);
}

template std::unique_ptr<InitialCondition<float>> make_initial_condition(const InitialConditionSpec&, int, int);
template std::unique_ptr<InitialCondition<double>> make_initial_condition(const InitialConditionSpec&, int, int);

double grf_default_sigma(double alpha, double tau, int dim) { return std::pow(tau, alpha - 0.5 * dim); }

}  // namespace simforge
