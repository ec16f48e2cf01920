#include "io/xdmf.hpp"

#include <cstdio>
#include <sstream>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"

namespace simforge::io {

namespace {

// "a b c" for XDMF's Dimensions attributes and XML data items.
template <class Range>
std::string spaced(const Range& r) {
  return join(r, " ");
}

std::string escaped(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '&') o += "&amp;";
    else if (c == '<') o += "&lt;";
    else if (c == '>') o += "&gt;";
    else if (c == '"') o += "&quot;";
    else o += c;
  }
  return o;
}

std::string hdf_item(const std::string& h5, const std::string& path, const std::string& dims, int precision) {
  return "<DataItem Dimensions=\"" + dims + "\" NumberType=\"Float\" Precision=\"" + std::to_string(precision) +
         "\" Format=\"HDF\">" + escaped(h5) + ":" + path + "</DataItem>";
}

}  // namespace

std::string xdmf_document(const DatasetSpec& s, const std::string& h5, std::size_t first, std::size_t count) {
  SIMFORGE_CHECK(first + count <= s.n_trajectories && count > 0, "XDMF of ", s.dataset_name, ": trajectories [", first, ", ",
                 first + count, ") are not within the dataset's ", s.n_trajectories);
  const std::size_t nd = s.spatial_dims.size();
  // XDMF has rectilinear meshes in 2-D and 3-D: a 1-D dataset is a 2-D mesh one point high.
  std::vector<std::size_t> mesh = s.spatial_shape;
  if (nd == 1) mesh.insert(mesh.begin(), 1);
  const std::string topology = nd == 3 ? "3DRectMesh" : "2DRectMesh";
  const std::string geometry = nd == 3 ? "VXVYVZ" : "VXVY";

  std::string geometry_xml = "<Geometry GeometryType=\"" + geometry + "\">";
  for (std::size_t i = nd; i-- > 0;)  // X first: the fastest axis is the last of spatial_dims
    geometry_xml += hdf_item(h5, "/dimensions/" + s.spatial_dims[i], std::to_string(s.spatial_shape[i]), 8);
  if (nd == 1) geometry_xml += "<DataItem Dimensions=\"1\" NumberType=\"Float\" Precision=\"8\" Format=\"XML\">0</DataItem>";
  geometry_xml += "</Geometry>";

  std::vector<std::size_t> full = {s.n_trajectories, s.times.size()};
  full.insert(full.end(), s.spatial_shape.begin(), s.spatial_shape.end());
  std::vector<std::size_t> slab_count = {1, 1};
  slab_count.insert(slab_count.end(), s.spatial_shape.begin(), s.spatial_shape.end());
  // The hyperslab [sample, t, ...] is one frame; its Dimensions are the mesh's (readers check
  // that they match the topology's rank).

  std::ostringstream x;
  x << "<?xml version=\"1.0\" ?>\n<!DOCTYPE Xdmf SYSTEM \"Xdmf.dtd\" []>\n<Xdmf Version=\"3.0\">\n<Domain>\n";
  for (std::size_t sample = first; sample < first + count; ++sample) {
    char name[32];
    std::snprintf(name, sizeof name, "sample_%04zu", sample);
    x << "<Grid Name=\"" << name << "\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
    for (std::size_t t = 0; t < s.times.size(); ++t) {
      char time[32];
      std::snprintf(time, sizeof time, "%.17g", s.times[t]);
      x << " <Grid Name=\"" << name << "_t" << t << "\" GridType=\"Uniform\">\n  <Time Value=\"" << time << "\"/>\n"
        << "  <Topology TopologyType=\"" << topology << "\" Dimensions=\"" << spaced(mesh) << "\"/>\n  " << geometry_xml << "\n";
      std::vector<std::size_t> start(full.size(), 0);
      start[0] = sample;
      start[1] = t;
      // A scalar attribute per field; a vector's components are hyperslabs of its last axis.
      auto attribute = [&](const std::string& name, const std::string& path, const std::vector<std::size_t>& begin,
                           const std::vector<std::size_t>& shape) {
        const std::vector<std::size_t> ones(shape.size(), 1);
        std::vector<std::size_t> counts = slab_count;
        counts.resize(shape.size(), 1);
        x << "  <Attribute Name=\"" << escaped(name) << "\" AttributeType=\"Scalar\" Center=\"Node\">"
          << "<DataItem ItemType=\"HyperSlab\" Dimensions=\"" << spaced(mesh) << "\" Type=\"HyperSlab\">"
          << "<DataItem Dimensions=\"3 " << shape.size() << "\" Format=\"XML\">" << spaced(begin) << " " << spaced(ones) << " "
          << spaced(counts) << "</DataItem>" << hdf_item(h5, path, spaced(shape), 4) << "</DataItem></Attribute>\n";
      };
      for (const auto& field : s.t0_fields) attribute(field, "/t0_fields/" + field, start, full);
      std::vector<std::size_t> vector_shape = full, vector_start = start;
      vector_shape.push_back(s.spatial_dims.size());
      vector_start.push_back(0);
      for (const auto& field : s.t1_fields)
        for (std::size_t c = 0; c < s.spatial_dims.size(); ++c) {
          vector_start.back() = c;
          attribute(field + "_" + s.spatial_dims[c], "/t1_fields/" + field, vector_start, vector_shape);
        }
      x << " </Grid>\n";
    }
    x << "</Grid>\n";
  }
  x << "</Domain>\n</Xdmf>\n";
  return x.str();
}

}  // namespace simforge::io
