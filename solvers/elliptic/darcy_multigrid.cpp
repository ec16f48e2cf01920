// Batched multigrid-preconditioned CG for steady Darcy flow (device source).
#include "solvers/elliptic/darcy_multigrid.hpp"

#include <algorithm>
#include <cmath>

#include "kernels/error.hpp"
#include "kernels/parallel.hpp"

namespace simforge::elliptic {

namespace {

// Cell (j, i) of sample b on an n x n grid; x-faces [n, n + 1], y-faces [n + 1, n].
SIMFORGE_HD inline std::size_t cell(std::size_t b, int n, int j, int i) { return (b * std::size_t(n) + std::size_t(j)) * std::size_t(n) + std::size_t(i); }
SIMFORGE_HD inline std::size_t xface(std::size_t b, int n, int j, int i) { return (b * std::size_t(n) + std::size_t(j)) * std::size_t(n + 1) + std::size_t(i); }
SIMFORGE_HD inline std::size_t yface(std::size_t b, int n, int j, int i) { return (b * std::size_t(n + 1) + std::size_t(j)) * std::size_t(n) + std::size_t(i); }

// Face coefficients from cell coefficients: the harmonic mean between two cells (the flux through
// a face between unequal materials), the cell's own at the boundary. One call per (j, i) in
// [0, n]^2: x-face (j, i) when j < n, y-face (j, i) when i < n.
template <class Real>
struct FacesFromCells {
  int n;
  const Real* a;
  Real *kx, *ky;
  SIMFORGE_HD static Real across(Real l, bool has_l, Real r, bool has_r) {
    return !has_l ? r : !has_r ? l : Real(2) * l * r / (l + r);
  }
  SIMFORGE_HD void operator()(std::size_t b, std::size_t c) const {
    const int j = int(c / std::size_t(n + 1)), i = int(c % std::size_t(n + 1));
    if (j < n)
      kx[xface(b, n, j, i)] = across(i > 0 ? a[cell(b, n, j, i - 1)] : Real(0), i > 0, i < n ? a[cell(b, n, j, i)] : Real(0), i < n);
    if (i < n)
      ky[yface(b, n, j, i)] = across(j > 0 ? a[cell(b, n, j - 1, i)] : Real(0), j > 0, j < n ? a[cell(b, n, j, i)] : Real(0), j < n);
  }
};

// A coarse face's coefficient: the mean of the two fine faces it covers.
template <class Real>
struct CoarsenFaces {
  int nc;  // coarse cells per axis
  const Real *kxf, *kyf;
  Real *kxc, *kyc;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t c) const {
    const int nf = 2 * nc, j = int(c / std::size_t(nc + 1)), i = int(c % std::size_t(nc + 1));
    if (j < nc) kxc[xface(b, nc, j, i)] = (kxf[xface(b, nf, 2 * j, 2 * i)] + kxf[xface(b, nf, 2 * j + 1, 2 * i)]) / Real(2);
    if (i < nc) kyc[yface(b, nc, j, i)] = (kyf[yface(b, nf, 2 * j, 2 * i)] + kyf[yface(b, nf, 2 * j, 2 * i + 1)]) / Real(2);
  }
};

// The four faces of a cell: coefficient and neighbour (inside the box or not).
template <class Real>
struct Stencil {
  int n;
  const Real *kx, *ky;
  // sum over faces of k (u - u_nb), u_nb = -u beyond the boundary (u = 0 on the face); and the diagonal.
  SIMFORGE_HD void row(std::size_t b, int j, int i, const Real* u, Real& off, Real& diag) const {
    const Real kw = kx[xface(b, n, j, i)], ke = kx[xface(b, n, j, i + 1)], ks = ky[yface(b, n, j, i)], kn = ky[yface(b, n, j + 1, i)];
    off = 0;
    diag = 0;
    if (i > 0) off += kw * u[cell(b, n, j, i - 1)], diag += kw;
    else diag += Real(2) * kw;
    if (i < n - 1) off += ke * u[cell(b, n, j, i + 1)], diag += ke;
    else diag += Real(2) * ke;
    if (j > 0) off += ks * u[cell(b, n, j - 1, i)], diag += ks;
    else diag += Real(2) * ks;
    if (j < n - 1) off += kn * u[cell(b, n, j + 1, i)], diag += kn;
    else diag += Real(2) * kn;
  }
};

// out = b_rhs - A u (residual) or A u (when rhs is null).
template <class Real>
struct Residual {
  Stencil<Real> s;
  Real inv_h2;
  const Real *u, *rhs;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t c) const {
    const int j = int(c / std::size_t(s.n)), i = int(c % std::size_t(s.n));
    Real off, diag;
    s.row(b, j, i, u, off, diag);
    const Real au = (diag * u[cell(b, s.n, j, i)] - off) * inv_h2;
    out[cell(b, s.n, j, i)] = rhs ? rhs[cell(b, s.n, j, i)] - au : au;
  }
};

// One colour of red–black Gauss–Seidel: u = (f h^2 + sum k u_nb) / diag on cells with (i + j) % 2 == colour.
template <class Real>
struct SmoothColour {
  Stencil<Real> s;
  Real h2;
  int colour;
  const Real* f;
  Real* u;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t c) const {
    const int j = int(c / std::size_t(s.n)), i = int(c % std::size_t(s.n));
    if ((i + j) % 2 != colour) return;
    Real off, diag;
    s.row(b, j, i, u, off, diag);
    u[cell(b, s.n, j, i)] = (f[cell(b, s.n, j, i)] * h2 + off) / diag;
  }
};

template <class Real>
struct Restrict {
  int nc;
  const Real* r;
  Real* rc;
  SIMFORGE_HD void operator()(std::size_t b, std::size_t c) const {
    const int nf = 2 * nc, j = int(c / std::size_t(nc)), i = int(c % std::size_t(nc));
    rc[cell(b, nc, j, i)] = (r[cell(b, nf, 2 * j, 2 * i)] + r[cell(b, nf, 2 * j, 2 * i + 1)] + r[cell(b, nf, 2 * j + 1, 2 * i)] +
                             r[cell(b, nf, 2 * j + 1, 2 * i + 1)]) /
                            Real(4);
  }
};

// Cell-centred bilinear prolongation, added: the parent cell 9/16, its two nearest neighbours 3/16
// each, the diagonal one 1/16; a neighbour beyond the boundary holds -e (zero on the face).
template <class Real>
struct ProlongAdd {
  int nc;
  const Real* ec;
  Real* ef;
  SIMFORGE_HD Real at(std::size_t b, int j, int i, Real parent) const {
    return (j < 0 || j >= nc || i < 0 || i >= nc) ? -parent : ec[cell(b, nc, j, i)];
  }
  SIMFORGE_HD void operator()(std::size_t b, std::size_t c) const {
    const int nf = 2 * nc, j = int(c / std::size_t(nf)), i = int(c % std::size_t(nf));
    const int J = j / 2, I = i / 2, dj = j % 2 ? 1 : -1, di = i % 2 ? 1 : -1;
    const Real p = ec[cell(b, nc, J, I)];
    // Beyond the boundary along one axis the mirror of the parent; beyond along both, of the
    // diagonal's in-box neighbour (both are -p at a corner).
    const Real x = at(b, J, I + di, p), y = at(b, J + dj, I, p);
    const bool xin = I + di >= 0 && I + di < nc, yin = J + dj >= 0 && J + dj < nc;
    const Real d = xin && yin ? ec[cell(b, nc, J + dj, I + di)] : xin ? -x : yin ? -y : p;
    ef[cell(b, nf, j, i)] += (Real(9) * p + Real(3) * x + Real(3) * y + d) / Real(16);
  }
};

template <class Real>
struct Fill {
  Real* p;
  Real v;
  SIMFORGE_HD void operator()(std::size_t i) const { p[i] = v; }
};

// y += s_b x (per-sample s), or y = x + s_b y (beta form).
template <class Real>
struct Axpy {
  std::size_t per;
  const Real* s;
  const Real* x;
  Real* y;
  bool beta_form;
  SIMFORGE_HD void operator()(std::size_t i) const {
    const Real a = s[i / per];
    y[i] = beta_form ? x[i] + a * y[i] : y[i] + a * x[i];
  }
};

template <class Real>
struct Subtract {
  const Real *a, *b;
  Real* out;
  SIMFORGE_HD void operator()(std::size_t i) const { out[i] = a[i] - b[i]; }
};

template <class Real>
struct Product {
  const Real *a, *b;
  SIMFORGE_HD double operator()(std::size_t i) const { return double(a[i]) * double(b[i]); }
};

}  // namespace

template <class Real>
struct DarcyMultigrid<Real>::Level {
  int n;
  double length;
  DeviceBuffer<Real> kx, ky, x, b, r;
  Level(int n_, double length_, std::size_t batch)
      : n(n_), length(length_), kx(batch * std::size_t(n_) * std::size_t(n_ + 1)), ky(batch * std::size_t(n_ + 1) * std::size_t(n_)),
        x(batch * std::size_t(n_) * std::size_t(n_)), b(batch * std::size_t(n_) * std::size_t(n_)), r(batch * std::size_t(n_) * std::size_t(n_)) {}
  Stencil<Real> stencil() const { return {n, kx.data(), ky.data()}; }
  double h() const { return length / n; }
};

template <class Real>
DarcyMultigrid<Real>::DarcyMultigrid(int n, std::size_t max_batch, const Stream& stream, double length)
    : n_(n), length_(length), max_batch_(max_batch), stream_(stream) {
  SIMFORGE_CHECK(n >= 2, "darcy: at least 2 cells per axis, got ", n);
  SIMFORGE_CHECK(max_batch >= 1, "darcy: batch must be at least 1");
  for (int m = n;; m /= 2) {
    levels_.push_back(std::make_unique<Level>(m, length, max_batch));
    if (m % 2 || m <= 2) break;
  }
  const std::size_t cells = max_batch * std::size_t(n) * std::size_t(n);
  for (auto* v : {&r_, &z_, &p_, &q_}) *v = DeviceBuffer<Real>(cells);
  alpha_ = DeviceBuffer<Real>(max_batch);
}

template <class Real>
DarcyMultigrid<Real>::~DarcyMultigrid() = default;

template <class Real>
int DarcyMultigrid<Real>::levels() const {
  return int(levels_.size());
}

template <class Real>
void DarcyMultigrid<Real>::set_coefficient(const Real* a, std::size_t count) {
  SIMFORGE_CHECK(count >= 1 && count <= max_batch_, "darcy: batch of ", count, ", at most ", max_batch_);
  count_ = count;
  Level& top = *levels_[0];
  for_each_index(stream_, count, std::size_t(n_ + 1) * std::size_t(n_ + 1), FacesFromCells<Real>{n_, a, top.kx.data(), top.ky.data()});
  for (std::size_t l = 1; l < levels_.size(); ++l) {
    Level &f = *levels_[l - 1], &c = *levels_[l];
    for_each_index(stream_, count, std::size_t(c.n + 1) * std::size_t(c.n + 1),
                   CoarsenFaces<Real>{c.n, f.kx.data(), f.ky.data(), c.kx.data(), c.ky.data()});
  }
}

template <class Real>
void DarcyMultigrid<Real>::apply(const Real* u, Real* out) {
  const Level& top = *levels_[0];
  for_each_index(stream_, count_, std::size_t(n_) * std::size_t(n_),
                 Residual<Real>{top.stencil(), Real(1.0 / (top.h() * top.h())), u, nullptr, out});
  sweeps_ += 1;
}

// V-cycle on level l: smooth, restrict the residual, correct from below, smooth (mirrored order).
template <class Real>
void DarcyMultigrid<Real>::cycle(int l, const DarcyOptions& o) {
  Level& L = *levels_[std::size_t(l)];
  const std::size_t cells = std::size_t(L.n) * std::size_t(L.n);
  const Real h2 = Real(L.h() * L.h());
  const double weight = double(cells) / (double(n_) * double(n_));
  auto sweep = [&](int colour) {
    for_each_index(stream_, count_, cells, SmoothColour<Real>{L.stencil(), h2, colour, L.b.data(), L.x.data()});
    sweeps_ += 0.5 * weight;
  };
  if (std::size_t(l) + 1 == levels_.size()) {  // coarsest: symmetric sweeps until converged enough
    for (int k = 0; k < 4 * L.n * L.n + 8; ++k) sweep(0), sweep(1), sweep(1), sweep(0);
    return;
  }
  for (int k = 0; k < o.pre_smooth; ++k) sweep(0), sweep(1);
  for_each_index(stream_, count_, cells, Residual<Real>{L.stencil(), Real(1.0 / (L.h() * L.h())), L.x.data(), L.b.data(), L.r.data()});
  sweeps_ += weight;
  Level& C = *levels_[std::size_t(l) + 1];
  const std::size_t coarse = std::size_t(C.n) * std::size_t(C.n);
  for_each_index(stream_, count_, coarse, Restrict<Real>{C.n, L.r.data(), C.b.data()});
  for_each_index(stream_, count_ * coarse, Fill<Real>{C.x.data(), Real(0)});
  cycle(l + 1, o);
  for_each_index(stream_, count_, cells, ProlongAdd<Real>{C.n, C.x.data(), L.x.data()});
  for (int k = 0; k < o.post_smooth; ++k) sweep(1), sweep(0);
}

template <class Real>
void DarcyMultigrid<Real>::vcycle(const Real* r, Real* e, const DarcyOptions& o) {
  Level& top = *levels_[0];
  const std::size_t n = count_ * std::size_t(n_) * std::size_t(n_);
  copy_n(top.b.data(), r, n, CopyKind::DeviceToDevice, stream_);
  for_each_index(stream_, n, Fill<Real>{top.x.data(), Real(0)});
  cycle(0, o);
  copy_n(e, top.x.data(), n, CopyKind::DeviceToDevice, stream_);
}

template <class Real>
double DarcyMultigrid<Real>::dot(const Real* a, const Real* b, std::size_t sample) const {
  const std::size_t cells = std::size_t(n_) * std::size_t(n_), off = sample * cells;
  return transform_reduce_index(stream_, cells, Product<Real>{a + off, b + off}, 0.0, thrust::plus<double>());
}

template <class Real>
DarcyReport DarcyMultigrid<Real>::solve(const Real* f, Real* u, const DarcyOptions& o) {
  SIMFORGE_CHECK(count_ >= 1, "darcy: set_coefficient before solve");
  const std::size_t cells = std::size_t(n_) * std::size_t(n_), n = count_ * cells;
  DarcyReport rep{std::vector<int>(count_, 0), std::vector<double>(count_, 0.0)};
  std::vector<double> fnorm(count_), rz(count_), step(count_);
  std::vector<bool> done(count_, false);
  apply(u, q_.data());
  for_each_index(stream_, n, Subtract<Real>{f, q_.data(), r_.data()});  // r = f - A u
  auto residuals = [&] {
    bool all = true;
    for (std::size_t b = 0; b < count_; ++b) {
      if (done[b]) continue;
      rep.relative_residual[b] = fnorm[b] > 0 ? std::sqrt(dot(r_.data(), r_.data(), b)) / fnorm[b] : 0.0;
      done[b] = rep.relative_residual[b] <= o.tolerance;
      all = all && done[b];
    }
    return all;
  };
  for (std::size_t b = 0; b < count_; ++b) fnorm[b] = std::sqrt(dot(f, f, b));
  if (residuals()) return rep;
  vcycle(r_.data(), z_.data(), o);
  copy_n(p_.data(), z_.data(), n, CopyKind::DeviceToDevice, stream_);
  for (std::size_t b = 0; b < count_; ++b) rz[b] = dot(r_.data(), z_.data(), b);
  for (int it = 1; it <= o.max_iterations; ++it) {
    apply(p_.data(), q_.data());
    for (std::size_t b = 0; b < count_; ++b) {
      step[b] = done[b] ? 0.0 : rz[b] / dot(p_.data(), q_.data(), b);
      if (!done[b]) rep.iterations[b] = it;
    }
    std::vector<Real> s(step.begin(), step.end());
    copy_n(alpha_.data(), s.data(), count_, CopyKind::HostToDevice, stream_);
    for_each_index(stream_, n, Axpy<Real>{cells, alpha_.data(), p_.data(), u, false});  // u += alpha p
    for (Real& v : s) v = -v;
    copy_n(alpha_.data(), s.data(), count_, CopyKind::HostToDevice, stream_);
    for_each_index(stream_, n, Axpy<Real>{cells, alpha_.data(), q_.data(), r_.data(), false});  // r -= alpha q
    if (residuals()) break;
    vcycle(r_.data(), z_.data(), o);
    for (std::size_t b = 0; b < count_; ++b) {
      const double next = dot(r_.data(), z_.data(), b);
      step[b] = done[b] ? 0.0 : next / rz[b];
      rz[b] = next;
    }
    std::vector<Real> beta(step.begin(), step.end());
    copy_n(alpha_.data(), beta.data(), count_, CopyKind::HostToDevice, stream_);
    for_each_index(stream_, n, Axpy<Real>{cells, alpha_.data(), z_.data(), p_.data(), true});  // p = z + beta p
  }
  stream_.synchronize();
  return rep;
}

template class DarcyMultigrid<float>;
template class DarcyMultigrid<double>;

}  // namespace simforge::elliptic
