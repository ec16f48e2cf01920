// Physical values of spectrally defined initial conditions (device source).
#include "solvers/spectral/spectral_initial_condition.hpp"

#include "kernels/parallel.hpp"

namespace simforge {

namespace {
template <class Real>
struct Scale {
  Complex<Real>* p;
  Real s;
  SIMFORGE_HD void operator()(std::size_t i) const { p[i] *= s; }
};
}  // namespace

template <class Real>
void SpectralFieldCondition<Real>::physical(const InitialConditionRequest& r, Real* out) {
  const std::vector<int> extents = r.grid.extents();
  const SpectralGrid g = SpectralGrid::make(extents, r.grid.length);
  const std::size_t rows = r.count * std::size_t(r.fields), n = rows * g.modes();
  if (spectrum_.size() < n) spectrum_ = DeviceBuffer<Complex<Real>>(n);
  this->spectrum(r, g, spectrum_.data());
  for_each_index(*r.stream, n, Scale<Real>{spectrum_.data(), Real(g.inv_points)});
  auto it = ffts_.find(extents);
  if (it == ffts_.end()) it = ffts_.emplace(extents, FftCache<Real>(extents, FftKind::RealToComplex, *r.stream)).first;
  it->second.get(rows).inverse(spectrum_.data(), out);
}

template class SpectralFieldCondition<float>;
template class SpectralFieldCondition<double>;

}  // namespace simforge
