#include "solvers/parameters.hpp"

#include <cmath>
#include <sstream>

#include "kernels/error.hpp"
#include "kernels/philox.hpp"

namespace simforge {

bool ParameterInfo::allows(double v) const {
  if (!std::isfinite(v)) return false;
  if (integer && v != std::floor(v)) return false;
  if (min_exclusive ? v <= min : v < min) return false;
  return v <= max;
}

std::string ParameterInfo::allowed() const {
  std::ostringstream os;
  const bool has_min = std::isfinite(min), has_max = std::isfinite(max);
  if (integer) os << "an integer ";
  if (has_min && has_max)
    os << "in " << (min_exclusive ? "(" : "[") << min << ", " << max << "]";
  else if (has_min)
    os << (min_exclusive ? "> " : ">= ") << min;
  else if (has_max)
    os << "<= " << max;
  else
    os << "any finite number";
  return os.str();
}

double ParameterLaw::draw(std::uint64_t seed, std::uint64_t sample, std::uint32_t tag) const {
  if (kind == Kind::Fixed) return lo;
  const double u = PhiloxStream(seed, sample, tag).uniform(0);  // (0, 1]
  if (kind == Kind::Uniform) return lo + (hi - lo) * u;
  return std::exp(std::log(lo) + (std::log(hi) - std::log(lo)) * u);
}

std::string ParameterLaw::describe() const {
  std::ostringstream os;
  if (kind == Kind::Fixed)
    os << lo;
  else
    os << (kind == Kind::Uniform ? "uniform" : "log_uniform") << " [" << lo << ", " << hi << "]";
  return os.str();
}

ParameterTable ParameterTable::draw(const std::vector<std::string>& names, const std::vector<ParameterLaw>& laws,
                                    std::uint64_t seed, std::uint64_t first, std::size_t count) {
  SIMFORGE_CHECK(names.size() == laws.size(), "parameter table: ", names.size(), " names but ", laws.size(), " laws");
  ParameterTable t{names, std::vector<double>(count * names.size()), count};
  for (std::size_t i = 0; i < count; ++i)
    for (std::size_t p = 0; p < names.size(); ++p)
      t.values[i * names.size() + p] = laws[p].draw(seed, first + i, kParameterTagBase + std::uint32_t(p));
  return t;
}

}  // namespace simforge
