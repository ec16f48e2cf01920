#include "surrogate/model_config.hpp"

#include <algorithm>

#include "kernels/error.hpp"

namespace simforge::surrogate {

int ModelOptions::integer(const std::string& name) const {
  const std::vector<int>& v = integers(name);
  SIMFORGE_CHECK(v.size() == 1, "model option ", name, " is a list, not one integer");
  return v[0];
}

const std::vector<int>& ModelOptions::integers(const std::string& name) const {
  const auto it = integers_.find(name);
  SIMFORGE_CHECK(it != integers_.end(), "model option ", name, " is not set");
  return it->second;
}

const std::string& ModelOptions::choice(const std::string& name) const {
  const auto it = choices_.find(name);
  SIMFORGE_CHECK(it != choices_.end(), "model option ", name, " is not set");
  return it->second;
}

Registry<ModelEntry>& model_registry() {
  static Registry<ModelEntry> registry("model type");
  return registry;
}

ModelConfig ModelConfig::defaults(const std::string& type) {
  ModelConfig c;
  c.type = type;
  for (const ModelOption& o : model_registry().at(type).options) {
    if (o.kind == ModelOption::Kind::Choice) c.options.set_choice(o.name, o.default_choice);
    else c.options.set_integers(o.name, o.default_integers);
  }
  return c;
}

void ModelConfig::validate() const {
  const ModelEntry& e = model_registry().at(type);
  SIMFORGE_CHECK(rank == 1 || rank == 2, "model: rank ", rank, " is not allowed; allowed: 1, 2");
  SIMFORGE_CHECK(in_channels >= 1 && out_channels >= 1, "model: channel counts must be positive");
  SIMFORGE_CHECK(width >= 1, "model.width: ", width, " is not allowed; allowed: >= 1");
  for (const ModelOption& o : e.options) {
    SIMFORGE_CHECK(options.has(o.name), "model.", o.name, " is not set (", type, " needs it)");
    if (o.kind == ModelOption::Kind::Choice) {
      const std::string& v = options.choice(o.name);
      SIMFORGE_CHECK(std::find(o.choices.begin(), o.choices.end(), v) != o.choices.end(), "model.", o.name, ": '", v,
                     "' is not allowed; allowed: ", join(o.choices));
      continue;
    }
    const std::vector<int>& v = options.integers(o.name);
    SIMFORGE_CHECK(o.kind == ModelOption::Kind::IntegerList ? !v.empty() : v.size() == 1, "model.", o.name, ": ",
                   o.kind == ModelOption::Kind::IntegerList ? "needs at least one value" : "takes one integer");
    for (int x : v) SIMFORGE_CHECK(o.accepts(x), "model.", o.name, ": ", x, " is not allowed; allowed: ", o.allowed);
  }
  if (e.validate) e.validate(*this);
}

int ModelConfig::size_divisor() const {
  const ModelEntry& e = model_registry().at(type);
  return e.size_divisor ? e.size_divisor(*this) : 1;
}

LayerPtr make_network(const ModelConfig& config) {
  config.validate();
  return model_registry().at(config.type).make(config);
}

const char* activation_name(ops::Activation a) { return a == ops::Activation::Relu ? "relu" : "gelu"; }

ops::Activation parse_activation(const std::string& name) {
  if (name == "relu") return ops::Activation::Relu;
  if (name == "gelu") return ops::Activation::Gelu;
  SIMFORGE_FAIL("activation '", name, "' is not allowed; allowed: gelu, relu");
}

}  // namespace simforge::surrogate
