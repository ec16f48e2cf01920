#pragma once
// Reaction–diffusion on boxes with walls, by cell-centred finite volumes: u_t = D_f m_f(u) lap u_f
// + R_f(u) per field f (m_f: a state-dependent mobility in (0, 1], 1 for most PDEs), the Laplacian the 2d+1-point stencil with ghost cells at the faces
// (finite_volume/ghost_cell.hpp: periodic, wall, open, Dirichlet, Neumann), stepped explicitly
// (SSP-RK3 or RK4). Explicit because the problems it serves are mildly stiff: PDEBench's
// FitzHugh–Nagumo at 128^2 allows dt = 6e-3 against a save interval of 0.05, so an explicit step
// costs one stencil pass per stage where an implicit one would need a linear solve per stage.
// Each PDE is a small Physics type in its own file, registered in one line:
//
//   struct Physics {
//     static constexpr int fields;
//     static PdeDescriptor descriptor();
//     SIMFORGE_HD static double diffusivity(int field, const double* params);
//     template <class T> SIMFORGE_HD T mobility(int field, const T* u, const double* params) const;  // in (0, 1]
//     (NoReaction and UnitMobility below supply the plain cases)
//     template <class T> SIMFORGE_HD void reaction(const T* u, const double* params, T* r) const;
//     template <class T> SIMFORGE_HD double rate(const T* u, const double* params) const;  // reaction Jacobian bound
//   };
//   SIMFORGE_REGISTER_DIFFUSION_REACTION_PDE(Physics);
//
// This header holds device code: include it from device sources only.
#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "kernels/registry.hpp"
#include "solvers/finite_volume/ghost_cell.hpp"
#include "solvers/pde.hpp"
#include "solvers/simulation_spec.hpp"
#include "solvers/solver.hpp"
#include "solvers/solver_family.hpp"

namespace simforge::finite_volume {

// Axis index and stride of point p along each axis of g.
struct GridIndex {
  int i[Grid::max_dim];
  std::size_t stride[Grid::max_dim];
  SIMFORGE_HD GridIndex(const Grid& g, std::size_t p) {
    std::size_t s = 1;
    for (int a = g.dim - 1; a >= 0; --a) {
      stride[a] = s;
      i[a] = int((p / s) % std::size_t(g.n[a]));
      s *= std::size_t(g.n[a]);
    }
  }
};

// One Runge–Kutta stage along one grid line (all x of fixed slower indices) of one sample:
// out = a x + b y + c L(u), L(u) = du/dt (the reaction once per point, the Laplacian of each field
// with ghost values at the faces), fused so that a stage is one pass over the state. out may be
// x or y (pointwise), never u. The
// neighbour lines along slower axes are resolved once per line (a neighbour, the far line of a
// periodic axis, or the line itself through its face's affine map), so the loop over x, along
// contiguous memory, has no branches but at its two ends.
template <class Real, class P>
struct Rhs {
  Grid g;
  double inv_dx2[Grid::max_dim];
  std::size_t n_params;
  const double* params;  // [batch, n_params]
  const Real* u;         // [batch, fields, points]: L is evaluated on u
  Real a, bw, c;         // out = a x + bw y + c L(u); x, y may be null when a, bw are 0
  const Real *x, *y;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t line) const {
    const int last = g.dim - 1, nx = g.n[last];
    const std::size_t points = g.points();
    int idx[Grid::max_dim] = {0, 0, 0};
    std::size_t stride[Grid::max_dim], rest = line, s = std::size_t(nx);
    for (int a = last - 1; a >= 0; --a) {
      idx[a] = int(rest % std::size_t(g.n[a]));
      rest /= std::size_t(g.n[a]);
      stride[a] = s;
      s *= std::size_t(g.n[a]);
    }
    std::size_t start = 0;
    for (int a = 0; a < last; ++a) start += std::size_t(idx[a]) * stride[a];
    // Neighbour lines of the slower axes, as offsets from this line with an affine map.
    std::ptrdiff_t off[2 * Grid::max_dim];
    Real alpha[2 * Grid::max_dim], beta[2 * Grid::max_dim];
    for (int a = 0; a < last; ++a)
      for (int side = 0; side < 2; ++side) {
        const Boundary& face = side ? g.upper[a] : g.lower[a];
        const bool inside = side ? idx[a] < g.n[a] - 1 : idx[a] > 0;
        const std::ptrdiff_t st = std::ptrdiff_t(stride[a]), wrap = std::ptrdiff_t(g.n[a] - 1) * st;
        FaceAffine m;
        std::ptrdiff_t o = side ? st : -st;
        if (!inside) {
          if (face.kind == BoundaryKind::Periodic) o = side ? -wrap : wrap;
          else o = 0, m = face_affine(face, g.spacing(a));
        }
        off[2 * a + side] = o, alpha[2 * a + side] = Real(m.alpha), beta[2 * a + side] = Real(m.beta);
      }
    const double* row_params = params + b * n_params;
    const Real* uf[P::fields];
    const Real *xf[P::fields], *yf[P::fields];
    Real* of[P::fields];
    Real diff[P::fields];
    for (int k = 0; k < P::fields; ++k) {
      const std::size_t o = (b * P::fields + std::size_t(k)) * points + start;
      uf[k] = u + o;
      xf[k] = x ? x + o : nullptr;
      yf[k] = y ? y + o : nullptr;
      of[k] = out + o;
      diff[k] = Real(P::diffusivity(k, row_params));
    }
    const Real ix2 = Real(inv_dx2[last]);
    // The stage at x from the x-neighbours xl[f], xh[f].
    auto point = [&](int i, const Real* xl, const Real* xh) {
      Real v[P::fields], r[P::fields];
      for (int k = 0; k < P::fields; ++k) v[k] = uf[k][i];
      P{}.reaction(v, row_params, r);
      for (int f = 0; f < P::fields; ++f) {
        const Real cv = v[f], d = diff[f] * P{}.mobility(f, v, row_params);
        Real lap = (xl[f] - Real(2) * cv + xh[f]) * ix2;
        for (int ax = 0; ax < last; ++ax) {
          const Real lo = alpha[2 * ax] * uf[f][i + off[2 * ax]] + beta[2 * ax];
          const Real hi = alpha[2 * ax + 1] * uf[f][i + off[2 * ax + 1]] + beta[2 * ax + 1];
          lap += (lo - Real(2) * cv + hi) * Real(inv_dx2[ax]);
        }
        Real v_out = c * (d * lap + r[f]);
        if (xf[f]) v_out += a * xf[f][i];
        if (yf[f]) v_out += bw * yf[f][i];
        of[f][i] = v_out;
      }
    };
    const double dx = g.spacing(last);
    Real xl[P::fields], xh[P::fields];
    auto end = [&](int i) {  // the line's two ends, through their faces
      for (int f = 0; f < P::fields; ++f) {
        const Real* q = uf[f];
        xl[f] = i > 0 ? q[i - 1] : ghost_value(g.lower[last], q[i], q[nx - 1], dx);
        xh[f] = i < nx - 1 ? q[i + 1] : ghost_value(g.upper[last], q[i], q[0], dx);
      }
      point(i, xl, xh);
    };
    end(0);
    if (nx > 1) end(nx - 1);
    for (int i = 1; i < nx - 1; ++i) {
      for (int f = 0; f < P::fields; ++f) xl[f] = uf[f][i - 1], xh[f] = uf[f][i + 1];
      point(i, xl, xh);
    }
  }
};

// out = a x + b y + c z (any of y, z may be null).
template <class Real>
struct Combine {
  Real a, b, c;
  const Real *x, *y, *z;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t i) const {
    Real v = a * x[i];
    if (y) v += b * y[i];
    if (z) v += c * z[i];
    out[i] = v;
  }
};

// The explicit stability rate at one point of one sample: the largest D_f m_f(u) times the
// discrete Laplacian's spectral radius (4 sum 1/dx^2), plus the reaction Jacobian bound.
template <class Real, class P>
struct PointRate {
  std::size_t points;
  double laplacian_radius;
  const double* params;  // this sample's row
  const Real* u;         // this sample's [fields, points]
  SIMFORGE_HD double operator()(std::size_t p) const {
    Real v[P::fields];
    for (int k = 0; k < P::fields; ++k) v[k] = u[std::size_t(k) * points + p];
    double d = 0;
    for (int f = 0; f < P::fields; ++f) d = fmax(d, P::diffusivity(f, params) * double(P{}.mobility(f, v, params)));
    return d * laplacian_radius + P{}.rate(v, params);
  }
};

// Stored cells are averages of r_a x ... solve cells (r_a = n_a / store_a): finite volumes store
// what they conserve.
template <class Real>
struct BlockAverage {
  Grid from, to;
  const Real* in;  // [rows, from.points]
  float* out;      // [rows, to.points]
  SIMFORGE_HD void operator()(std::size_t row, std::size_t q) const {
    const GridIndex t(to, q);
    int r[Grid::max_dim] = {1, 1, 1};
    std::size_t cells = 1, base = 0;
    const GridIndex f0(from, 0);
    for (int a = 0; a < from.dim; ++a) {
      r[a] = from.n[a] / to.n[a];
      cells *= std::size_t(r[a]);
      base += std::size_t(t.i[a] * r[a]) * f0.stride[a];
    }
    double sum = 0;
    for (std::size_t k = 0; k < cells; ++k) {
      std::size_t off = base, rest = k;
      for (int a = from.dim - 1; a >= 0; --a) {
        off += (rest % std::size_t(r[a])) * f0.stride[a];
        rest /= std::size_t(r[a]);
      }
      sum += double(in[row * from.points() + off]);
    }
    out[row * to.points() + q] = float(sum / double(cells));
  }
};

const SolverFamily& finite_volume_family();
// Throws naming what a finite-volume family (this one or godunov) does not accept: extents,
// stored extents, boundary kinds, stepper.
void check_grid(const SimulationSpec& spec, const PdeDescriptor& pde, const SolverFamily& family);
// Stored cells are block averages: the stored extent divides the solved one.
bool store_divides(int stored, int solved);

template <class Real, class P>
class DiffusionReactionSolver final : public Solver<Real> {
 public:
  DiffusionReactionSolver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream)
      : grid_(spec.grid), store_(spec.store_grid()), dt_(spec.dt), max_batch_(max_batch), stream_(stream) {
    const PdeDescriptor d = P::descriptor();
    check_grid(spec, d, finite_volume_family());
    SIMFORGE_CHECK(max_batch >= 1, "simulation: batch must be at least 1");
    n_params_ = d.parameters.size();
    const std::size_t n = max_batch * std::size_t(P::fields) * grid_.points();
    for (auto* b : {&u_, &k1_, &k2_, &k3_, &k4_}) *b = DeviceBuffer<Real>(n);
    step_ = find_named(schemes(), spec.stepper, "time stepper").step;
  }

  const Grid& grid() const override { return grid_; }
  int fields() const override { return P::fields; }

  void begin(const ParameterTable& t) override {
    SIMFORGE_CHECK(t.count >= 1 && t.count <= max_batch_, "simulation: batch of ", t.count, " samples, at most ", max_batch_);
    SIMFORGE_CHECK(t.names.size() == n_params_, P::descriptor().name, ": ", t.names.size(), " parameters per sample, expected ", n_params_);
    count_ = t.count;
    params_ = to_device<double>(t.values, stream_);
  }
  void set_state(const Real* physical) override { copy_n(u_.data(), physical, size(), CopyKind::DeviceToDevice, stream_); }
  void state(Real* physical) override {
    copy_n(physical, u_.data(), size(), CopyKind::DeviceToDevice, stream_);
    stream_.synchronize();
  }
  void advance(double duration) override {
    const double steps = duration / dt_;
    SIMFORGE_CHECK(duration >= 0 && std::abs(steps - std::round(steps)) <= 1e-9 * std::max(1.0, steps), P::descriptor().name, ": ",
                   duration, " is not a whole number of time steps dt = ", dt_);
    for (long long s = 0; s < std::llround(steps); ++s) (this->*step_)();
  }
  void stored_frame(float* frame) override {
    for_each_index(stream_, count_ * std::size_t(P::fields), store_.points(), BlockAverage<Real>{grid_, store_, u_.data(), frame});
  }
  std::vector<double> stability_rate() override {
    double radius = 0;
    for (int a = 0; a < grid_.dim; ++a) radius += 4.0 / (grid_.spacing(a) * grid_.spacing(a));
    std::vector<double> rate(count_);
    const std::size_t pts = grid_.points();
    for (std::size_t b = 0; b < count_; ++b)
      rate[b] = transform_reduce_index(stream_, pts,
                                       PointRate<Real, P>{pts, radius, params_.data() + b * n_params_, u_.data() + b * P::fields * pts},
                                       0.0, simforge::detail::MaxOp<double>());
    return rate;
  }

 private:
  using Step = void (DiffusionReactionSolver::*)();
  struct Scheme {
    std::string name;
    Step step;
  };
  static const std::vector<Scheme>& schemes() {
    static const std::vector<Scheme> s = {{"rk4", &DiffusionReactionSolver::rk4}, {"ssp_rk3", &DiffusionReactionSolver::ssp_rk3}};
    return s;
  }
  std::size_t size() const { return count_ * std::size_t(P::fields) * grid_.points(); }
  // out = a x + b y + c L(u), one pass.
  void stage(Real a, const Real* x, Real b, const Real* y, Real c, const Real* u, Real* out) {
    Rhs<Real, P> r{grid_, {}, n_params_, params_.data(), u, a, b, c, x, y, out};
    for (int ax = 0; ax < grid_.dim; ++ax) r.inv_dx2[ax] = 1.0 / (grid_.spacing(ax) * grid_.spacing(ax));
    const std::size_t nx = std::size_t(grid_.n[grid_.dim - 1]);
    for_each_weighted(stream_, count_, grid_.points() / nx, nx * std::size_t(P::fields), r);
  }
  void combine(Real a, const Real* x, Real b, const Real* y, Real c, const Real* z, Real* out) {
    for_each_index(stream_, size(), Combine<Real>{a, b, c, x, y, z, out});
  }
  // Shu–Osher SSP-RK3, each stage one fused pass: u1 = u + dt L(u); u2 = 3/4 u + 1/4 u1 + 1/4 dt L(u1);
  // u = 1/3 u + 2/3 u2 + 2/3 dt L(u2).
  void ssp_rk3() {
    const Real dt = Real(dt_);
    Real *u = u_.data(), *u1 = k1_.data(), *u2 = k2_.data();
    stage(1, u, 0, nullptr, dt, u, u1);
    stage(Real(0.75), u, Real(0.25), u1, Real(0.25) * dt, u1, u2);
    stage(Real(1.0 / 3.0), u, Real(2.0 / 3.0), u2, Real(2.0 / 3.0) * dt, u2, u);
  }
  // Classical RK4: t = u + dt/2 k1, u + dt/2 k2, u + dt k3 fused with the k evaluations; the
  // update u += dt/6 (k1 + 2 k2 + 2 k3 + k4) accumulated in acc.
  void rk4() {
    const Real dt = Real(dt_), h = dt / 2;
    Real *u = u_.data(), *acc = k1_.data(), *t1 = k2_.data(), *t2 = k3_.data(), *k = k4_.data();
    stage(0, nullptr, 0, nullptr, 1, u, k);                 // k1
    combine(1, u, dt / 6, k, 0, nullptr, acc);              // acc = u + dt/6 k1
    combine(1, u, h, k, 0, nullptr, t1);                    // t1 = u + h k1
    stage(0, nullptr, 0, nullptr, 1, t1, k);                // k2
    combine(1, acc, dt / 3, k, 0, nullptr, acc);
    combine(1, u, h, k, 0, nullptr, t2);                    // t2 = u + h k2
    stage(0, nullptr, 0, nullptr, 1, t2, k);                // k3
    combine(1, acc, dt / 3, k, 0, nullptr, acc);
    combine(1, u, dt, k, 0, nullptr, t1);                   // t3 = u + dt k3
    stage(1, acc, 0, nullptr, dt / 6, t1, u);               // u = acc + dt/6 k4
  }

  Grid grid_, store_;
  double dt_;
  std::size_t max_batch_, n_params_ = 0, count_ = 0;
  const Stream& stream_;
  Step step_ = nullptr;
  DeviceBuffer<double> params_;
  DeviceBuffer<Real> u_, k1_, k2_, k3_, k4_;
};

// What a one-field PDE without reaction inherits (heat, diffusion–sorption): no reaction term,
// no reaction stiffness.
struct NoReaction {
  template <class T>
  SIMFORGE_HD void reaction(const T*, const double*, T* r) const {
    r[0] = T(0);
  }
  template <class T>
  SIMFORGE_HD double rate(const T*, const double*) const {
    return 0.0;
  }
};
// ... and one whose diffusivity does not depend on the state.
struct UnitMobility {
  template <class T>
  SIMFORGE_HD T mobility(int, const T*, const double*) const {
    return T(1);
  }
};

// The registry entry of Physics P solved by SolverT<Real, P> in `family` (this family's and the
// godunov family's solvers are both class templates over the precision and the physics).
template <template <class, class> class SolverT, class P>
PdeEntry physics_entry(const char* family) {
  PdeEntry e;
  e.descriptor = P::descriptor();
  e.descriptor.family = family;
  e.name = e.descriptor.name;
  e.make_float = [](const SimulationSpec& s, std::size_t b, const Stream& st) -> std::unique_ptr<Solver<float>> {
    return std::make_unique<SolverT<float, P>>(s, b, st);
  };
  e.make_double = [](const SimulationSpec& s, std::size_t b, const Stream& st) -> std::unique_ptr<Solver<double>> {
    return std::make_unique<SolverT<double, P>>(s, b, st);
  };
  return e;
}

}  // namespace simforge::finite_volume

#define SIMFORGE_REGISTER_DIFFUSION_REACTION_PDE(Physics) \
  SIMFORGE_REGISTER(::simforge::pde_registry(), ::simforge::finite_volume::physics_entry<::simforge::finite_volume::DiffusionReactionSolver, Physics>("finite_volume"))
