#pragma once
// Reading YAML mappings into typed config structs: every key read is remembered so that the rest
// can be reported as unknown, and every error names the source, the dotted key path, the value and
// what is allowed. Key tables (key_table.hpp) drive it.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <cmath>
#include <set>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"

namespace simforge::config {

// A YAML mapping being read: remembers which keys were used so that the rest can be reported as
// unknown, and names every error by its dotted key path.
class Section {
 public:
  Section(YAML::Node node, std::string path, const std::string& source) : node_(node), path_(std::move(path)), source_(source) {
    if (node_ && !node_.IsNull() && !node_.IsMap()) fail(path_.empty() ? "(top level)" : path_, "must be a mapping");
    // YAML keeps every copy of a repeated key and lookups see the first: an error, never a guess.
    std::set<std::string> seen;
    if (node_ && node_.IsMap())
      for (const auto& kv : node_) {
        const std::string k = convert<std::string>(kv.first, path_.empty() ? "(top level)" : path_);
        if (!seen.insert(k).second) fail(key_path(k), "appears twice");
      }
  }

  [[noreturn]] void fail(const std::string& key, const std::string& what) const {
    SIMFORGE_FAIL("config ", source_, ": ", key, ": ", what);
  }
  std::string key_path(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool has(const std::string& key) const { return node_ && node_[key]; }

  YAML::Node raw(const std::string& key) {
    used_.insert(key);
    return node_ ? node_[key] : YAML::Node();
  }

  template <class T>
  T get(const std::string& key, T fallback) {
    YAML::Node n = raw(key);
    if (!n || n.IsNull()) return fallback;
    return convert<T>(n, key_path(key));
  }
  // Any node (a list element, a range bound) as T; a failed conversion names `key`.
  template <class T>
  T convert(const YAML::Node& n, const std::string& key) const {
    if constexpr (std::is_unsigned_v<T> && !std::is_same_v<T, bool>) {
      // yaml-cpp wraps "-1" around to 2^64 - 1: a negative count or seed is an error instead.
      if (n.IsScalar() && n.Scalar().find('-') != std::string::npos)
        fail(key, "value " + n.Scalar() + " is not allowed; allowed: " + type_name<T>());
    }
    try {
      return n.as<T>();
    } catch (const YAML::Exception&) {
      fail(key, "cannot read '" + YAML::Dump(n) + "' as " + type_name<T>());
    }
  }
  template <class T>
  T required(const std::string& key) {
    if (!has(key)) fail(key_path(key), "is required");
    return get<T>(key, T{});
  }

  // A number in [lo, hi]; lo_open / hi_open exclude the bound.
  double number(const std::string& key, double fallback, double lo, double hi, bool lo_open, const std::string& allowed,
                bool hi_open = false) {
    const double v = get<double>(key, fallback);
    if (!std::isfinite(v) || (lo_open ? v <= lo : v < lo) || (hi_open ? v >= hi : v > hi))
      fail(key_path(key), "value " + fmt(v) + " is not allowed; allowed: " + allowed);
    return v;
  }
  // A number that must be a whole one in [lo, hi].
  double whole(const std::string& key, double fallback, double lo, double hi, const std::string& allowed) {
    const double v = number(key, fallback, lo, hi, false, allowed);
    if (v != std::floor(v)) fail(key_path(key), "value " + fmt(v) + " is not allowed; allowed: " + allowed);
    return v;
  }
  std::string choice(const std::string& key, const std::string& fallback, const std::vector<std::string>& allowed) {
    const std::string v = get<std::string>(key, fallback);
    if (std::find(allowed.begin(), allowed.end(), v) == allowed.end())
      fail(key_path(key), "value '" + v + "' is not allowed; allowed: " + join(allowed));
    return v;
  }
  Section sub(const std::string& key) { return Section(raw(key), key_path(key), source_); }
  const std::string& source() const { return source_; }

  // Every key not read is an error, never silently ignored.
  void finish() const {
    if (!node_ || !node_.IsMap()) return;
    std::vector<std::string> known(used_.begin(), used_.end());
    for (const auto& kv : node_) {
      const std::string k = kv.first.as<std::string>();
      if (!used_.count(k)) fail(key_path(k), "unknown key; allowed here: " + join(known));
    }
  }

  static std::string fmt(double v) {
    std::ostringstream os;
    os << v;
    return os.str();
  }

 private:
  template <class T>
  struct is_list : std::false_type {};
  template <class T>
  struct is_list<std::vector<T>> : std::true_type {
    using element = T;
  };
  template <class T>
  static std::string plural() {
    if constexpr (std::is_same_v<T, std::string>) return "strings";
    else if constexpr (std::is_floating_point_v<T>) return "numbers";
    else return "integers";
  }
  template <class T>
  static std::string type_name() {
    if constexpr (std::is_same_v<T, std::string>) return "a string";
    else if constexpr (std::is_same_v<T, bool>) return "true/false";
    else if constexpr (std::is_floating_point_v<T>) return "a number";
    else if constexpr (std::is_unsigned_v<T>) return "an unsigned integer";
    else if constexpr (std::is_integral_v<T>) return "an integer";
    else if constexpr (is_list<T>::value) return "a list of " + plural<typename is_list<T>::element>();
    else return "the documented kind";
  }
  YAML::Node node_;
  std::string path_;
  std::string source_;
  std::set<std::string> used_;
};

// YAML text parsed; a syntax error is one error naming `what` (config, pipeline) and the source.
// An empty document is an error too: it would otherwise run every default.
inline YAML::Node load_yaml(const std::string& text, const std::string& what, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    SIMFORGE_FAIL(what, " ", source, ": not valid YAML: ", e.what());
  }
  SIMFORGE_CHECK(root.IsDefined() && !root.IsNull(), what, " ", source, ": is empty (no keys); see docs/configuration.md");
  return root;
}

// The text of a configuration file; a missing or unreadable file is named.
inline std::string read_text_file(const std::filesystem::path& path, const std::string& what) {
  std::error_code ec;
  SIMFORGE_CHECK(!std::filesystem::is_directory(path, ec), what, " ", path.string(), ": is a folder, not a file");
  std::ifstream in(path);
  SIMFORGE_CHECK(in.good(), what, " ", path.string(), ": cannot open (",
                 std::filesystem::exists(path) ? "not readable" : "no such file", ")");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace simforge::config
