// The PDEs Simforge knows, by name: their descriptors (for configs and docs) and their factories.
#include <algorithm>
#include <sstream>

#include "kernels/error.hpp"
#include "solvers/navier_stokes_2d.hpp"
#include "solvers/pde.hpp"
#include "solvers/reaction_flux_pde.hpp"

namespace simforge {

const std::vector<PdeDescriptor>& pde_catalog() {
  static const std::vector<PdeDescriptor> catalog = [] {
    std::vector<PdeDescriptor> c = reaction_flux_descriptors();
    c.push_back(NavierStokes2d<double>::descriptor());
    return c;
  }();
  return catalog;
}

const PdeDescriptor& find_pde(const std::string& name) {
  const auto& c = pde_catalog();
  auto it = std::find_if(c.begin(), c.end(), [&](const PdeDescriptor& d) { return d.name == name; });
  if (it != c.end()) return *it;
  std::ostringstream valid;
  for (std::size_t i = 0; i < c.size(); ++i) valid << (i ? ", " : "") << c[i].name;
  SIMFORGE_FAIL("unknown PDE '", name, "'; valid PDEs: ", valid.str());
}

namespace {
std::size_t option_index(const PdeDescriptor& d, const PdeSpec& spec, const std::string& option) {
  for (std::size_t i = 0; i < d.options.size(); ++i)
    if (d.options[i].name == option) {
      const auto& allowed = d.options[i].allowed;
      return std::size_t(std::find(allowed.begin(), allowed.end(), spec.options.at(i)) - allowed.begin());
    }
  SIMFORGE_FAIL("PDE ", d.name, " has no option ", option);
}
}  // namespace

template <class Real>
std::unique_ptr<SpectralPde<Real>> make_pde(const PdeSpec& spec, const SpectralGrid& grid, std::size_t max_batch,
                                            const Stream& stream) {
  const PdeDescriptor& d = find_pde(spec.type);
  SIMFORGE_CHECK(spec.parameters.size() == d.parameters.size() && spec.options.size() == d.options.size(),
                 "PDE ", d.name, ": spec has ", spec.parameters.size(), " parameters and ", spec.options.size(),
                 " options, expected ", d.parameters.size(), " and ", d.options.size());
  if (d.name == "navier_stokes_2d") {
    using NS = NavierStokes2d<Real>;
    const auto forcing = typename NS::Forcing(option_index(d, spec, "forcing"));
    return std::make_unique<NS>(grid, forcing, int(spec.parameters[2].lo), max_batch, stream);
  }
  if (auto pde = make_reaction_flux_pde<Real>(d.name, grid, max_batch, stream)) return pde;
  SIMFORGE_FAIL("PDE ", d.name, " has no factory");
}

template std::unique_ptr<SpectralPde<float>> make_pde(const PdeSpec&, const SpectralGrid&, std::size_t, const Stream&);
template std::unique_ptr<SpectralPde<double>> make_pde(const PdeSpec&, const SpectralGrid&, std::size_t, const Stream&);

}  // namespace simforge
