#pragma once
// Initial conditions: random fields drawn from Philox keyed by (seed, sample), so that sample i
// is bit for bit the same whatever the batch size or resume point. Every condition produces
// physical values on any Grid, which is what Simulation hands to a solver family; one file in
// solvers/initial_conditions/ defines each and registers it in one line.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kernels/device.hpp"
#include "kernels/error.hpp"
#include "kernels/registry.hpp"
#include "solvers/grid.hpp"
#include "solvers/parameters.hpp"

namespace simforge {

struct InitialConditionDescriptor {
  std::string name;
  std::string summary;
  std::vector<ParameterInfo> parameters;
  std::vector<bool> per_field;  // per parameter: may be given one value per field
  std::vector<int> dims;        // supported spatial dimensions
};

// A condition as a run configures it: parameters by name, each one value or one per field; one
// left out takes the descriptor's default.
struct InitialConditionSpec {
  std::string type = "grf";
  std::map<std::string, std::vector<double>> parameters;
};

// What a condition is asked for: samples [first, first + count) of `fields` fields on `grid`.
struct InitialConditionRequest {
  Grid grid;
  int fields = 1;
  std::uint64_t seed = 0, first = 0;
  std::size_t count = 1;
  const Stream* stream = nullptr;
};

template <class Real>
class InitialCondition {
 public:
  virtual ~InitialCondition() = default;
  // Physical values [count, fields, ...grid] (device).
  virtual void physical(const InitialConditionRequest& request, Real* out) = 0;
};

// A configured condition's parameters, checked against its descriptor.
class InitialConditionValues {
 public:
  InitialConditionValues(const InitialConditionDescriptor& d, const InitialConditionSpec& spec);
  // Parameter `name` for field f (a single value serves every field).
  double operator()(const std::string& name, std::size_t field = 0) const;
  // Field values of a per-field parameter, for up to max_fields fields.
  template <std::size_t N>
  void per_field(const std::string& name, int fields, double (&out)[N]) const {
    SIMFORGE_CHECK(fields <= int(N), "initial condition ", descriptor_->name, " supports up to ", N, " fields, got ", fields);
    for (int f = 0; f < fields; ++f) out[f] = (*this)(name, std::size_t(f));
  }

 private:
  const InitialConditionDescriptor* descriptor_;
  std::map<std::string, std::vector<double>> values_;
};

template <class Real>
using InitialConditionFactory = std::function<std::unique_ptr<InitialCondition<Real>>(const InitialConditionValues&)>;

struct InitialConditionEntry {
  std::string name;
  InitialConditionDescriptor descriptor;
  InitialConditionFactory<float> make_float;
  InitialConditionFactory<double> make_double;
};

Registry<InitialConditionEntry>& initial_condition_registry();
const InitialConditionDescriptor& find_initial_condition(const std::string& name);
std::vector<const InitialConditionDescriptor*> initial_condition_catalog();  // in name order

// A registry entry for a condition class template IC<Real> constructed from its values.
template <template <class> class IC>
InitialConditionEntry initial_condition_entry(InitialConditionDescriptor d) {
  InitialConditionEntry e{d.name, d, {}, {}};
  e.make_float = [](const InitialConditionValues& v) { return std::make_unique<IC<float>>(v); };
  e.make_double = [](const InitialConditionValues& v) { return std::make_unique<IC<double>>(v); };
  return e;
}

// The condition `spec` names, for `fields` fields on `dim`-dimensional grids (checked).
template <class Real>
std::unique_ptr<InitialCondition<Real>> make_initial_condition(const InitialConditionSpec& spec, int fields, int dim);

// The GRF's default sigma: tau^(alpha - d/2), which makes the field's variance O(1) (the FNO choice).
double grf_default_sigma(double alpha, double tau, int dim);

}  // namespace simforge

// SIMFORGE_REGISTER_INITIAL_CONDITION(IC, descriptor): adds class template IC<Real> by its descriptor.
#define SIMFORGE_REGISTER_INITIAL_CONDITION(IC, ...) \
  SIMFORGE_REGISTER(::simforge::initial_condition_registry(), ::simforge::initial_condition_entry<IC>(__VA_ARGS__))
