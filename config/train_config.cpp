// The train config's key table: every key, its checks, its default and its documentation.
#include "config/train_config.hpp"

#include <cmath>

#include "kernels/error.hpp"
#include "surrogate/optimizer.hpp"

namespace simforge::config {

namespace {

using T = TrainConfig;
using surrogate::ModelOption;

// A name or a list of names.
std::vector<std::string> read_names(Section& s, const std::string& key) {
  YAML::Node n = s.raw(key);
  if (!n || n.IsNull()) return {};
  if (n.IsScalar()) return {s.convert<std::string>(n, s.key_path(key))};
  if (!n.IsSequence()) s.fail(s.key_path(key), "expected a name or a list of names");
  return s.convert<std::vector<std::string>>(n, s.key_path(key));
}

Key<T> names_key(std::string name, std::vector<std::string>& (*field)(T&), std::string fallback, std::string doc) {
  return custom<T, std::vector<std::string>>(
      name, field, Fallback<T, std::vector<std::string>>([](const T&) { return std::vector<std::string>{}; }, fallback),
      "a name or a list of names", std::move(doc),
      [](Section& s, const std::string& n, const std::vector<std::string>&, const T&) { return read_names(s, n); });
}

// data.coordinates: written only when true, so that earlier configurations keep their text.
Key<T> coordinates_key() {
  Key<T> k = plain<T, bool>("coordinates", [](T& c) -> bool& { return c.data.coordinates; }, false, "true, false",
                            "append the grid coordinates in [0, 1] as input channels (the FNO paper's (x, y); non-periodic problems)");
  k.shown = [](const T& c) { return c.data.coordinates; };
  return k;
}

// data.targets: written only when set, so that rollout configurations keep their text.
Key<T> targets_key() {
  Key<T> k = names_key("targets", [](T& c) -> std::vector<std::string>& { return c.data.targets; }, "none (a rollout)",
                       "a steady map: predict these fields from data.fields at the same frame (Darcy: solution from coefficient)");
  k.shown = [](const T& c) { return !c.data.targets.empty(); };
  return k;
}

// The chosen architecture's options (model_config.hpp), as the model section's keys.
Key<T> model_option_key(const ModelOption& o) {
  std::string fallback = o.kind == ModelOption::Kind::Choice ? o.default_choice
                         : o.kind == ModelOption::Kind::IntegerList ? bracketed(o.default_integers)
                                                                    : std::to_string(o.default_integers.at(0));
  const std::string allowed = o.kind == ModelOption::Kind::Choice ? join(o.choices) : o.allowed;
  Key<T> k{o.name, fallback, allowed, o.doc, {}, {}, {}};
  k.read = [o](Section& s, T& t) {
    const std::string key = s.key_path(o.name);
    if (o.kind == ModelOption::Kind::Choice) {
      t.model.options.set_choice(o.name, s.choice(o.name, o.default_choice, o.choices));
      return;
    }
    std::vector<int> v = o.default_integers;
    YAML::Node n = s.raw(o.name);
    if (o.kind == ModelOption::Kind::IntegerList && n && !n.IsNull()) {
      if (!n.IsSequence()) s.fail(key, "expected a list of integers, e.g. " + bracketed(o.default_integers));
      v = s.get<std::vector<int>>(o.name, v);
      if (v.empty()) s.fail(key, "needs at least one value");
    } else if (n && !n.IsNull()) {
      const double x = s.get<double>(o.name, 0);
      if (x != std::floor(x) || std::abs(x) > 1e9) s.fail(key, "value " + Section::fmt(x) + " is not allowed; allowed: " + o.allowed);
      v = {int(x)};
    }
    for (int x : v)
      if (!o.accepts(x)) s.fail(key, "value " + std::to_string(x) + " is not allowed; allowed: " + o.allowed);
    t.model.options.set_integers(o.name, v);
  };
  k.write = [o](YAML::Emitter& e, const T& t) {
    if (o.kind == ModelOption::Kind::Choice) e << t.model.options.choice(o.name);
    else if (o.kind == ModelOption::Kind::IntegerList) e << YAML::Flow << t.model.options.integers(o.name);
    else e << t.model.options.integer(o.name);
  };
  return k;
}

Table<T> data_table() {
  Table<T> split;
  split.flow = true;
  split.keys = {number<T>("train", [](T& c) -> double& { return c.data.train_fraction; }, 0.8, 0, 1, true, "in (0, 1]",
                          "fraction of the samples (by index, first) for training"),
                number<T>("val", [](T& c) -> double& { return c.data.val_fraction; }, 0.1, 0, 1, false, "in [0, 1)",
                          "fraction for validation (next); the rest is the test split", true)};
  split.check = [](Section& s, T& c) {
    if (c.data.train_fraction + c.data.val_fraction > 1.0 + 1e-12)
      s.fail("data.split", "train + val = " + Section::fmt(c.data.train_fraction + c.data.val_fraction) +
                               " is not allowed; allowed: <= 1 (the rest is the test split)");
  };
  Table<T> data;
  data.keys = {
      custom<T, std::string>("path", [](T& c) -> std::string& { return c.data.path; }, std::string("required"), "a file path",
                             "HDF5 dataset from `simforge generate`",
                             [](Section& s, const std::string& n, const std::string&, const T&) {
                               const std::string v = s.required<std::string>(n);
                               if (v.empty()) s.fail(s.key_path(n), "is empty; allowed: a file path");
                               return v;
                             }),
      names_key("fields", [](T& c) -> std::vector<std::string>& { return c.data.fields; }, "every field (a vector's components apart)",
                "fields the model reads (and predicts, unless data.targets names the outputs)"),
      names_key("scalars", [](T& c) -> std::vector<std::string>& { return c.data.scalars; }, "none",
                "per-sample scalars (scalars/) fed as constant input channels"),
      targets_key(),
      coordinates_key(),
      whole<T>("history", [](T& c) -> int& { return c.data.history; }, 1, 1, 1000, "an integer >= 1", "input frames per field"),
      section<T>("split", std::move(split)),
  };
  return data;
}

Table<T> model_table() {
  Table<T> m;
  m.keys = {
      choice<T>("type", [](T& c) -> std::string& { return c.model.type; }, std::string("unet"),
                [] { return surrogate::model_registry().names(); }, "architecture (see the model table)"),
      whole<T>("width", [](T& c) -> int& { return c.model.width; }, 32, 1, 4096, "an integer in [1, 4096]",
               "channels of the first U-Net level; FNO hidden channels"),
      named<T, surrogate::ops::Activation>("activation", [](T& c) -> surrogate::ops::Activation& { return c.model.activation; },
                                           surrogate::ops::Activation::Gelu,
                                           {{surrogate::ops::Activation::Gelu, "gelu"}, {surrogate::ops::Activation::Relu, "relu"}},
                                           "activation function"),
  };
  m.dependent = [](const T& c) {
    std::vector<Key<T>> keys;
    for (const ModelOption& o : surrogate::model_registry().at(c.model.type).options) keys.push_back(model_option_key(o));
    return keys;
  };
  m.after = {named<T, bool>("predict", [](T& c) -> bool& { return c.increment; }, false, {{false, "next"}, {true, "increment"}},
                            "the next frame, or its change from the last input frame")};
  return m;
}

Table<T> training_table() {
  using surrogate::optimizer_registry;
  Table<T> t;
  t.keys = {
      whole<T>("epochs", [](T& c) -> std::size_t& { return c.epochs; }, 10, 1, 1e9, "an integer >= 1", "passes over the training windows"),
      whole<T>("batch", [](T& c) -> std::size_t& { return c.batch; }, 16, 1, 1e6, "an integer >= 1", "windows per step"),
      choice<T>("optimizer", [](T& c) -> std::string& { return c.options.optimizer; }, std::string("adamw"),
                [] { return optimizer_registry().names(); }, "optimizer (see the optimizer table)"),
      number<T>("learning_rate", [](T& c) -> double& { return c.options.learning_rate; }, 1e-3, 0, 10, true, "in (0, 10]",
                "peak learning rate"),
      custom<T, double>("weight_decay", [](T& c) -> double& { return c.options.optimizer_config.weight_decay; },
                        Fallback<T, double>([](const T& c) { return optimizer_registry().at(c.options.optimizer).default_weight_decay; },
                                            "the optimizer's (adamw 0.0001, adam 0)"),
                        "in [0, 1]", "weight decay",
                        [](Section& s, const std::string& n, const double& f, const T&) { return s.number(n, f, 0, 1, false, "in [0, 1]"); }),
      number<T>("beta1", [](T& c) -> double& { return c.options.optimizer_config.beta1; }, 0.9, 0, 1, false, "in [0, 1)",
                "first-moment decay", true),
      number<T>("beta2", [](T& c) -> double& { return c.options.optimizer_config.beta2; }, 0.999, 0, 1, false, "in [0, 1)",
                "second-moment decay", true),
      whole<T>("warmup_steps", [](T& c) -> std::size_t& { return c.options.warmup_steps; }, 0, 0, 1e9, "an integer >= 0",
               "linear learning-rate warm-up"),
      number<T>("final_lr_fraction", [](T& c) -> double& { return c.options.final_lr_fraction; }, 0.0, 0, 1, false, "in [0, 1]",
                "cosine decay ends at this fraction of the peak"),
      number<T>("clip_norm", [](T& c) -> double& { return c.options.clip_norm; }, 0.0, 0, 1e12, false, ">= 0 (0: no clipping)",
                "gradient-norm clipping"),
      named<T, surrogate::LossKind>("loss", [](T& c) -> surrogate::LossKind& { return c.options.loss; }, surrogate::LossKind::Mse,
                                    [] {
                                      std::vector<std::pair<surrogate::LossKind, std::string>> v;
                                      for (const auto& l : surrogate::losses()) v.emplace_back(l.kind, l.name);
                                      return v;
                                    }(),
                                    "training loss (see the loss table)"),
      whole<T>("unroll", [](T& c) -> int& { return c.options.unroll; }, 1, 1, 100, "an integer in [1, 100] (1: one-step training)",
               "pushforward: roll out unroll - 1 steps without gradients, train the last"),
      plain<T, bool>("deterministic", [](T& c) -> bool& { return c.deterministic; }, true, "true, false",
                     "only convolution algorithms whose results do not depend on scheduling"),
      named<T, dnn::MathMode>("math", [](T& c) -> dnn::MathMode& { return c.math; }, dnn::MathMode::Fp32,
                              {{dnn::MathMode::Fp32, "fp32"}, {dnn::MathMode::Tf32, "tf32"}},
                              "GPU convolution arithmetic (TF32 tensor cores or exact fp32; the CPU computes fp32)"),
  };
  return t;
}

Table<T> output_table() {
  Table<T> o;
  o.keys = {
      path<T>("path", [](T& c) -> std::string& { return c.output_path; },
              Fallback<T, std::string>([](const T& c) { return c.name + ".model.h5"; }, "<name>.model.h5"),
              "model file (also the checkpoint, rewritten atomically)"),
      whole<T>("checkpoint_every", [](T& c) -> std::size_t& { return c.checkpoint_every; }, 100, 0, 1e12,
               "an integer >= 0 (steps; 0: at the end only)", "steps between checkpoints"),
      path<T>("metrics", [](T& c) -> std::string& { return c.metrics_path; },
              Fallback<T, std::string>([](const T& c) { return c.output_path + ".metrics.jsonl"; }, "<path>.metrics.jsonl"),
              "one JSON line of metrics per epoch"),
  };
  return o;
}

Table<T> make_train_table() {
  Table<T> top;
  top.keys = {
      plain<T, std::string>("name", [](T& c) -> std::string& { return c.name; }, std::string("surrogate"), "a string", "model name"),
      plain<T, std::uint64_t>("seed", [](T& c) -> std::uint64_t& { return c.seed; }, std::uint64_t(0), "an unsigned integer",
                              "initialization and window order: a resumed run repeats an uninterrupted one"),
      section<T>("data", data_table()),
      section<T>("model", model_table()),
      section<T>("training", training_table()),
      section<T>("output", output_table()),
  };
  top.check = [](Section& s, T& c) {
    c.options.increment = c.increment;
    if (c.data.targets.empty()) return;
    // A steady map: one frame in, its targets out.
    if (c.data.history != 1) s.fail("data.history", Section::fmt(c.data.history) + " is not allowed with data.targets; allowed: 1");
    if (c.options.unroll != 1) s.fail("training.unroll", Section::fmt(c.options.unroll) + " is not allowed with data.targets; allowed: 1");
    if (c.increment) s.fail("model.predict", "'increment' is not allowed with data.targets; allowed: next");
  };
  return top;
}

}  // namespace

const Table<TrainConfig>& train_table() {
  static const Table<TrainConfig> table = make_train_table();
  return table;
}

TrainConfig parse_train_config(const std::string& text, const std::string& source, const Overrides& overrides) {
  return parse(train_table(), text, "config", source, overrides);
}

TrainConfig load_train_config(const std::filesystem::path& path, const Overrides& overrides) {
  return parse_train_config(read_text_file(path, "config"), path.string(), overrides);
}

std::string TrainConfig::effective_yaml() const { return config::effective_yaml(train_table(), *this); }

}  // namespace simforge::config
