// Time steppers by name.
#include "kernels/error.hpp"
#include "solvers/cn_heun.hpp"
#include "solvers/etdrk4.hpp"
#include "solvers/rk4.hpp"
#include "solvers/time_stepper.hpp"

namespace simforge {

const std::vector<std::string>& stepper_names() {
  static const std::vector<std::string> names = {"cn_heun", "etdrk4", "rk4"};
  return names;
}

template <class Real>
std::unique_ptr<TimeStepper<Real>> make_stepper(const std::string& name, SpectralPde<Real>& pde,
                                                const SpectralGrid& grid, double dt, std::size_t max_batch,
                                                const Stream& stream) {
  if (name == "cn_heun") return std::make_unique<CnHeun<Real>>(pde, grid, dt, max_batch, stream);
  if (name == "etdrk4") return std::make_unique<Etdrk4<Real>>(pde, grid, dt, max_batch, stream);
  if (name == "rk4") return std::make_unique<Rk4<Real>>(pde, grid, dt, max_batch, stream);
  SIMFORGE_FAIL("unknown time stepper '", name, "'; valid: cn_heun, etdrk4, rk4");
}

template std::unique_ptr<TimeStepper<float>> make_stepper(const std::string&, SpectralPde<float>&, const SpectralGrid&,
                                                          double, std::size_t, const Stream&);
template std::unique_ptr<TimeStepper<double>> make_stepper(const std::string&, SpectralPde<double>&,
                                                           const SpectralGrid&, double, std::size_t, const Stream&);

}  // namespace simforge
