#pragma once
// Steady Darcy flow -div(a grad u) = f on a square with u = 0 on the boundary, for a batch
// of coefficient fields: cell-centred finite volumes (harmonic face coefficients), solved by
// conjugate gradients preconditioned with one geometric-multigrid V-cycle, matrix-free and batched
// on the device. Each sample has its own CG scalars and stops at its own relative residual.
//
// Multigrid: coarse grids halve the cells per axis while the count stays even; a coarse face's
// coefficient is the mean of the two fine faces it covers (rediscretization), residuals restrict
// by four-cell averages, corrections prolong bilinearly (the cell-centred 9/16, 3/16, 3/16, 1/16
// weights), red–black Gauss–Seidel smooths (red then black before, black then red after: the
// V-cycle is a symmetric preconditioner, as CG needs).
#include <cstddef>
#include <memory>
#include <vector>

#include "kernels/buffer.hpp"
#include "kernels/device.hpp"

namespace simforge::elliptic {

struct DarcyOptions {
  double tolerance = 1e-6;    // relative residual ||f - A u|| / ||f|| per sample
  int max_iterations = 200;
  int pre_smooth = 2, post_smooth = 2;
};

struct DarcyReport {
  std::vector<int> iterations;              // per sample
  std::vector<double> relative_residual;    // per sample, at exit
};

template <class Real>
class DarcyMultigrid {
 public:
  // Batches of up to max_batch samples on n x n cells (n >= 2) of the square [0, length]^2.
  DarcyMultigrid(int n, std::size_t max_batch, const Stream& stream, double length = 1.0);
  ~DarcyMultigrid();

  // The cell coefficients a > 0 of `count` samples, [count, n, n] on the device.
  void set_coefficient(const Real* a, std::size_t count);
  // Solves A u = f for every sample; u holds the initial guess on entry. [count, n, n] each.
  DarcyReport solve(const Real* f, Real* u, const DarcyOptions& options);
  // One V-cycle on A e = r from e = 0 (the preconditioner), exposed for its convergence test.
  void vcycle(const Real* r, Real* e, const DarcyOptions& options);
  // out = A u.
  void apply(const Real* u, Real* out);

  int levels() const;
  int n() const { return n_; }
  // Work since construction, in fine-grid stencil sweeps (a pass of the operator or of both
  // smoother colours over the finest grid is 1; coarser grids count by their cells), per sample.
  double sweeps() const { return sweeps_; }

 private:
  struct Level;
  void cycle(int level, const DarcyOptions& o);
  double dot(const Real* a, const Real* b, std::size_t sample) const;

  int n_;
  double length_;
  std::size_t max_batch_, count_ = 0;
  const Stream& stream_;
  std::vector<std::unique_ptr<Level>> levels_;
  DeviceBuffer<Real> r_, z_, p_, q_;
  DeviceBuffer<Real> alpha_;  // per-sample CG step (0 once a sample has converged)
  double sweeps_ = 0;
};

}  // namespace simforge::elliptic
