#pragma once
// Initial conditions, drawn in spectral space from Philox keyed by (seed, sample) with one counter
// per mode, so that sample i is bit-for-bit the same whatever the batch size or resume point.
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/device.hpp"
#include "solvers/parameters.hpp"
#include "solvers/spectral_grid.hpp"

namespace simforge {

struct InitialConditionDescriptor {
  std::string name;
  std::string summary;
  std::vector<ParameterInfo> parameters;
};

struct InitialConditionSpec {
  std::string type = "grf";
  std::vector<double> parameters;  // in descriptor order
};

const std::vector<InitialConditionDescriptor>& initial_condition_catalog();
const InitialConditionDescriptor& find_initial_condition(const std::string& name);

// Writes the spectra of `count` samples starting at global index `first` into
// uhat [count, fields, modes] (unnormalized forward-FFT convention). Each field is independent.
template <class Real>
void generate_initial_condition(const InitialConditionSpec& spec, const SpectralGrid& grid, int fields,
                                std::uint64_t seed, std::uint64_t first, std::size_t count, Complex<Real>* uhat,
                                const Stream& stream);

// The GRF's default sigma: tau^(alpha - d/2), which makes the field's variance O(1) (the FNO choice).
double grf_default_sigma(double alpha, double tau, int dim);

}  // namespace simforge
