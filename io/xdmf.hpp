#pragma once
// An XDMF 3 sidecar for a dataset: XML that describes the HDF5 arrays in place (no copy), so that
// ParaView and VisIt open a Simforge dataset directly. Each trajectory is a temporal collection of
// rectilinear grids over `dimensions/`, one per saved time, whose attributes are hyperslabs of the
// `t0_fields/` arrays.
#include <cstddef>
#include <string>

#include "io/dataset_spec.hpp"

namespace simforge::io {

// The XDMF document for trajectories [first, first + count) of a dataset with `spec`, stored in
// the HDF5 file `h5_reference` (the name the sidecar uses: usually the file name alone, beside it).
std::string xdmf_document(const DatasetSpec& spec, const std::string& h5_reference, std::size_t first, std::size_t count);

}  // namespace simforge::io
