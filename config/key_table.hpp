#pragma once
// One table of keys per config section, and the three things made from it: the parser (read,
// with every check, unknown keys rejected), the effective YAML written into every output (every
// default filled in, in table order), and the section's rows in docs/configuration.md. A key is
// added in one place and cannot be parsed without being documented, or written back differently
// from how it is read.
//
// Every key of a config file works on the same target struct T (GenerateConfig, TrainConfig, ...)
// through an accessor lambda T& -> field&.
#include <yaml-cpp/yaml.h>

#include <functional>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "config/yaml_section.hpp"
#include "kernels/strings.hpp"

namespace simforge::config {

template <class T>
struct Table;

template <class T>
struct Key {
  std::string name;      // within its section
  std::string fallback;  // the default, as docs show it
  std::string allowed;   // what is allowed, as docs and errors show it
  std::string doc;
  std::function<void(Section&, T&)> read;                   // reads, checks and stores the value
  std::function<void(YAML::Emitter&, const T&)> write;      // writes the value (not the key); empty: read only

  std::shared_ptr<const Table<T>> section;                  // set for a nested section
  // Written only when this says so (empty: always). Keys added after configurations were first
  // stored are left out at their default, so that existing configurations keep their exact text
  // (their datasets resume and their models keep their dataset identity).
  std::function<bool(const T&)> shown;
};

template <class T>
struct Table {
  bool flow = false;  // written as a flow map: {a: 1, b: 2}
  std::vector<Key<T>> keys;
  // Keys whose set depends on values read before them (a PDE's coefficients follow pde.type).
  std::function<std::vector<Key<T>>(const T&)> dependent;
  std::vector<Key<T>> after;  // fixed keys that follow the dependent ones
  // Checks between keys, once all are read.
  std::function<void(Section&, T&)> check;
};

// Reads section `s` into `target` (keys in order, then dependent keys, checks, unknown keys).
template <class T>
void read(Section& s, const Table<T>& table, T& target) {
  for (const Key<T>& k : table.keys) k.read(s, target);
  if (table.dependent)
    for (const Key<T>& k : table.dependent(target)) k.read(s, target);
  for (const Key<T>& k : table.after) k.read(s, target);
  if (table.check) table.check(s, target);
  s.finish();
}

// Command-line overrides: dotted key paths ("samples", "output.path") and their values as YAML
// scalars. They are put into the file's document before it is read, so they pass the same checks
// and appear in the effective YAML like any key of the file.
using Overrides = std::vector<std::pair<std::string, std::string>>;

inline void apply_overrides(YAML::Node& root, const Overrides& overrides) {
  if (!root.IsMap()) return;  // Section reports a document that is not a mapping
  for (const auto& [path, value] : overrides) {
    YAML::Node node = root;
    std::size_t start = 0;
    for (std::size_t dot; (dot = path.find('.', start)) != std::string::npos; start = dot + 1) {
      const std::string part = path.substr(start, dot - start);
      if (!node[part] || !node[part].IsMap()) node[part] = YAML::Node(YAML::NodeType::Map);
      node.reset(node[part]);  // (assignment would write the child into its parent: nodes are references)
    }
    node[path.substr(start)] = value;
  }
}

// A config file's text read with its top-level table; `what` names the kind of file in errors.
template <class T>
T parse(const Table<T>& table, const std::string& text, const std::string& what, const std::string& source,
        const Overrides& overrides = {}) {
  YAML::Node root = load_yaml(text, what, source);
  apply_overrides(root, overrides);
  Section top(root, "", source);
  T target;
  read(top, table, target);
  return target;
}

// Writes `target` as the section's YAML map.
template <class T>
void write(YAML::Emitter& e, const Table<T>& table, const T& target) {
  if (table.flow) e << YAML::Flow;
  e << YAML::BeginMap;
  auto one = [&](const Key<T>& k) {
    if (!k.write) return;  // read-only keys (grid.dim) are implied by others
    if (k.shown && !k.shown(target)) return;
    e << YAML::Key << k.name << YAML::Value;
    k.write(e, target);
  };
  for (const Key<T>& k : table.keys) one(k);
  if (table.dependent)
    for (const Key<T>& k : table.dependent(target)) one(k);
  for (const Key<T>& k : table.after) one(k);
  e << YAML::EndMap;
}

// The whole document of a config file: the top-level table.
template <class T>
std::string effective_yaml(const Table<T>& table, const T& target) {
  YAML::Emitter e;
  write(e, table, target);
  return std::string(e.c_str()) + "\n";
}

// Rows "| `prefix.key` | default | allowed | meaning |" of the table and its nested sections.
template <class T>
void document(std::ostream& os, const Table<T>& table, const std::string& prefix = "") {
  auto row = [&](const Key<T>& k) {
    const std::string name = prefix.empty() ? k.name : prefix + "." + k.name;
    if (k.section) return document(os, *k.section, name);
    os << "| `" << name << "` | " << k.fallback << " | " << k.allowed << " | " << k.doc << " |\n";
  };
  for (const Key<T>& k : table.keys) row(k);
  for (const Key<T>& k : table.after) row(k);
}

// ---- building keys ----------------------------------------------------------------------------

namespace key_detail {
template <class V>
std::string text(const V& v) {
  std::ostringstream os;
  if constexpr (std::is_same_v<V, bool>) os << (v ? "true" : "false");
  else os << v;
  return os.str();
}
// Writes a value as the emitter would: lists as flow sequences.
template <class V>
void emit(YAML::Emitter& e, const V& v) {
  if constexpr (requires { v.begin(); } && !std::is_same_v<V, std::string>) e << YAML::Flow << v;
  else e << v;
}
}  // namespace key_detail

// A default: a constant, or computed from what was read before (save_interval = t_end / 10).
template <class T, class V>
struct Fallback {
  std::function<V(const T&)> value;
  std::string text;
  Fallback(V v) : value([v](const T&) { return v; }), text(key_detail::text(v)) {}  // NOLINT: implicit by design
  Fallback(std::function<V(const T&)> f, std::string t) : value(std::move(f)), text(std::move(t)) {}
};

// A key with custom reading: `get(section, key, fallback, target)` returns the checked value
// (`target` holds what was read before it).
template <class T, class V, class Field>
Key<T> custom(std::string name, Field field, Fallback<T, V> fallback, std::string allowed, std::string doc,
              std::function<V(Section&, const std::string&, const V&, const T&)> get) {
  Key<T> k{name, fallback.text, allowed, std::move(doc), {}, {}, {}};
  k.read = [name, field, fallback, get](Section& s, T& t) { field(t) = get(s, name, fallback.value(t), t); };
  k.write = [field](YAML::Emitter& e, const T& t) { key_detail::emit(e, field(const_cast<T&>(t))); };
  return k;
}

// A real number in [lo, hi] (lo_open, hi_open: without that bound).
template <class T, class Field>
Key<T> number(std::string name, Field field, Fallback<T, double> fallback, double lo, double hi, bool lo_open,
              std::string allowed, std::string doc, bool hi_open = false) {
  return custom<T, double>(name, field, fallback, allowed, std::move(doc),
                           [=](Section& s, const std::string& n, const double& f, const T&) {
                             return s.number(n, f, lo, hi, lo_open, allowed, hi_open);
                           });
}

// A whole number in [lo, hi], stored in an integer field.
template <class T, class Field>
Key<T> whole(std::string name, Field field, double fallback, double lo, double hi, std::string allowed, std::string doc) {
  using V = std::remove_reference_t<decltype(field(std::declval<T&>()))>;
  return custom<T, V>(name, field, Fallback<T, V>(V(fallback)), allowed, std::move(doc),
                      [=](Section& s, const std::string& n, const V& f, const T&) { return V(s.whole(n, double(f), lo, hi, allowed)); });
}

// One of a list of names (`names` is called when the key is read: registries fill it).
template <class T, class Field>
Key<T> choice(std::string name, Field field, Fallback<T, std::string> fallback, std::function<std::vector<std::string>()> names,
              std::string doc, std::string allowed = "") {
  if (allowed.empty()) allowed = join(names());
  return custom<T, std::string>(name, field, fallback, allowed, std::move(doc),
                                [names](Section& s, const std::string& n, const std::string& f, const T&) { return s.choice(n, f, names()); });
}

// Any value YAML converts to V (a string, a bool, an unsigned seed).
template <class T, class V, class Field>
Key<T> plain(std::string name, Field field, Fallback<T, V> fallback, std::string allowed, std::string doc) {
  return custom<T, V>(name, field, fallback, allowed, std::move(doc),
                      [](Section& s, const std::string& n, const V& f, const T&) { return s.get<V>(n, f); });
}

// A file path: any non-empty string.
template <class T, class Field>
Key<T> path(std::string name, Field field, Fallback<T, std::string> fallback, std::string doc) {
  return custom<T, std::string>(name, field, fallback, "a file path", std::move(doc),
                                [](Section& s, const std::string& n, const std::string& f, const T&) {
                                  const std::string v = s.get<std::string>(n, f);
                                  if (v.empty()) s.fail(s.key_path(n), "is empty; allowed: a file path");
                                  return v;
                                });
}

// One of a few names standing for the values of an enum (precision: float32 | float64).
template <class T, class E, class Field>
Key<T> named(std::string name, Field field, E fallback, std::vector<std::pair<E, std::string>> names, std::string doc) {
  auto name_of = [names](E v) {
    for (const auto& [e, n] : names)
      if (e == v) return n;
    return std::string("?");
  };
  std::vector<std::string> all;
  for (const auto& kv : names) all.push_back(kv.second);
  Key<T> k{name, name_of(fallback), join(all), std::move(doc), {}, {}, {}};
  k.read = [=](Section& s, T& t) {
    const std::string v = s.choice(name, name_of(fallback), all);
    for (const auto& [e, n] : names)
      if (n == v) field(t) = e;
  };
  k.write = [=](YAML::Emitter& e, const T& t) { e << name_of(field(const_cast<T&>(t))); };
  return k;
}

// A nested section.
template <class T>
Key<T> section(std::string name, Table<T> table) {
  auto t = std::make_shared<const Table<T>>(std::move(table));
  Key<T> k{name, "", "", "", {}, {}, t};
  k.read = [name, t](Section& s, T& target) {
    Section sub = s.sub(name);
    read(sub, *t, target);
  };
  k.write = [t](YAML::Emitter& e, const T& target) { write(e, *t, target); };
  return k;
}

}  // namespace simforge::config
