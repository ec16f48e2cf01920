#include "solvers/boundary.hpp"

#include "kernels/error.hpp"
#include "kernels/registry.hpp"

namespace simforge {

const std::vector<BoundaryKindInfo>& boundary_kinds() {
  // The Well knows PERIODIC, WALL and OPEN: fixed-value and fixed-flux faces are walls to it.
  static const std::vector<BoundaryKindInfo> kinds = {
      {BoundaryKind::Periodic, "periodic", "PERIODIC", "the opposite face continues the domain"},
      {BoundaryKind::Wall, "wall", "WALL", "reflective, no-flux wall"},
      {BoundaryKind::Open, "open", "OPEN", "outflow (zero-gradient extrapolation)"},
      {BoundaryKind::Dirichlet, "dirichlet", "WALL", "the field is fixed to a value on the face"},
      {BoundaryKind::Neumann, "neumann", "WALL", "the outward normal derivative is fixed on the face"},
      {BoundaryKind::Robin, "robin", "OPEN", "the outward normal derivative is h u (Cauchy; h < 0 absorbs: an outflow face)"},
  };
  return kinds;
}

const BoundaryKindInfo& boundary_info(BoundaryKind kind) {
  for (const auto& k : boundary_kinds())
    if (k.kind == kind) return k;
  SIMFORGE_FAIL("boundary kind ", int(kind), " has no entry in boundary_kinds()");
}

BoundaryKind parse_boundary_kind(const std::string& name) { return find_named(boundary_kinds(), name, "boundary kind").kind; }

}  // namespace simforge
