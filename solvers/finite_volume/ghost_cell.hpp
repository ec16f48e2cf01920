#pragma once
// Ghost-cell values at a face of a cell-centred grid: what the cell beyond the face would hold so
// that the face's condition holds to second order. One place for every finite-volume stencil.
//   periodic   the cell at the far end of the axis
//   wall/open  zero gradient (u_ghost = u_inside): no flux of a scalar through the face
//   dirichlet  u = a at the face: u_ghost = 2 a - u_inside
//   neumann    outward normal derivative g: u_ghost = u_inside + g dx
//   robin      outward derivative h u at the face, u_face = (u_ghost + u_inside) / 2:
//              u_ghost = u_inside (2 + h dx) / (2 - h dx) (the family requires h dx < 2)
#include "kernels/backend.hpp"
#include "solvers/boundary.hpp"

namespace simforge::finite_volume {

// A non-periodic face's ghost as an affine map of the cell inside it: ghost = alpha u + beta. The
// stencils resolve it once per grid line and then run without branches.
struct FaceAffine {
  double alpha = 1, beta = 0;
};
SIMFORGE_HD inline FaceAffine face_affine(const Boundary& face, double dx) {
  switch (face.kind) {
    case BoundaryKind::Dirichlet: return {-1.0, 2 * face.value};
    case BoundaryKind::Neumann: return {1.0, face.value * dx};
    case BoundaryKind::Robin: return {(2 + face.value * dx) / (2 - face.value * dx), 0.0};
    default: return {1.0, 0.0};  // wall, open (periodic faces use the far cell)
  }
}

template <class Real>
SIMFORGE_HD inline Real ghost_value(const Boundary& face, Real inside, Real wrapped, double dx) {
  if (face.kind == BoundaryKind::Periodic) return wrapped;
  const FaceAffine m = face_affine(face, dx);
  return Real(m.alpha) * inside + Real(m.beta);
}

}  // namespace simforge::finite_volume
