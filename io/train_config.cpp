#include "io/train_config.hpp"

#include <fstream>
#include <sstream>

#include "io/yaml_section.hpp"

namespace simforge::io {

using detail::Section;

namespace {

std::vector<std::string> strings(Section& s, const std::string& key) {
  YAML::Node n = s.raw(key);
  if (!n || n.IsNull()) return {};
  if (n.IsScalar()) return {n.as<std::string>()};
  if (!n.IsSequence()) s.fail(s.key_path(key), "expected a name or a list of names");
  return n.as<std::vector<std::string>>();
}

const char* activation_name(surrogate::ops::Activation a) { return a == surrogate::ops::Activation::Relu ? "relu" : "gelu"; }

}  // namespace

TrainConfig parse_train_config(const std::string& text, const std::string& source) {
  const YAML::Node root = detail::load_yaml(text, "config", source);
  Section top(root, "", source);
  TrainConfig c;
  c.name = top.get<std::string>("name", c.name);
  c.seed = top.get<std::uint64_t>("seed", 0);
  {
    Section d = top.sub("data");
    c.data.path = d.required<std::string>("path");
    c.data.fields = strings(d, "fields");
    c.data.scalars = strings(d, "scalars");
    c.data.history = int(d.number("history", 1, 1, 1000, false, "an integer >= 1"));
    Section split = d.sub("split");
    c.data.train_fraction = split.number("train", 0.8, 0, 1, true, "in (0, 1]");
    c.data.val_fraction = split.number("val", 0.1, 0, 1, false, "in [0, 1)");
    if (c.data.train_fraction + c.data.val_fraction > 1.0 + 1e-12)
      split.fail("data.split", "train + val = " + Section::fmt(c.data.train_fraction + c.data.val_fraction) +
                                   " is not allowed; allowed: <= 1 (the rest is the test split)");
    split.finish();
    d.finish();
  }
  {
    Section m = top.sub("model");
    surrogate::ModelConfig& mc = c.model;
    mc.type = m.choice("type", "unet", {"unet", "fno"});
    mc.width = int(m.number("width", 32, 1, 4096, false, "an integer in [1, 4096]"));
    mc.activation = m.choice("activation", "gelu", {"gelu", "relu"}) == "relu" ? surrogate::ops::Activation::Relu
                                                                                : surrogate::ops::Activation::Gelu;
    if (mc.type == "unet") {
      YAML::Node mult = m.raw("multipliers");
      if (mult && !mult.IsNull()) {
        if (!mult.IsSequence()) m.fail("model.multipliers", "expected a list of integers, e.g. [1, 2, 4]");
        mc.multipliers = mult.as<std::vector<int>>();
        for (int v : mc.multipliers)
          if (v < 1) m.fail("model.multipliers", "value " + std::to_string(v) + " is not allowed; allowed: integers >= 1");
      }
      mc.kernel = int(m.number("kernel", 3, 1, 31, false, "an odd integer in [1, 31]"));
      if (mc.kernel % 2 == 0) m.fail("model.kernel", "value " + std::to_string(mc.kernel) + " is not allowed; allowed: odd sizes");
      mc.group_norm = m.choice("norm", "group", {"group", "none"}) == "group";
      mc.groups = int(m.number("groups", 8, 1, 4096, false, "an integer >= 1 dividing every level's channels"));
      mc.padding = m.choice("padding", "circular", {"circular", "zero"}) == "zero" ? surrogate::Padding::Zero
                                                                                    : surrogate::Padding::Circular;
    } else {
      mc.modes = int(m.number("modes", 12, 1, 4096, false, "an integer >= 1 (at most half the grid)"));
      mc.layers = int(m.number("layers", 4, 1, 64, false, "an integer in [1, 64]"));
      mc.projection = int(m.number("projection", 128, 1, 4096, false, "an integer in [1, 4096]"));
    }
    c.increment = m.choice("predict", "next", {"next", "increment"}) == "increment";
    m.finish();
  }
  {
    Section t = top.sub("training");
    surrogate::TrainOptions& o = c.options;
    c.epochs = std::size_t(t.number("epochs", 10, 1, 1e9, false, "an integer >= 1"));
    c.batch = std::size_t(t.number("batch", 16, 1, 1e6, false, "an integer >= 1"));
    c.optimizer = t.choice("optimizer", "adamw", {"adam", "adamw"});
    o.adam.decoupled = c.optimizer == "adamw";
    o.learning_rate = t.number("learning_rate", 1e-3, 0, 10, true, "in (0, 10]");
    o.adam.weight_decay = t.number("weight_decay", c.optimizer == "adamw" ? 1e-4 : 0.0, 0, 1, false, "in [0, 1]");
    o.adam.beta1 = t.number("beta1", 0.9, 0, 1, false, "in [0, 1)");
    o.adam.beta2 = t.number("beta2", 0.999, 0, 1, false, "in [0, 1)");
    o.warmup_steps = std::size_t(t.number("warmup_steps", 0, 0, 1e9, false, "an integer >= 0"));
    o.final_lr_fraction = t.number("final_lr_fraction", 0.0, 0, 1, false, "in [0, 1]");
    o.clip_norm = t.number("clip_norm", 0.0, 0, 1e12, false, ">= 0 (0: no clipping)");
    o.loss = surrogate::parse_loss(t.choice("loss", "mse", {"mse", "relative_l2"}));
    o.unroll = int(t.number("unroll", 1, 1, 100, false, "an integer in [1, 100] (1: one-step training)"));
    o.increment = c.increment;
    c.deterministic = t.get<bool>("deterministic", true);
    c.math = t.choice("math", "fp32", {"fp32", "tf32"}) == "tf32" ? dnn::MathMode::Tf32 : dnn::MathMode::Fp32;
    t.finish();
  }
  {
    Section out = top.sub("output");
    c.output_path = out.get<std::string>("path", c.name + ".model.h5");
    c.checkpoint_every = std::size_t(out.number("checkpoint_every", 100, 0, 1e12, false, "an integer >= 0 (steps; 0: at the end only)"));
    c.metrics_path = out.get<std::string>("metrics", c.output_path + ".metrics.jsonl");
    out.finish();
  }
  top.finish();
  return c;
}

TrainConfig load_train_config(const std::filesystem::path& path) {
  return parse_train_config(detail::read_text_file(path, "config"), path.string());
}

std::string TrainConfig::effective_yaml() const {
  const surrogate::ModelConfig& m = model;
  const surrogate::TrainOptions& o = options;
  YAML::Emitter e;
  e << YAML::BeginMap << YAML::Key << "name" << YAML::Value << name << YAML::Key << "seed" << YAML::Value << seed;
  e << YAML::Key << "data" << YAML::Value << YAML::BeginMap << YAML::Key << "path" << YAML::Value << data.path;
  e << YAML::Key << "fields" << YAML::Value << YAML::Flow << data.fields << YAML::Key << "scalars" << YAML::Value << YAML::Flow
    << data.scalars;
  e << YAML::Key << "history" << YAML::Value << data.history << YAML::Key << "split" << YAML::Value << YAML::Flow << YAML::BeginMap
    << YAML::Key << "train" << YAML::Value << data.train_fraction << YAML::Key << "val" << YAML::Value << data.val_fraction
    << YAML::EndMap << YAML::EndMap;
  e << YAML::Key << "model" << YAML::Value << YAML::BeginMap << YAML::Key << "type" << YAML::Value << m.type;
  e << YAML::Key << "width" << YAML::Value << m.width << YAML::Key << "activation" << YAML::Value << activation_name(m.activation);
  if (m.type == "unet") {
    e << YAML::Key << "multipliers" << YAML::Value << YAML::Flow << m.multipliers << YAML::Key << "kernel" << YAML::Value << m.kernel;
    e << YAML::Key << "norm" << YAML::Value << (m.group_norm ? "group" : "none") << YAML::Key << "groups" << YAML::Value << m.groups;
    e << YAML::Key << "padding" << YAML::Value << (m.padding == surrogate::Padding::Zero ? "zero" : "circular");
  } else {
    e << YAML::Key << "modes" << YAML::Value << m.modes << YAML::Key << "layers" << YAML::Value << m.layers << YAML::Key
      << "projection" << YAML::Value << m.projection;
  }
  e << YAML::Key << "predict" << YAML::Value << (increment ? "increment" : "next") << YAML::EndMap;
  e << YAML::Key << "training" << YAML::Value << YAML::BeginMap << YAML::Key << "epochs" << YAML::Value << epochs << YAML::Key
    << "batch" << YAML::Value << batch << YAML::Key << "optimizer" << YAML::Value << optimizer << YAML::Key << "learning_rate"
    << YAML::Value << o.learning_rate << YAML::Key << "weight_decay" << YAML::Value << o.adam.weight_decay << YAML::Key << "beta1"
    << YAML::Value << o.adam.beta1 << YAML::Key << "beta2" << YAML::Value << o.adam.beta2 << YAML::Key << "warmup_steps"
    << YAML::Value << o.warmup_steps << YAML::Key << "final_lr_fraction" << YAML::Value << o.final_lr_fraction << YAML::Key
    << "clip_norm" << YAML::Value << o.clip_norm << YAML::Key << "loss" << YAML::Value
    << (o.loss == surrogate::LossKind::Mse ? "mse" : "relative_l2") << YAML::Key << "unroll" << YAML::Value << o.unroll
    << YAML::Key << "deterministic" << YAML::Value << deterministic << YAML::Key << "math" << YAML::Value
    << (math == dnn::MathMode::Tf32 ? "tf32" : "fp32") << YAML::EndMap;
  e << YAML::Key << "output" << YAML::Value << YAML::BeginMap << YAML::Key << "path" << YAML::Value << output_path << YAML::Key
    << "checkpoint_every" << YAML::Value << checkpoint_every << YAML::Key << "metrics" << YAML::Value << metrics_path << YAML::EndMap;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

}  // namespace simforge::io
