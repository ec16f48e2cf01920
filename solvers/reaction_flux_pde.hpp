#pragma once
// PDEs whose nonlinear term is pointwise in the fields: N_f = R_f(u) + d/dx Q_f(u), a reaction R
// and a conservative flux Q along the last axis. One generic pseudo-spectral evaluation serves
// Burgers, KdV, Kuramoto–Sivashinsky, Gray–Scott, Allen–Cahn, Swift–Hohenberg and the linear
// advection/diffusion family (no nonlinear term at all). Each PDE is a small Physics type:
//
//   struct Physics {
//     static constexpr int fields;                 // number of fields
//     static constexpr bool reaction, flux;        // which terms exist
//     static PdeDescriptor descriptor();
//     static LinearSymbol linear(int field, const double* params);
//     template <class T> SIMFORGE_HD void pointwise(const T* u, const double* params, T* r, T* q) const;
//     template <class T> SIMFORGE_HD double rate(const T* u, const double* params, double inv_dx) const;
//   };
//
// `rate` is the explicit stability rate (1/time) at a point, e.g. |dQ/du| / dx for a flux; the
// simulation checks dt * rate against time.cfl_max.
#include <memory>
#include <string>
#include <vector>

#include "solvers/pde.hpp"

namespace simforge {

// Descriptors of every PDE implemented with this machinery.
std::vector<PdeDescriptor> reaction_flux_descriptors();

// Builds the PDE `name` (one of reaction_flux_descriptors()); nullptr if it is not one of them.
template <class Real>
std::unique_ptr<SpectralPde<Real>> make_reaction_flux_pde(const std::string& name, const SpectralGrid& grid,
                                                          std::size_t max_batch, const Stream& stream);

}  // namespace simforge
