#pragma once
// Boundary conditions, one per face of a grid. The kinds and their names in configs and datasets
// come from one table (boundary.cpp): adding a kind is one row there plus its treatment in the
// families that support it (each family checks the kinds it is given).
#include <string>
#include <vector>

namespace simforge {

enum class BoundaryKind {
  Periodic,   // the opposite face continues the domain
  Wall,       // reflective / no-flux wall (velocity mirrored, scalars zero-gradient)
  Open,       // outflow: zero-gradient extrapolation
  Dirichlet,  // the field takes `value` on the face
  Neumann,    // the outward normal derivative is `value`
  Robin,      // the outward normal derivative is `value` x u (Cauchy)
};

struct Boundary {
  BoundaryKind kind = BoundaryKind::Periodic;
  double value = 0.0;  // Dirichlet value, Neumann flux or Robin coefficient h; unused otherwise
  bool operator==(const Boundary&) const = default;
};

struct BoundaryKindInfo {
  BoundaryKind kind;
  std::string name;       // in configs: "periodic", "wall", ...
  std::string well_type;  // The Well's bc_type: PERIODIC, WALL or OPEN
  std::string summary;
};

const std::vector<BoundaryKindInfo>& boundary_kinds();
const BoundaryKindInfo& boundary_info(BoundaryKind kind);
// Throws naming the valid kinds when `name` is unknown.
BoundaryKind parse_boundary_kind(const std::string& name);

}  // namespace simforge
