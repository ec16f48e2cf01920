#pragma once
// Hyperbolic conservation laws U_t + div F(U) = S (+ viscous fluxes) by Godunov-type finite
// volumes on cell-centred boxes, batched over samples, one source for CPU and GPU:
//   - MUSCL: the primitive variables W are reconstructed linearly in each cell with a limited
//     slope (minmod, MC or van Leer); a face value that would not be admissible (negative
//     density, pressure or depth) falls back to the cell average (first order there);
//   - an approximate Riemann solver at each face: HLLC (the contact restored), HLL or Rusanov;
//   - SSP-RK2 or SSP-RK3 in time; a stage is three kinds of pass: the primitive state, the
//     fluxes of every face normal to each axis (each face once, no atomics), and the update of
//     every cell from its faces;
//   - a step per sample, dt = min(time.dt, cfl / rate, time to the next save), rate the largest
//     sum over axes of (|u_a| + c) / dx_a (plus the viscous rate): samples of one batch step
//     independently, so a sample is the same whatever batch it is solved in, and every save
//     time is landed on exactly;
//   - an inadmissible cell average stops the run (SampleFailure) before anything is stored.
// Faces (ghost cells two deep): periodic, open (zero gradient), wall (mirror image, normal
// velocity reversed) and dirichlet (the ghost cells hold the initial state: a fixed inflow).
//
// A PDE is a Physics type in its own file (euler.cpp, shallow_water.cpp), registered in one line:
//   static constexpr int scalars;   // primitive scalars before the velocity: W = [scalars..., u_0..u_{D-1}]
//   static constexpr bool viscous;  // Navier–Stokes stresses at the faces (P::viscosity)
//   static constexpr bool has_bed;  // shallow water over a bed: hydrostatic reconstruction
//   static PdeDescriptor descriptor();
//   template <int D, class T> SIMFORGE_HD static: primitive(U, p, W), conserved(W, p, U), flux(a, W, p, F),
//     speeds(a, WL, WR, p, sl, sr) (wave-speed bounds), hllc(a, WL, WR, p, F), signal(a, W, p) (|u_a| + c),
//     admissible(W)
//   SIMFORGE_REGISTER_CONSERVATION_LAW_PDE(Physics);
//
// This header holds device code: include it from device sources only.
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/error.hpp"
#include "kernels/parallel.hpp"
#include "kernels/registry.hpp"
#include "solvers/finite_volume/diffusion_reaction.hpp"
#include "solvers/pde.hpp"
#include "solvers/simulation_spec.hpp"
#include "solvers/solver.hpp"
#include "solvers/solver_family.hpp"

namespace simforge::finite_volume {

enum class Limiter { minmod, mc, van_leer };
enum class RiemannFlux { hllc, hll, rusanov };

// The options every conservation law has, in the order of their enums.
inline PdeOption limiter_option() {
  return {"limiter", {"minmod", "mc", "van_leer"}, "mc",
          "slope limiter of the MUSCL reconstruction: minmod (most dissipative), mc (monotonized central, sharpest), van_leer"};
}
inline PdeOption riemann_option() {
  return {"riemann_solver", {"hllc", "hll", "rusanov"}, "hllc",
          "approximate Riemann solver at the faces: hllc (resolves contacts), hll, rusanov (local Lax–Friedrichs, most robust)"};
}

template <class T>
SIMFORGE_HD SIMFORGE_INLINE T sq_root(T x) {
  if constexpr (sizeof(T) == sizeof(float)) return sqrtf(x);
  else return sqrt(x);
}
template <class T>
SIMFORGE_HD SIMFORGE_INLINE T smaller(T a, T b) { return a < b ? a : b; }
template <class T>
SIMFORGE_HD SIMFORGE_INLINE T larger(T a, T b) { return a > b ? a : b; }
template <class T>
SIMFORGE_HD SIMFORGE_INLINE T magnitude(T a) { return a < T(0) ? -a : a; }

// The limited slope of a cell from its one-sided differences dl = W_i - W_{i-1}, dr = W_{i+1} - W_i.
template <class T>
SIMFORGE_HD SIMFORGE_INLINE T limited_slope(Limiter l, T dl, T dr) {
  if (!(dl * dr > T(0))) return T(0);  // an extremum (or a NaN): flat
  const T s = dl > T(0) ? T(1) : T(-1), a = magnitude(dl), b = magnitude(dr);
  switch (l) {
    case Limiter::minmod: return s * smaller(a, b);
    case Limiter::mc: return s * smaller(smaller(T(2) * a, T(2) * b), T(0.5) * (a + b));
    default: return T(2) * dl * dr / (dl + dr);  // van Leer
  }
}

// HLL from the wave-speed bounds sl <= sr: the flux of the single averaged state between them.
template <class P, int D, class T>
SIMFORGE_HD SIMFORGE_INLINE void hll_flux(int axis, const T* wl, const T* wr, const double* p, T* f) {
  constexpr int V = P::scalars + D;
  T sl, sr;
  P::template speeds<D>(axis, wl, wr, p, sl, sr);
  T ul[V], ur[V], fl[V], fr[V];
  if (sl >= T(0)) return P::template flux<D>(axis, wl, p, f);
  if (sr <= T(0)) return P::template flux<D>(axis, wr, p, f);
  P::template conserved<D>(wl, p, ul);
  P::template conserved<D>(wr, p, ur);
  P::template flux<D>(axis, wl, p, fl);
  P::template flux<D>(axis, wr, p, fr);
  const T inv = T(1) / (sr - sl);
  for (int v = 0; v < V; ++v) f[v] = (sr * fl[v] - sl * fr[v] + sl * sr * (ur[v] - ul[v])) * inv;
}

// Rusanov (local Lax–Friedrichs): the mean flux less the jump times the fastest signal.
template <class P, int D, class T>
SIMFORGE_HD SIMFORGE_INLINE void rusanov_flux(int axis, const T* wl, const T* wr, const double* p, T* f) {
  constexpr int V = P::scalars + D;
  T ul[V], ur[V], fl[V], fr[V];
  P::template conserved<D>(wl, p, ul);
  P::template conserved<D>(wr, p, ur);
  P::template flux<D>(axis, wl, p, fl);
  P::template flux<D>(axis, wr, p, fr);
  const T s = larger(P::template signal<D>(axis, wl, p), P::template signal<D>(axis, wr, p));
  for (int v = 0; v < V; ++v) f[v] = T(0.5) * (fl[v] + fr[v]) - T(0.5) * s * (ur[v] - ul[v]);
}

// HLLC (Toro, Spruce & Speares 1994): HLL with the middle wave s* restored. The physics gives s*
// (false: no middle wave can be formed, HLL then) and the star state on the side s* leaves.
template <class P, int D, class T>
SIMFORGE_HD SIMFORGE_INLINE void hllc_flux(int axis, const T* wl, const T* wr, const double* p, T* f) {
  constexpr int V = P::scalars + D;
  T sl, sr, star;
  P::template speeds<D>(axis, wl, wr, p, sl, sr);
  if (sl >= T(0)) return P::template flux<D>(axis, wl, p, f);
  if (sr <= T(0)) return P::template flux<D>(axis, wr, p, f);
  if (!P::template middle_speed<D>(axis, wl, wr, p, sl, sr, star)) return hll_flux<P, D>(axis, wl, wr, p, f);
  const bool left = star >= T(0);
  const T* w = left ? wl : wr;
  const T s = left ? sl : sr;
  T u[V], us[V];
  P::template conserved<D>(w, p, u);
  P::template flux<D>(axis, w, p, f);
  P::template star_state<D>(axis, w, p, s, star, us);
  for (int v = 0; v < V; ++v) f[v] += s * (us[v] - u[v]);
}

template <class P, int D, class T>
SIMFORGE_HD SIMFORGE_INLINE void riemann_flux(RiemannFlux r, int axis, const T* wl, const T* wr, const double* p, T* f) {
  switch (r) {
    case RiemannFlux::hllc: return hllc_flux<P, D>(axis, wl, wr, p, f);
    case RiemannFlux::hll: return hll_flux<P, D>(axis, wl, wr, p, f);
    default: return rusanov_flux<P, D>(axis, wl, wr, p, f);
  }
}

// Where the cell at index j (possibly outside [0, n)) of an axis reads its value: the cell
// itself, the far end of a periodic axis, or the mirror image across a face (walls reverse the
// normal velocity; dirichlet faces read the initial state).
struct GhostMap {
  int j = 0;
  bool reverse = false, initial = false;
};
SIMFORGE_HD SIMFORGE_INLINE GhostMap ghost_map(const Grid& g, int axis, int j) {
  const int n = g.n[axis];
  GhostMap m{j, false, false};
  if (j >= 0 && j < n) return m;
  const Boundary& face = j < 0 ? g.lower[axis] : g.upper[axis];
  if (face.kind == BoundaryKind::Periodic) {
    m.j = j < 0 ? j + n : j - n;
    return m;
  }
  m.j = j < 0 ? -1 - j : 2 * n - 1 - j;
  m.reverse = face.kind == BoundaryKind::Wall;
  m.initial = face.kind == BoundaryKind::Dirichlet;
  return m;
}

// The fluxes through every face normal to one axis of one sample, from the primitive state:
// F = the Riemann flux of the MUSCL face states, and, with a bed, what the cell on each side adds
// to its momentum along the axis (the hydrostatic reconstruction's pressure correction and its
// half of the bed-slope source). Face f along the axis lies between cells f - 1 and f (faces 0
// and n are the box's faces), so a face array has n_a + 1 entries along the axis.
template <class Real, class P, int D>
struct FaceFlux {
  static constexpr int V = P::scalars + D;
  static constexpr int slots = V + (P::has_bed ? 2 : 0);  // F, then (bed) the left and right cells' extras
  Grid g;
  int axis;
  Real inv_dx[D];
  std::size_t n_params;
  const double* params;  // [batch, n_params]
  const Real* w;         // [batch, V, points] primitive: the state the fluxes are of
  const Real* initial;   // [batch, V, points] primitive at t = 0 (dirichlet faces)
  const Real* bed;       // [batch, points] bed elevation (has_bed), else null
  const double* dt;      // [batch]: a sample with dt 0 is skipped
  Limiter limiter;
  RiemannFlux riemann;
  Real* flux;            // [batch, slots, faces]

  SIMFORGE_HD std::size_t faces() const { return g.points() / std::size_t(g.n[axis]) * std::size_t(g.n[axis] + 1); }

  // The primitive state and bed of the cell `steps` cells from idx along each axis.
  SIMFORGE_HD SIMFORGE_INLINE void fetch(std::size_t b, const int* idx, const int* steps, Real* out, Real& z) const {
    std::size_t q = 0, stride = 1;
    bool reverse[D] = {}, initial_state = false;
    for (int ax = D - 1; ax >= 0; --ax) {
      const GhostMap m = ghost_map(g, ax, idx[ax] + steps[ax]);
      q += std::size_t(m.j) * stride;
      stride *= std::size_t(g.n[ax]);
      reverse[ax] = m.reverse;
      initial_state = initial_state || m.initial;
    }
    const std::size_t pts = g.points();
    const Real* src = (initial_state ? initial : w) + b * V * pts + q;
    for (int v = 0; v < V; ++v) out[v] = src[std::size_t(v) * pts];
    for (int ax = 0; ax < D; ++ax)
      if (reverse[ax]) out[P::scalars + ax] = -out[P::scalars + ax];
    z = bed ? bed[b * pts + q] : Real(0);
  }

  // A cell's state at its lower (lo) and upper (hi) face along the axis, from itself and its
  // neighbours (wm, w0, wp). With a bed the surface h + z is reconstructed (a lake at rest has
  // flat faces), and the bed beside it.
  SIMFORGE_HD SIMFORGE_INLINE void reconstruct(const Real* wm, const Real* w0, const Real* wp, Real zm, Real z0, Real zp, Real* lo, Real* hi,
                               Real& zlo, Real& zhi) const {
    for (int v = 0; v < V; ++v) {
      Real m = wm[v], c0 = w0[v], pl = wp[v];
      if (P::has_bed && v == 0) m += zm, c0 += z0, pl += zp;
      const Real s = Real(0.5) * limited_slope(limiter, c0 - m, pl - c0);
      lo[v] = c0 - s, hi[v] = c0 + s;
    }
    zlo = zhi = z0;
    if (P::has_bed) {
      const Real s = Real(0.5) * limited_slope(limiter, z0 - zm, zp - z0);
      zlo = z0 - s, zhi = z0 + s;
      lo[0] -= zlo, hi[0] -= zhi;
    }
    if (!P::template admissible<D>(lo) || !P::template admissible<D>(hi)) {  // first order here
      for (int v = 0; v < V; ++v) lo[v] = hi[v] = w0[v];
      zlo = zhi = z0;
    }
  }

  SIMFORGE_HD void operator()(std::size_t b, std::size_t face) const {
    if (dt[b] == 0) return;
    const double* p = params + b * n_params;
    int idx[D];  // the cell right of the face (index n_a: beyond the upper face)
    {
      std::size_t rest = face;
      for (int ax = D - 1; ax >= 0; --ax) {
        const std::size_t n = std::size_t(g.n[ax] + (ax == axis ? 1 : 0));
        idx[ax] = int(rest % n), rest /= n;
      }
    }
    Real c[4][V], z[4];  // cells i-2 .. i+1 along the axis, the face between i-1 and i
    if (idx[axis] >= 2 && idx[axis] + 1 < g.n[axis]) {  // inside: no ghost cells (most faces)
      std::size_t q = 0, stride = 1, along = 0;
      for (int ax = D - 1; ax >= 0; --ax) {
        if (ax == axis) along = stride;
        q += std::size_t(idx[ax]) * stride;
        stride *= std::size_t(g.n[ax]);
      }
      const std::size_t pts = g.points();
      const Real* src = w + b * V * pts + q - 2 * along;
      for (int k = 0; k < 4; ++k) {
        for (int v = 0; v < V; ++v) c[k][v] = src[std::size_t(v) * pts + std::size_t(k) * along];
        z[k] = bed ? bed[b * pts + q + std::size_t(k) * along - 2 * along] : Real(0);
      }
    } else {
      for (int k = 0; k < 4; ++k) {
        int steps[D] = {};
        steps[axis] = k - 2;
        fetch(b, idx, steps, c[k], z[k]);
      }
    }
    Real scratch[V], wl[V], wr[V], zl, zr, zs;
    reconstruct(c[0], c[1], c[2], z[0], z[1], z[2], scratch, wl, zs, zl);  // left cell's upper face
    reconstruct(c[1], c[2], c[3], z[1], z[2], z[3], wr, scratch, zr, zs);  // right cell's lower face
    Real f[V];
    Real* out = flux + b * std::size_t(slots) * faces() + face;
    const std::size_t stride = faces();
    if constexpr (P::has_bed) {
      // Hydrostatic reconstruction (Audusse et al. 2004): depths cut at the higher bed; each side
      // adds g/2 (h^2 - h*^2) and its half of the centred bed slope, -g h_cell (z_face - z_cell).
      const Real zs_ = larger(zl, zr), g_ = Real(P::gravity(p));
      Real sl[V], sr[V];
      for (int v = 0; v < V; ++v) sl[v] = wl[v], sr[v] = wr[v];
      sl[0] = larger(Real(0), wl[0] + zl - zs_);
      sr[0] = larger(Real(0), wr[0] + zr - zs_);
      riemann_flux<P, D>(riemann, axis, sl, sr, p, f);
      out[std::size_t(V) * stride] = Real(0.5) * g_ * (wl[0] * wl[0] - sl[0] * sl[0]) + g_ * c[1][0] * (zl - z[1]);
      out[std::size_t(V + 1) * stride] = Real(0.5) * g_ * (wr[0] * wr[0] - sr[0] * sr[0]) - g_ * c[2][0] * (z[2] - zr);
    } else {
      (void)zl, (void)zr;
      riemann_flux<P, D>(riemann, axis, wl, wr, p, f);
    }
    if constexpr (P::viscous) viscous_flux(b, idx, c[1], c[2], p, f);
    for (int v = 0; v < V; ++v) out[std::size_t(v) * stride] = f[v];
  }

  // Subtracts the viscous stresses from the face flux (wl, wr: the primitive states of the cells
  // either side): tau = eta (grad u + grad u^T) + (zeta - 2 eta / 3) (div u) I, the normal
  // derivatives from the two cells, the tangential ones from the four cells beside them.
  SIMFORGE_HD void viscous_flux(std::size_t b, const int* idx, const Real* wl, const Real* wr, const double* p, Real* f) const {
    constexpr int S = P::scalars;
    Real grad[D][D];  // grad[k][m] = d u_m / d x_k at the face
    for (int m = 0; m < D; ++m) grad[axis][m] = (wr[S + m] - wl[S + m]) * inv_dx[axis];
    for (int k = 0; k < D; ++k) {
      if (k == axis) continue;
      Real sum[D] = {};
      for (int cell = -1; cell <= 0; ++cell)
        for (int dir = -1; dir <= 1; dir += 2) {
          int steps[D] = {};
          steps[axis] = cell;
          steps[k] = dir;
          Real c[V], z;
          fetch(b, idx, steps, c, z);
          for (int m = 0; m < D; ++m) sum[m] += Real(dir) * c[S + m];
        }
      for (int m = 0; m < D; ++m) grad[k][m] = sum[m] * Real(0.25) * inv_dx[k];
    }
    Real div = 0;
    for (int m = 0; m < D; ++m) div += grad[m][m];
    const Real eta = Real(P::shear_viscosity(p)), lambda = Real(P::bulk_viscosity(p)) - Real(2.0 / 3.0) * eta;
    Real work = 0;
    for (int m = 0; m < D; ++m) {
      const Real tau = eta * (grad[axis][m] + grad[m][axis]) + (m == axis ? lambda * div : Real(0));
      f[S + m] -= tau;
      work += Real(0.5) * (wl[S + m] + wr[S + m]) * tau;
    }
    f[1] -= work;  // energy: the stresses' work
  }
};

// One Runge–Kutta stage of one cell from its faces' fluxes: out = a x + bw y + c dt_b L,
// L = -sum_a (F_{a, upper face} - F_{a, lower face}) / dx_a. x is the step's initial state: a
// sample whose dt_b is 0 (it reached the save time) keeps it.
template <class Real, class P, int D>
struct FluxUpdate {
  static constexpr int V = P::scalars + D;
  static constexpr int slots = FaceFlux<Real, P, D>::slots;
  Grid g;
  Real inv_dx[D];
  const Real* flux[D];  // per axis: [batch, slots, faces of the axis]
  const double* dt;
  Real a, bw, c;
  const Real *x, *y;  // y may be null when bw is 0
  Real* out;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t cell) const {
    const std::size_t pts = g.points(), base = b * V * pts + cell;
    const double h = dt[b];
    if (h == 0) {
      for (int v = 0; v < V; ++v) out[base + std::size_t(v) * pts] = x[base + std::size_t(v) * pts];
      return;
    }
    Real rhs[V] = {};
    int idx[D];
    std::size_t rest = cell;
    for (int ax = D - 1; ax >= 0; --ax) idx[ax] = int(rest % std::size_t(g.n[ax])), rest /= std::size_t(g.n[ax]);
    for (int ax = 0; ax < D; ++ax) {
      // The cell's lower face along ax has the cell's index with axis ax extended to n + 1.
      std::size_t lower = 0, stride = 1, step = 0;
      for (int k = D - 1; k >= 0; --k) {
        if (k == ax) step = stride;
        lower += std::size_t(idx[k]) * stride;
        stride *= std::size_t(g.n[k] + (k == ax ? 1 : 0));
      }
      const std::size_t faces = stride;
      const Real* f = flux[ax] + b * std::size_t(slots) * faces;
      for (int v = 0; v < V; ++v) rhs[v] -= (f[std::size_t(v) * faces + lower + step] - f[std::size_t(v) * faces + lower]) * inv_dx[ax];
      if constexpr (P::has_bed)  // the upper face's left-cell extra, the lower face's right-cell extra
        rhs[1 + ax] -= (f[std::size_t(V) * faces + lower + step] - f[std::size_t(V + 1) * faces + lower]) * inv_dx[ax];
    }
    const Real ch = c * Real(h);
    for (int v = 0; v < V; ++v) {
      const std::size_t o = base + std::size_t(v) * pts;
      Real r = a * x[o] + ch * rhs[v];
      if (y) r += bw * y[o];
      out[o] = r;
    }
  }
};

// The largest stability rate of a sample and whether every cell is admissible: + is the
// combination of two parts (segmented_reduce's contract).
struct RateAndAdmissible {
  double rate = 0;
  int bad = 0;  // cells that are not admissible (negative density, pressure or depth, NaN)
  SIMFORGE_HD RateAndAdmissible operator+(const RateAndAdmissible& o) const {
    return {rate > o.rate ? rate : o.rate, bad + o.bad};
  }
};

template <class Real, class P, int D>
struct CellRate {
  static constexpr int V = P::scalars + D;
  Grid g;
  double inv_dx[D], viscous_radius;  // viscous_radius: 2 sum 1/dx^2
  std::size_t n_params;
  const double* params;
  const Real* u;
  SIMFORGE_HD RateAndAdmissible operator()(std::size_t b, std::size_t cell) const {
    const std::size_t pts = g.points();
    const double* p = params + b * n_params;
    Real uc[V], w[V];
    for (int v = 0; v < V; ++v) uc[v] = u[(b * V + std::size_t(v)) * pts + cell];
    P::template primitive<D>(uc, p, w);
    if (!P::template admissible<D>(w)) return {0.0, 1};
    double r = 0;
    for (int ax = 0; ax < D; ++ax) r += double(P::template signal<D>(ax, w, p)) * inv_dx[ax];
    if constexpr (P::viscous)
      r += viscous_radius * (4.0 / 3.0 * P::shear_viscosity(p) + P::bulk_viscosity(p)) / double(w[0]);
    return {r, 0};
  }
};
struct StoreRate {
  RateAndAdmissible* out;
  SIMFORGE_HD void operator()(std::size_t b, const RateAndAdmissible& r) const { out[b] = r; }
};

// Conserved -> primitive (the stage's state, the stored frames, the driver API's state) or, with
// ToConserved, primitive -> conserved (set_state; with a bed it takes the depth).
template <class Real, class P, int D, bool ToConserved = false>
struct ConvertState {
  static constexpr int V = P::scalars + D;
  std::size_t pts, n_params;
  const double* params;
  const Real* in;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t cell) const {
    Real from[V], to[V];
    for (int v = 0; v < V; ++v) from[v] = in[(b * V + std::size_t(v)) * pts + cell];
    if constexpr (ToConserved) P::template conserved<D>(from, params + b * n_params, to);
    else P::template primitive<D>(from, params + b * n_params, to);
    for (int v = 0; v < V; ++v) out[(b * V + std::size_t(v)) * pts + cell] = to[v];
  }
};
// An initial condition's surface h + z made a depth (shallow water over a bed).
template <class Real>
struct SurfaceToDepth {
  std::size_t pts, rows;  // rows: fields per sample
  const Real* bed;
  Real* w;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t cell) const {
    Real& h = w[b * rows * pts + cell];
    h -= bed[b * pts + cell];
  }
};
template <class Real, class P>
struct BedElevation {
  Grid g;
  std::size_t n_params;
  const double* params;
  Real* bed;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t cell) const {
    double offset[Grid::max_dim];  // from the box centre
    std::size_t rest = cell;
    for (int ax = g.dim - 1; ax >= 0; --ax) {
      const std::size_t i = rest % std::size_t(g.n[ax]);
      rest /= std::size_t(g.n[ax]);
      offset[ax] = (g.unit_position(ax, i) - 0.5) * g.length;
    }
    bed[b * g.points() + cell] = Real(P::bed(g.dim, offset, params + b * n_params));
  }
};

const SolverFamily& godunov_family();

template <class Real, class P>
class ConservationLawSolver final : public Solver<Real> {
 public:
  ConservationLawSolver(const SimulationSpec& spec, std::size_t max_batch, const Stream& stream)
      : grid_(spec.grid), store_(spec.store_grid()), dt_max_(spec.dt), cfl_(spec.cfl_max), max_batch_(max_batch), stream_(stream) {
    const PdeDescriptor d = P::descriptor();
    check_grid(spec, d, godunov_family());
    SIMFORGE_CHECK(max_batch >= 1, "simulation: batch must be at least 1");
    n_params_ = d.parameters.size();
    vars_ = std::size_t(P::scalars + grid_.dim);
    limiter_ = Limiter(d.option_index(spec.pde, "limiter"));
    riemann_ = RiemannFlux(d.option_index(spec.pde, "riemann_solver"));
    stages_ = spec.stepper == "ssp_rk3" ? 3 : 2;
    const std::size_t n = max_batch * vars_ * grid_.points();
    for (auto* b : {&u_, &u1_, &u2_, &initial_, &scratch_}) *b = DeviceBuffer<Real>(n);
    if (P::has_bed) bed_ = DeviceBuffer<Real>(max_batch * grid_.points());
    const std::size_t slots = std::size_t(P::scalars + grid_.dim + (P::has_bed ? 2 : 0));
    for (int ax = 0; ax < grid_.dim; ++ax)
      faces_.emplace_back(max_batch * slots * (grid_.points() / std::size_t(grid_.n[ax]) * std::size_t(grid_.n[ax] + 1)));
    dt_ = DeviceBuffer<double>(max_batch);
    rate_ = DeviceBuffer<RateAndAdmissible>(max_batch);
  }

  const Grid& grid() const override { return grid_; }
  int fields() const override { return int(vars_); }

  void begin(const ParameterTable& t) override {
    SIMFORGE_CHECK(t.count >= 1 && t.count <= max_batch_, "simulation: batch of ", t.count, " samples, at most ", max_batch_);
    SIMFORGE_CHECK(t.names.size() == n_params_, P::descriptor().name, ": ", t.names.size(), " parameters per sample, expected ", n_params_);
    count_ = t.count;
    params_ = to_device<double>(t.values, stream_);
    time_.assign(count_, 0.0);
    steps_.assign(count_, 0.0);
    min_dt_.assign(count_, std::numeric_limits<double>::infinity());
    if constexpr (P::has_bed) for_each_index(stream_, count_, grid_.points(), BedElevation<Real, P>{grid_, n_params_, params_.data(), bed_.data()});
  }
  // Initial conditions of a PDE over a bed give the surface h + z: the depth is what is held.
  bool initialize(InitialCondition<Real>& ic, const InitialConditionRequest& r) override {
    if constexpr (!P::has_bed) {
      (void)ic, (void)r;
      return false;
    } else {
      ic.physical(r, scratch_.data());
      for_each_index(stream_, count_, grid_.points(), SurfaceToDepth<Real>{grid_.points(), vars_, bed_.data(), scratch_.data()});
      set_state(scratch_.data());
      return true;
    }
  }
  void set_state(const Real* physical) override {
    by_dim([&]<int D>() {
      for_each_index(stream_, count_, grid_.points(), ConvertState<Real, P, D, true>{grid_.points(), n_params_, params_.data(), physical, u_.data()});
    });
    copy_n(initial_.data(), physical, size(), CopyKind::DeviceToDevice, stream_);  // dirichlet faces hold it
    check_admissible();
  }
  void state(Real* physical) override {
    primitive(physical);
    stream_.synchronize();
  }
  void advance(double duration) override {
    SIMFORGE_CHECK(duration >= 0, P::descriptor().name, ": cannot advance by ", duration);
    std::vector<double> target(count_), dt(count_);
    for (std::size_t b = 0; b < count_; ++b) target[b] = time_[b] + duration;
    for (;;) {
      const std::vector<RateAndAdmissible> rate = rates();
      bool any = false;
      for (std::size_t b = 0; b < count_; ++b) {
        fail_if_bad(rate[b], b);
        const double left = target[b] - time_[b], stable = std::min(dt_max_, cfl_ / std::max(rate[b].rate, 1e-300));
        dt[b] = left <= 0 ? 0.0 : std::min(stable, left);
        if (dt[b] > 0) min_dt_[b] = std::min(min_dt_[b], stable);
        // A last sliver of the interval joins this step rather than becoming a step of its own.
        if (dt[b] > 0 && left - dt[b] < 1e-9 * dt[b]) dt[b] = left;
        any = any || dt[b] > 0;
      }
      if (!any) break;
      copy_n(dt_.data(), dt.data(), count_, CopyKind::HostToDevice, stream_);
      step();
      for (std::size_t b = 0; b < count_; ++b) {
        if (dt[b] == 0) continue;
        time_[b] = target[b] - time_[b] == dt[b] ? target[b] : time_[b] + dt[b];
        steps_[b] += 1;
      }
    }
    for (std::size_t b = 0; b < count_; ++b) time_[b] = target[b];
  }
  void stored_frame(float* frame) override {
    primitive(scratch_.data());
    for_each_index(stream_, count_ * vars_, store_.points(), BlockAverage<Real>{grid_, store_, scratch_.data(), frame});
  }
  std::vector<double> stability_rate() override { return {}; }
  // Steps taken and the smallest stable step (min(time.dt, cfl / rate); the steps cut short to land
  // on a save time are not counted), per sample, over the batch's run.
  std::vector<std::vector<double>> diagnostics() override { return {steps_, min_dt_}; }

 private:
  template <class F>
  void by_dim(F&& f) {
    switch (grid_.dim) {
      case 1: return f.template operator()<1>();
      case 2: return f.template operator()<2>();
      default: return f.template operator()<3>();
    }
  }
  std::size_t size() const { return count_ * vars_ * grid_.points(); }
  void primitive(Real* w) {
    by_dim([&]<int D>() {
      for_each_index(stream_, count_, grid_.points(), ConvertState<Real, P, D>{grid_.points(), n_params_, params_.data(), u_.data(), w});
    });
  }
  std::vector<RateAndAdmissible> rates() {
    by_dim([&]<int D>() {
      CellRate<Real, P, D> f{grid_, {}, 0.0, n_params_, params_.data(), u_.data()};
      for (int ax = 0; ax < D; ++ax) {
        f.inv_dx[ax] = 1.0 / grid_.spacing(ax);
        f.viscous_radius += 2.0 / (grid_.spacing(ax) * grid_.spacing(ax));
      }
      segmented_reduce<RateAndAdmissible>(stream_, count_, grid_.points(), f, StoreRate{rate_.data()});
    });
    std::vector<RateAndAdmissible> r(count_);
    copy_n(r.data(), rate_.data(), count_, CopyKind::DeviceToHost, stream_);
    stream_.synchronize();
    return r;
  }
  void fail_if_bad(const RateAndAdmissible& r, std::size_t b) const {
    if (r.bad == 0 && std::isfinite(r.rate)) return;
    throw SampleFailure(b, time_[b],
                        P::descriptor().name + ": " + P::admissibility() + " in " + std::to_string(r.bad) + " cells after " +
                            std::to_string(std::llround(steps_[b])) + " steps,",
                        "lower time.cfl_max, or use limiter: minmod or riemann_solver: hll");
  }
  void check_admissible() {
    const std::vector<RateAndAdmissible> rate = rates();
    for (std::size_t b = 0; b < count_; ++b) fail_if_bad(rate[b], b);
  }
  // out = a x + bw y + c dt L(u): the primitive state, the faces' fluxes along each axis, the update.
  void stage(Real a, const Real* x, Real bw, const Real* y, Real c, const Real* u, Real* out) {
    by_dim([&]<int D>() {
      for_each_index(stream_, count_, grid_.points(), ConvertState<Real, P, D>{grid_.points(), n_params_, params_.data(), u, scratch_.data()});
      FluxUpdate<Real, P, D> update{grid_, {}, {}, dt_.data(), a, bw, c, x, y, out};
      for (int ax = 0; ax < D; ++ax) {
        FaceFlux<Real, P, D> f{grid_, ax, {}, n_params_, params_.data(), scratch_.data(), initial_.data(),
                               P::has_bed ? bed_.data() : nullptr, dt_.data(), limiter_, riemann_, faces_[std::size_t(ax)].data()};
        for (int k = 0; k < D; ++k) f.inv_dx[k] = Real(1.0 / grid_.spacing(k));
        for_each_index(stream_, count_, f.faces(), f);
        update.inv_dx[ax] = f.inv_dx[ax];
        update.flux[ax] = faces_[std::size_t(ax)].data();
      }
      for_each_index(stream_, count_, grid_.points(), update);
    });
  }
  // Shu–Osher forms, each stage one fused pass; every stage's x is the step's initial state.
  void step() {
    Real *u = u_.data(), *u1 = u1_.data(), *u2 = u2_.data();
    if (stages_ == 2) {  // SSP-RK2 (Heun): u1 = u + dt L(u); u = 1/2 u + 1/2 u1 + 1/2 dt L(u1)
      stage(1, u, 0, nullptr, 1, u, u1);
      stage(Real(0.5), u, Real(0.5), u1, Real(0.5), u1, u);
    } else {  // SSP-RK3: u1 = u + dt L(u); u2 = 3/4 u + 1/4 u1 + 1/4 dt L(u1); u = 1/3 u + 2/3 u2 + 2/3 dt L(u2)
      stage(1, u, 0, nullptr, 1, u, u1);
      stage(Real(0.75), u, Real(0.25), u1, Real(0.25), u1, u2);
      stage(Real(1.0 / 3.0), u, Real(2.0 / 3.0), u2, Real(2.0 / 3.0), u2, u);
    }
  }

  Grid grid_, store_;
  double dt_max_, cfl_;
  std::size_t max_batch_, n_params_ = 0, count_ = 0, vars_ = 0;
  const Stream& stream_;
  Limiter limiter_ = Limiter::mc;
  RiemannFlux riemann_ = RiemannFlux::hllc;
  int stages_ = 2;
  DeviceBuffer<double> params_, dt_;
  DeviceBuffer<RateAndAdmissible> rate_;
  DeviceBuffer<Real> u_, u1_, u2_, initial_, scratch_, bed_;  // initial_: primitive; scratch_: the stage's primitive state
  std::vector<DeviceBuffer<Real>> faces_;                     // per axis: FaceFlux's output
  std::vector<double> time_, steps_, min_dt_;
};

}  // namespace simforge::finite_volume

#define SIMFORGE_REGISTER_CONSERVATION_LAW_PDE(Physics) \
  SIMFORGE_REGISTER(::simforge::pde_registry(), ::simforge::finite_volume::physics_entry<::simforge::finite_volume::ConservationLawSolver, Physics>("godunov"))
