#pragma once
// Which network a surrogate is, and the registry of architectures. Every architecture shares the
// type, rank, channels, width and activation; its own settings are named options that it
// declares (kind, default, allowed values, doc), so the config parser, the effective YAML and
// docs/configuration.md all come from the declaration. The file that defines an architecture
// registers it in one line (unet.cpp, fno.cpp).
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kernels/registry.hpp"
#include "surrogate/layer.hpp"
#include "surrogate/ops.hpp"

namespace simforge::surrogate {

// One setting of an architecture: a key of the config's model section.
struct ModelOption {
  enum class Kind { Integer, IntegerList, Choice };
  std::string name;
  Kind kind = Kind::Integer;
  std::vector<int> default_integers;  // Integer: one value; IntegerList: the list
  std::string default_choice;
  std::vector<std::string> choices;   // Choice: the allowed values
  std::function<bool(int)> accepts;   // Integer(s): each value
  std::string allowed;                // what `accepts` allows, for messages and docs
  std::string doc;
};

// An architecture's settings, by name.
class ModelOptions {
 public:
  int integer(const std::string& name) const;
  const std::vector<int>& integers(const std::string& name) const;
  const std::string& choice(const std::string& name) const;
  void set_integers(const std::string& name, std::vector<int> values) { integers_[name] = std::move(values); }
  void set_choice(const std::string& name, std::string value) { choices_[name] = std::move(value); }
  bool has(const std::string& name) const { return integers_.count(name) || choices_.count(name); }

 private:
  std::map<std::string, std::vector<int>> integers_;
  std::map<std::string, std::string> choices_;
};

struct ModelConfig {
  std::string type = "unet";  // a name in model_registry()
  int rank = 2;               // spatial dimensions: 1 or 2
  int in_channels = 1, out_channels = 1;
  int width = 32;             // channels of the first U-Net level; FNO hidden channels
  ops::Activation activation = ops::Activation::Gelu;
  ModelOptions options;       // the architecture's own settings

  // `type` with every option at its default.
  static ModelConfig defaults(const std::string& type);
  void validate() const;      // throws naming the bad setting
  // Input extents must be divisible by this (the U-Net halves them depth - 1 times).
  int size_divisor() const;
};

struct ModelEntry {
  std::string name;
  std::string summary;
  std::vector<ModelOption> options;                   // in the order configs list them
  std::function<LayerPtr(const ModelConfig&)> make;
  std::function<void(const ModelConfig&)> validate;   // architecture-specific checks (may be empty)
  std::function<int(const ModelConfig&)> size_divisor;
};

Registry<ModelEntry>& model_registry();
LayerPtr make_network(const ModelConfig& config);

const char* activation_name(ops::Activation a);
ops::Activation parse_activation(const std::string& name);  // "gelu" | "relu"

}  // namespace simforge::surrogate

#define SIMFORGE_REGISTER_MODEL(...) SIMFORGE_REGISTER(::simforge::surrogate::model_registry(), __VA_ARGS__)
