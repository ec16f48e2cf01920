#pragma once
// PDE coefficients: each is fixed or drawn per sample (uniform or log-uniform) from Philox keyed by
// (seed, sample), so a sample's coefficients, like its initial condition, depend only on
// (config, seed, sample index).
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace simforge {

// What a PDE allows for one coefficient; used to validate configs and to document them.
struct ParameterInfo {
  std::string name;
  double default_value = 0;
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  bool min_exclusive = false;  // e.g. viscosity > 0
  bool may_vary = true;        // false: must be the same for every sample
  bool integer = false;        // a count or a wavenumber: whole numbers only
  // Left out of the effective configuration at its default: for parameters added after datasets
  // were made with their descriptor, so that those configurations keep their exact text.
  bool omitted_at_default = false;
  std::string doc;

  bool allows(double v) const;
  std::string allowed() const;  // "> 0", "in [0.01, 0.1]", ...
};

// How a coefficient is chosen for each sample.
struct ParameterLaw {
  enum class Kind { Fixed, Uniform, LogUniform };
  Kind kind = Kind::Fixed;
  double lo = 0, hi = 0;  // Fixed: lo == hi == the value

  static ParameterLaw fixed(double v) { return {Kind::Fixed, v, v}; }
  bool varies() const { return kind != Kind::Fixed; }
  double draw(std::uint64_t seed, std::uint64_t sample, std::uint32_t tag) const;
  std::string describe() const;
};

// Coefficients of a range of samples, [sample][parameter], in the PDE's parameter order.
struct ParameterTable {
  std::vector<std::string> names;
  std::vector<double> values;  // row-major [count, names.size()]
  std::size_t count = 0;

  static ParameterTable draw(const std::vector<std::string>& names, const std::vector<ParameterLaw>& laws,
                             std::uint64_t seed, std::uint64_t first, std::size_t count);
  const double* row(std::size_t i) const { return values.data() + i * names.size(); }
  double at(std::size_t i, std::size_t p) const { return values[i * names.size() + p]; }
};

// Philox stream tags: initial conditions use tag 0; parameters use kParameterTagBase + index.
inline constexpr std::uint32_t kParameterTagBase = 0x1000;

}  // namespace simforge
