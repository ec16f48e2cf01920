#include "solvers/pde.hpp"

#include <algorithm>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"
#include "solvers/grid.hpp"

namespace simforge {

std::vector<std::string> PdeDescriptor::parameter_names() const {
  std::vector<std::string> names;
  for (const auto& p : parameters) names.push_back(p.name);
  return names;
}

std::vector<std::string> PdeDescriptor::field_names(int dim) const {
  std::vector<std::string> names = fields;
  for (const auto& v : vectors)
    for (const auto& axis : grid_axis_names(dim)) names.push_back(v + "_" + axis);
  return names;
}

void PdeDescriptor::check(const PdeSpec& spec) const {
  for (const auto& [n, law] : spec.parameters) {
    const auto it = std::find_if(parameters.begin(), parameters.end(), [&](const ParameterInfo& p) { return p.name == n; });
    SIMFORGE_CHECK(it != parameters.end(), "PDE ", name, " has no parameter '", n, "'; its parameters: ",
                   parameters.empty() ? std::string("none") : join(parameter_names()));
  }
  for (const auto& [n, value] : spec.options) {
    const auto it = std::find_if(options.begin(), options.end(), [&](const PdeOption& o) { return o.name == n; });
    SIMFORGE_CHECK(it != options.end(), "PDE ", name, " has no option '", n, "'");
    SIMFORGE_CHECK(std::find(it->allowed.begin(), it->allowed.end(), value) != it->allowed.end(), "PDE ", name, ": option ",
                   n, " = '", value, "' is not allowed; allowed: ", join(it->allowed));
  }
}

std::vector<ParameterLaw> PdeDescriptor::laws(const PdeSpec& spec) const {
  check(spec);
  std::vector<ParameterLaw> l;
  for (const auto& p : parameters) {
    const auto it = spec.parameters.find(p.name);
    l.push_back(it == spec.parameters.end() ? ParameterLaw::fixed(p.default_value) : it->second);
  }
  return l;
}

const std::string& PdeDescriptor::option(const PdeSpec& spec, const std::string& n) const {
  for (const auto& o : options)
    if (o.name == n) {
      const auto it = spec.options.find(n);
      return it == spec.options.end() ? o.default_value : it->second;
    }
  SIMFORGE_FAIL("PDE ", name, " has no option '", n, "'");
}

std::size_t PdeDescriptor::option_index(const PdeSpec& spec, const std::string& n) const {
  const std::string& value = option(spec, n);
  for (const auto& o : options)
    if (o.name == n) {
      const auto it = std::find(o.allowed.begin(), o.allowed.end(), value);
      SIMFORGE_CHECK(it != o.allowed.end(), "PDE ", name, ": option ", n, " = '", value, "' is not allowed; allowed: ",
                     join(o.allowed));
      return std::size_t(it - o.allowed.begin());
    }
  SIMFORGE_FAIL("PDE ", name, " has no option '", n, "'");
}

double PdeDescriptor::fixed(const PdeSpec& spec, const std::string& n) const {
  const std::vector<ParameterLaw> l = laws(spec);
  for (std::size_t i = 0; i < parameters.size(); ++i)
    if (parameters[i].name == n) {
      SIMFORGE_CHECK(!l[i].varies(), "PDE ", name, ": ", n, " must be the same for every sample");
      return l[i].lo;
    }
  SIMFORGE_FAIL("PDE ", name, " has no parameter '", n, "'");
}

Registry<PdeEntry>& pde_registry() {
  static Registry<PdeEntry> registry("PDE");
  return registry;
}

const PdeDescriptor& find_pde(const std::string& name) { return pde_registry().at(name).descriptor; }

std::vector<const PdeDescriptor*> pde_catalog() {
  std::vector<const PdeDescriptor*> c;
  for (const PdeEntry* e : pde_registry().entries()) c.push_back(&e->descriptor);
  return c;
}

}  // namespace simforge
