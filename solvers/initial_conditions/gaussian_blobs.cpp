// Random Gaussian blobs on a background, in physical space (device source).
#include <cmath>

#include "kernels/parallel.hpp"
#include "kernels/philox.hpp"
#include "solvers/initial_condition.hpp"

namespace simforge {

namespace {

// `blobs` Gaussian blobs with random centres: u_f = background_f + amplitude_f sum_j
// exp(-|x - c_j|^2 / (2 r^2)), distances periodic, r in units of the box length. Seeds for
// Gray–Scott (u = 1 - ..., v = ...) and localized pulses for the other PDEs.
template <class Real>
struct BlobField {
  Grid g;
  int fields, blobs;
  double radius;
  double background[4], amplitude[4];
  std::uint64_t seed, first;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t row, std::size_t p) const {
    const std::size_t b = row / fields, f = row % fields;
    const PhiloxStream rng(seed, first + b, 0);  // the same centres for every field
    double x[3];
    for (std::size_t q = p, a = std::size_t(g.dim); a-- > 0;) {
      x[a] = g.unit_position(int(a), q % std::size_t(g.n[a]));
      q /= std::size_t(g.n[a]);
    }
    double s = 0;
    for (int j = 0; j < blobs; ++j) {
      const PhiloxCounter c = rng.bits(std::uint64_t(j));
      double r2 = 0;
      for (int a = 0; a < g.dim; ++a) {
        double d = fabs(x[a] - uniform_open0(c.v[a]));
        d = d > 0.5 ? 1.0 - d : d;
        r2 += d * d;
      }
      s += exp(-0.5 * r2 / (radius * radius));
    }
    out[row * g.points() + p] = Real(background[f] + amplitude[f] * s);
  }
};

template <class Real>
class GaussianBlobs final : public InitialCondition<Real> {
 public:
  explicit GaussianBlobs(const InitialConditionValues& v) : values_(v) {}
  void physical(const InitialConditionRequest& r, Real* out) override {
    BlobField<Real> f{r.grid, r.fields, int(values_("count")), values_("radius"), {}, {}, r.seed, r.first, out};
    values_.per_field("background", r.fields, f.background);
    values_.per_field("amplitude", r.fields, f.amplitude);
    for_each_index(*r.stream, r.count * std::size_t(r.fields), r.grid.points(), f);
  }

 private:
  InitialConditionValues values_;
};

}  // namespace

}  // namespace simforge

SIMFORGE_REGISTER_INITIAL_CONDITION(simforge::GaussianBlobs, {
    .name = "gaussian_blobs",
    .summary = "random Gaussian blobs on a background (Gray–Scott seeds)",
    .parameters = {{.name = "count", .default_value = 3, .min = 1, .max = 1000, .may_vary = false, .integer = true,
                    .doc = "number of blobs"},
                   {.name = "radius", .default_value = 0.05, .min = 0.0, .max = 1.0, .min_exclusive = true,
                    .may_vary = false, .doc = "blob radius, in units of the box length"},
                   {.name = "background", .default_value = 0.0, .min = -1e12, .max = 1e12, .may_vary = false,
                    .doc = "background value (per field)"},
                   {.name = "amplitude", .default_value = 1.0, .min = -1e12, .max = 1e12, .may_vary = false,
                    .doc = "blob amplitude (per field)"}},
    .per_field = {false, false, true, true},
    .dims = {1, 2, 3},
});
