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

template <class Real>
SIMFORGE_HD inline Real ghost_value(const Boundary& face, Real inside, Real wrapped, double dx) {
  switch (face.kind) {
    case BoundaryKind::Periodic: return wrapped;
    case BoundaryKind::Dirichlet: return Real(2 * face.value) - inside;
    case BoundaryKind::Neumann: return inside + Real(face.value * dx);
    case BoundaryKind::Robin: return inside * Real((2 + face.value * dx) / (2 - face.value * dx));
    case BoundaryKind::Wall:
    case BoundaryKind::Open: break;
  }
  return inside;
}

}  // namespace simforge::finite_volume
