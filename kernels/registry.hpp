#pragma once
// A catalog of named things of one kind: PDEs, time steppers, initial conditions, models,
// optimizers. The file that defines a thing adds it in one line,
//   SIMFORGE_REGISTER(stepper_registry(), stepper_entry<Etdrk4>("etdrk4", "..."));
// and the names a config accepts, the error that lists them and docs/configuration.md all come
// from the registry. Entries are kept in name order (listings do not depend on link order) in
// node-based storage (references to entries stay valid when a driver program adds its own).
// Registration happens during static initialization; lookups afterwards are read-only.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"

namespace simforge {

// Entry: any type with a `std::string name` member.
template <class Entry>
class Registry {
 public:
  // `kind` names the catalog in errors: "unknown <kind> 'x'; valid: a, b, c".
  explicit Registry(std::string kind) : kind_(std::move(kind)) {}
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  const Entry& add(Entry e) {
    SIMFORGE_CHECK(!e.name.empty(), kind_, " registry: an entry has no name");
    const std::string name = e.name;
    const auto [it, inserted] = entries_.emplace(name, std::move(e));
    SIMFORGE_CHECK(inserted, kind_, " '", name, "' is registered twice");
    return it->second;
  }
  const Entry* find(const std::string& name) const {
    const auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
  }
  const Entry& at(const std::string& name) const {
    if (const Entry* e = find(name)) return *e;
    SIMFORGE_FAIL("unknown ", kind_, " '", name, "'; valid: ", join(names()));
  }
  bool contains(const std::string& name) const { return find(name) != nullptr; }
  std::vector<std::string> names() const {
    std::vector<std::string> n;
    for (const auto& kv : entries_) n.push_back(kv.first);
    return n;
  }
  std::vector<const Entry*> entries() const {
    std::vector<const Entry*> v;
    for (const auto& kv : entries_) v.push_back(&kv.second);
    return v;
  }
  const std::string& kind() const { return kind_; }

 private:
  std::string kind_;
  std::map<std::string, Entry> entries_;
};

// An entry of a small fixed table (boundary kinds, losses: anything with a `name`) by name;
// throws naming the valid names.
template <class Entry>
const Entry& find_named(const std::vector<Entry>& table, const std::string& name, const std::string& kind) {
  std::vector<std::string> names;
  for (const Entry& e : table) {
    if (e.name == name) return e;
    names.push_back(e.name);
  }
  SIMFORGE_FAIL("unknown ", kind, " '", name, "'; valid: ", join(names));
}

// Adds an entry when constructed: the object behind SIMFORGE_REGISTER.
template <class Entry>
struct Registration {
  Registration(Registry<Entry>& registry, Entry entry) { registry.add(std::move(entry)); }
};

}  // namespace simforge

#define SIMFORGE_REGISTRY_CONCAT2(a, b) a##b
#define SIMFORGE_REGISTRY_CONCAT(a, b) SIMFORGE_REGISTRY_CONCAT2(a, b)
// SIMFORGE_REGISTER(registry, entry): adds `entry` to `registry` before main() runs.
#define SIMFORGE_REGISTER(registry, ...)                                                        \
  [[maybe_unused]] static const ::simforge::Registration SIMFORGE_REGISTRY_CONCAT(simforge_registration_, \
                                                                                  __LINE__)((registry), __VA_ARGS__)
