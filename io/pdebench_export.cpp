#include "io/pdebench_export.hpp"

#include <algorithm>

#include "io/hdf5.hpp"
#include "kernels/error.hpp"
#include "kernels/registry.hpp"

namespace simforge::io {

namespace {

bool has_field(const DatasetSpec& s, const std::string& f) {
  const std::vector<std::string> names = s.field_names();
  return std::find(names.begin(), names.end(), f) != names.end();
}

// One frame [z][y][x] (Simforge) as [x][y][z] (PDEBench).
std::vector<float> x_major(const float* frame, const std::vector<std::size_t>& shape) {
  const std::size_t n = shape.size(), nx = shape.back(), ny = n >= 2 ? shape[n - 2] : 1, nz = n == 3 ? shape[0] : 1;
  std::vector<float> out(nx * ny * nz);
  for (std::size_t z = 0; z < nz; ++z)
    for (std::size_t y = 0; y < ny; ++y)
      for (std::size_t x = 0; x < nx; ++x) out[(x * ny + y) * nz + z] = frame[(z * ny + y) * nx + x];
  return out;
}

// Spatial extents in PDEBench's order: [X, Y, Z].
std::vector<h5::hsize> x_major_shape(const DatasetSpec& s) { return {s.spatial_shape.rbegin(), s.spatial_shape.rend()}; }

void write_f32(h5::Group& g, const std::string& name, const std::vector<double>& v) {
  std::vector<float> f(v.begin(), v.end());
  g.create_dataset(name, h5::Type::f32, {f.size()}).write(f.data(), {0}, {f.size()});
}

// PDEBench's names for the coordinates of the single-file layouts: x-coordinate, y-coordinate...
void write_coordinates(h5::Group& root, const DatasetSpec& s, bool with_time) {
  for (std::size_t i = 0; i < s.spatial_dims.size(); ++i)
    write_f32(root, s.spatial_dims[i] + "-coordinate", s.coordinates[i]);
  if (with_time) write_f32(root, "t-coordinate", s.times);
}

// What every layout records: the parameters (root attributes, as PDEBench's files carry beta, Nu)
// and Simforge's provenance.
void write_provenance(h5::Group& root, const DatasetSpec& s) {
  for (std::size_t i = 0; i < s.constant_parameters.size(); ++i) root.write_double(s.constant_parameters[i], s.constant_values[i]);
  root.write_string("simforge_dataset", s.dataset_name);
  root.write_string("simforge_config", s.config_yaml);
  root.write_uint64("simforge_seed", s.seed);
}

// [N, T, X(, Y, Z)] float32 datasets, one per (PDEBench name, Simforge field), trajectory by trajectory.
void write_stacked(const DatasetReader& r, h5::Group& root, const std::vector<std::pair<std::string, std::string>>& names,
                   const PdebenchLayout::Progress& progress) {
  const DatasetSpec& s = r.info().spec;
  std::vector<h5::hsize> shape = {s.n_trajectories, s.times.size()};
  for (auto e : x_major_shape(s)) shape.push_back(e);
  std::vector<h5::hsize> count = shape;
  count[0] = 1;
  std::vector<h5::Dataset> out;
  for (const auto& n : names) out.push_back(root.create_dataset(n.first, h5::Type::f32, shape));
  for (std::size_t i = 0; i < s.n_trajectories; ++i) {
    for (std::size_t k = 0; k < names.size(); ++k) {
      const std::vector<float> v = r.read_sample(names[k].second, i);
      std::vector<float> frames;
      frames.reserve(v.size());
      for (std::size_t t = 0; t < s.times.size(); ++t) {
        const std::vector<float> f = x_major(v.data() + t * s.frame_size(), s.spatial_shape);
        frames.insert(frames.end(), f.begin(), f.end());
      }
      std::vector<h5::hsize> start(shape.size(), 0);
      start[0] = i;
      out[k].write(frames.data(), start, count);
    }
    if (progress) progress(i + 1, s.n_trajectories);
  }
}

std::string need_fields(const DatasetSpec& s, const std::vector<std::string>& fields) {
  for (const auto& f : fields)
    if (!has_field(s, f)) return "it needs the fields " + bracketed(fields) + " (it has " + bracketed(s.field_names()) + ")";
  return {};
}

// 1-D scalar equations (advection, Burgers, reaction-diffusion): tensor [N, T, X].
void write_tensor(const DatasetReader& r, const std::filesystem::path& path, const PdebenchLayout::Progress& progress) {
  const DatasetSpec& s = r.info().spec;
  h5::File f = h5::File::create(path);
  h5::Group root = f.root();
  write_stacked(r, root, {{"tensor", s.t0_fields[0]}}, progress);
  write_coordinates(root, s, true);
  write_provenance(root, s);
  f.close();
}

// Compressible flow: density, pressure, Vx (, Vy, Vz) [N, T, X(, Y, Z)], from Simforge's
// velocity_x (, velocity_y, velocity_z).
std::vector<std::pair<std::string, std::string>> velocity_fields(const DatasetSpec& s) {
  std::vector<std::pair<std::string, std::string>> v;
  for (auto it = s.spatial_dims.rbegin(); it != s.spatial_dims.rend(); ++it) v.push_back({"V" + *it, "velocity_" + *it});
  return v;
}
void write_cfd(const DatasetReader& r, const std::filesystem::path& path, const PdebenchLayout::Progress& progress) {
  const DatasetSpec& s = r.info().spec;
  h5::File f = h5::File::create(path);
  h5::Group root = f.root();
  std::vector<std::pair<std::string, std::string>> names = {{"density", "density"}, {"pressure", "pressure"}};
  for (const auto& v : velocity_fields(s)) names.push_back(v);
  write_stacked(r, root, names, progress);
  write_coordinates(root, s, true);
  write_provenance(root, s);
  f.close();
}

// Darcy flow: nu [N, X, Y] (the coefficient) and tensor [N, 1, X, Y] (the solution).
void write_darcy(const DatasetReader& r, const std::filesystem::path& path, const PdebenchLayout::Progress& progress) {
  const DatasetSpec& s = r.info().spec;
  h5::File f = h5::File::create(path);
  h5::Group root = f.root();
  write_stacked(r, root, {{"tensor", "solution"}}, {});  // [N, 1, X, Y]: the one time is PDEBench's axis 1
  std::vector<h5::hsize> shape = {s.n_trajectories};
  for (auto e : x_major_shape(s)) shape.push_back(e);
  std::vector<h5::hsize> count = shape;
  count[0] = 1;
  h5::Dataset nu = root.create_dataset("nu", h5::Type::f32, shape);
  for (std::size_t i = 0; i < s.n_trajectories; ++i) {
    const std::vector<float> v = x_major(r.read_sample("coefficient", i).data(), s.spatial_shape);
    nu.write(v.data(), {i, 0, 0}, count);
    if (progress) progress(i + 1, s.n_trajectories);
  }
  write_coordinates(root, s, false);
  write_provenance(root, s);
  f.close();
}

// Per-sample groups NNNN/data [T, X(, Y, Z), C] with NNNN/grid/{x, y, z, t} and the configuration
// as the group's `config` attribute (2-D diffusion-reaction, shallow water, diffusion-sorption).
// The channels are the scalar (t0) fields, as PDEBench's files hold them: its dam break has the
// depth only, so a shallow-water dataset's velocity stays behind.
void write_groups(const DatasetReader& r, const std::filesystem::path& path, const PdebenchLayout::Progress& progress) {
  const DatasetSpec& s = r.info().spec;
  h5::File f = h5::File::create(path);
  h5::Group root = f.root();
  const int digits = std::max<int>(4, int(std::to_string(std::max<std::size_t>(1, s.n_trajectories) - 1).size()));
  const std::size_t nc = s.t0_fields.size(), frame = s.frame_size(), nt = s.times.size();
  std::vector<h5::hsize> shape = {nt};
  for (auto e : x_major_shape(s)) shape.push_back(e);
  shape.push_back(nc);
  for (std::size_t i = 0; i < s.n_trajectories; ++i) {
    std::string name = std::to_string(i);
    name.insert(0, std::size_t(digits) - std::min(name.size(), std::size_t(digits)), '0');
    h5::Group g = root.create_group(name);
    std::vector<float> data(nt * frame * nc);
    for (std::size_t c = 0; c < nc; ++c) {
      const std::vector<float> v = r.read_sample(s.t0_fields[c], i);
      for (std::size_t t = 0; t < nt; ++t) {
        const std::vector<float> xm = x_major(v.data() + t * frame, s.spatial_shape);
        for (std::size_t p = 0; p < frame; ++p) data[(t * frame + p) * nc + c] = xm[p];
      }
    }
    g.create_dataset("data", h5::Type::f32, shape).write(data.data(), std::vector<h5::hsize>(shape.size(), 0), shape);
    h5::Group grid = g.create_group("grid");
    for (std::size_t d = 0; d < s.spatial_dims.size(); ++d) write_f32(grid, s.spatial_dims[d], s.coordinates[d]);
    write_f32(grid, "t", s.times);
    g.write_string("config", s.config_yaml);
    if (progress) progress(i + 1, s.n_trajectories);
  }
  write_provenance(root, s);
  f.close();
}

}  // namespace

const std::vector<PdebenchLayout>& pdebench_layouts() {
  static const std::vector<PdebenchLayout> layouts = {
      {.name = "cfd",
       .description = "density, pressure, Vx (Vy, Vz) [N, T, X(, Y, Z)] with x-/y-/z-/t-coordinate: compressible flow (1D/2D/3D_CFD_*.hdf5)",
       .unsuitable = [](const DatasetSpec& s) {
         std::vector<std::string> f = {"density", "pressure"};
         for (const auto& v : velocity_fields(s)) f.push_back(v.second);
         return need_fields(s, f);
       },
       .write = write_cfd},
      {.name = "darcy",
       .description = "nu [N, X, Y] and tensor [N, 1, X, Y] with x-/y-coordinate: steady Darcy flow (2D_DarcyFlow_beta*.hdf5)",
       .unsuitable = [](const DatasetSpec& s) -> std::string {
         if (s.spatial_dims.size() != 2) return "it is for 2-D data";
         if (s.times.size() != 1) return "it is for steady data (one time; this dataset has " + std::to_string(s.times.size()) + ")";
         return need_fields(s, {"coefficient", "solution"});
       },
       .write = write_darcy},
      {.name = "groups",
       .description = "per-sample groups NNNN/data [T, X(, Y), C] with NNNN/grid/{x, y, t} (2D_diff-react, 2D_rdb, 1D_diff-sorp *.h5)",
       .unsuitable = [](const DatasetSpec&) { return std::string(); },
       .write = write_groups},
      {.name = "tensor",
       .description = "tensor [N, T, X] with x-coordinate and t-coordinate: 1-D scalar problems (1D_Advection_Sols_beta*.hdf5, 1D_Burgers_Sols_Nu*.hdf5, ReacDiff_*.hdf5)",
       .unsuitable = [](const DatasetSpec& s) -> std::string {
         if (s.spatial_dims.size() != 1) return "it is for 1-D data";
         if (s.field_names().size() != 1) return "it holds one field (this dataset has " + bracketed(s.field_names()) + ")";
         return {};
       },
       .write = write_tensor},
  };
  return layouts;
}

const PdebenchLayout& pdebench_layout(const std::string& name) { return find_named(pdebench_layouts(), name, "PDEBench layout"); }

const PdebenchLayout& pdebench_layout_for(const DatasetSpec& spec) {
  for (const char* name : {"darcy", "cfd", "tensor"})
    if (pdebench_layout(name).unsuitable(spec).empty()) return pdebench_layout(name);
  return pdebench_layout("groups");
}

}  // namespace simforge::io
