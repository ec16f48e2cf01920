// The HDF5 file of a surrogate's rollout (simforge predict -o).
#include "io/prediction_file.hpp"

#include <algorithm>

#include "io/commit.hpp"
#include "io/hdf5.hpp"

namespace simforge::io {

void write_prediction(const std::filesystem::path& path, const Prediction& p) {
  write_and_commit(path, [&](const std::filesystem::path& tmp) {
    h5::File f = h5::File::create(tmp);
    h5::Group root = f.root();
    root.write_string("model", p.model);
    root.write_string("dataset", p.dataset);
    root.write_uint64("sample", p.sample);
    root.write_uint64("history", p.history);
    root.write_uint64("steps", p.steps);
    const std::size_t plane = std::size_t(p.h) * p.w, nf = p.fields.size();
    auto field_shape = [&](std::size_t t) {
      return p.h == 1 ? std::vector<h5::hsize>{t, h5::hsize(p.w)} : std::vector<h5::hsize>{t, h5::hsize(p.h), h5::hsize(p.w)};
    };
    auto write_frames = [&](const std::string& group, const std::vector<float>& data, std::size_t t) {
      h5::Group g = root.create_group(group);
      for (std::size_t fi = 0; fi < nf; ++fi) {
        std::vector<float> v(t * plane);
        for (std::size_t k = 0; k < t; ++k) std::copy_n(data.begin() + (k * nf + fi) * plane, plane, v.begin() + k * plane);
        const std::vector<h5::hsize> shape = field_shape(t);
        h5::Dataset d = g.create_dataset(p.fields[fi], h5::Type::f32, shape);
        if (t) d.write(v.data(), std::vector<h5::hsize>(shape.size(), 0), shape);
      }
    };
    write_frames("prediction", p.frames, p.steps);
    write_frames("truth", p.truth, p.truth_steps);
    h5::Dataset e = root.create_dataset("nrmse_per_step", h5::Type::f64, {h5::hsize(p.truth_steps)});
    if (p.truth_steps) e.write(p.nrmse_per_step.data(), {0}, {h5::hsize(p.truth_steps)});
    f.flush();
    f.close();
  });
}

}  // namespace simforge::io
