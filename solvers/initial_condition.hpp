#pragma once
// Initial conditions, drawn in spectral space from Philox keyed by (seed, sample) with one counter
// per mode, so that sample i is bit-for-bit the same whatever the batch size or resume point.
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/backend.hpp"
#include "kernels/device.hpp"
#include "kernels/fft_cache.hpp"
#include "solvers/parameters.hpp"
#include "solvers/spectral_grid.hpp"

namespace simforge {

struct InitialConditionDescriptor {
  std::string name;
  std::string summary;
  std::vector<ParameterInfo> parameters;
  std::vector<bool> per_field;  // per parameter: may be given one value per field
  std::vector<int> dims;        // supported spatial dimensions
};

struct InitialConditionSpec {
  std::string type = "grf";
  // In descriptor order; each a list: one value, or one per field for per-field parameters.
  std::vector<std::vector<double>> parameters;

  // Parameter p for field f (a single value serves every field).
  double value(std::size_t p, std::size_t f = 0) const {
    const auto& v = parameters.at(p);
    return v.size() == 1 ? v[0] : v.at(f);
  }
};

const std::vector<InitialConditionDescriptor>& initial_condition_catalog();
const InitialConditionDescriptor& find_initial_condition(const std::string& name);

// Writes the spectra of `count` samples starting at global index `first` into
// uhat [count, fields, modes] (unnormalized forward-FFT convention). Generators defined in
// physical space are sampled at x_i = (i + offset) L / n (offset 0.5 for cell centres) and
// transformed with `fft`; `work` holds count * fields * points reals.
template <class Real>
void generate_initial_condition(const InitialConditionSpec& spec, const SpectralGrid& grid, int fields,
                                std::uint64_t seed, std::uint64_t first, std::size_t count, Complex<Real>* uhat,
                                const Stream& stream, FftCache<Real>& fft, Real* work, double offset = 0.0);

// The GRF's default sigma: tau^(alpha - d/2), which makes the field's variance O(1) (the FNO choice).
double grf_default_sigma(double alpha, double tau, int dim);

}  // namespace simforge
