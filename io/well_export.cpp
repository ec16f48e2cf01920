#include "io/well_export.hpp"

#include <algorithm>
#include <cstdio>

#include "io/dataset_writer.hpp"
#include "kernels/error.hpp"

namespace simforge::io {

namespace {
// Trajectories copied per block: about 64 MiB of frames, at least one.
std::size_t block_samples(const DatasetSpec& s) {
  const std::size_t bytes = std::max<std::size_t>(1, s.sample_size() * s.field_names().size() * sizeof(float));
  return std::max<std::size_t>(1, (std::size_t{64} << 20) / bytes);
}
}  // namespace

void copy_samples(const DatasetReader& source, const std::vector<std::size_t>& samples, const std::filesystem::path& path,
                  bool overwrite, const CopyProgress& progress) {
  const DatasetSpec& from = source.info().spec;
  SIMFORGE_CHECK(!samples.empty(), "copy of ", from.dataset_name, " to ", path.string(), ": no trajectories selected");
  for (std::size_t i : samples)
    SIMFORGE_CHECK(i < from.n_trajectories, "copy of ", from.dataset_name, ": trajectory ", i, " is out of range (",
                   from.n_trajectories, " trajectories)");
  DatasetSpec spec = from;
  spec.n_trajectories = samples.size();
  DatasetWriter writer = DatasetWriter::create(path, spec, overwrite);

  std::vector<std::vector<double>> scalars, diagnostics;
  for (const auto& name : from.sample_scalars) scalars.push_back(source.read_scalar(name));
  for (const auto& name : from.diagnostics) diagnostics.push_back(source.read_diagnostic(name));

  const std::size_t per_block = block_samples(from), n = spec.sample_size();
  const std::vector<std::string> names = from.field_names();
  for (std::size_t first = 0; first < samples.size(); first += per_block) {
    const std::size_t count = std::min(per_block, samples.size() - first);
    std::vector<std::vector<float>> fields(names.size(), std::vector<float>(count * n));
    std::vector<std::vector<double>> sc(scalars.size(), std::vector<double>(count)), dg(diagnostics.size(), std::vector<double>(count));
    for (std::size_t k = 0; k < count; ++k) {
      const std::size_t i = samples[first + k];
      for (std::size_t f = 0; f < fields.size(); ++f) {
        const std::vector<float> v = source.read_sample(names[f], i);
        std::copy(v.begin(), v.end(), fields[f].begin() + std::ptrdiff_t(k * n));
      }
      for (std::size_t j = 0; j < sc.size(); ++j) sc[j][k] = scalars[j][i];
      for (std::size_t j = 0; j < dg.size(); ++j) dg[j][k] = diagnostics[j][i];
    }
    SampleBlock block{.first = first, .count = count};
    for (const auto& f : fields) block.fields.push_back(f.data());
    for (const auto& s : sc) block.scalars.push_back(s.data());
    for (const auto& d : dg) block.diagnostics.push_back(d.data());
    writer.write(block);
    if (progress) progress(first + count, samples.size());
  }
  writer.finish();
}

std::vector<WellFieldStats> well_stats(const DatasetReader& source, const std::vector<std::size_t>& samples) {
  const DatasetSpec& s = source.info().spec;
  const std::size_t n_times = s.times.size(), frame = s.frame_size();
  // Windows of about 4 MiB; consecutive windows overlap by one frame so that every difference of
  // consecutive frames is counted once.
  const std::size_t step = std::clamp<std::size_t>((std::size_t{1} << 20) / std::max<std::size_t>(1, frame), 2, std::max<std::size_t>(n_times, 2));
  std::vector<WellFieldStats> out;
  for (const auto& field : s.field_names()) {
    WellFieldStats st{.field = field};
    for (std::size_t i : samples) {
      Moments value, delta;  // per trajectory, then merged: short running sums
      for (std::size_t t0 = 0; t0 < n_times; t0 += step - 1) {
        const std::size_t nt = std::min(step, n_times - t0);
        const std::vector<float> w = source.read_window(field, i, t0, nt);
        for (std::size_t t = t0 == 0 ? 0 : 1; t < nt; ++t)  // frame t0 was counted with the previous window
          for (std::size_t p = 0; p < frame; ++p) value.add(w[t * frame + p]);
        for (std::size_t t = 1; t < nt; ++t)
          for (std::size_t p = 0; p < frame; ++p) delta.add(double(w[t * frame + p]) - double(w[(t - 1) * frame + p]));
        if (t0 + nt >= n_times) break;
      }
      st.value.merge(value);
      st.delta.merge(delta);
    }
    out.push_back(st);
  }
  return out;
}

std::string well_stats_yaml(const DatasetSpec& spec, const std::vector<WellFieldStats>& stats) {
  struct Key {
    const char* name;
    double (*of)(const WellFieldStats&);
  };
  static const Key keys[] = {
      {"mean", [](const WellFieldStats& s) { return s.value.mean(); }},
      {"std", [](const WellFieldStats& s) { return s.value.std_dev(); }},
      {"rms", [](const WellFieldStats& s) { return s.value.rms(); }},
      {"mean_delta", [](const WellFieldStats& s) { return s.delta.mean(); }},
      {"std_delta", [](const WellFieldStats& s) { return s.delta.std_dev(); }},
      {"rms_delta", [](const WellFieldStats& s) { return s.delta.rms(); }},
  };
  SIMFORGE_CHECK(stats.size() == spec.field_names().size(), "stats.yaml: ", stats.size(), " field statistics for ",
                 spec.field_names().size(), " fields");
  const std::size_t nd = spec.spatial_dims.size(), n0 = spec.t0_fields.size();
  std::string y = "# The Well's normalization statistics over the training split (written by simforge export well)\n";
  char value[64];
  for (const Key& k : keys) {
    y += std::string(k.name) + ":\n";
    for (std::size_t i = 0; i < n0; ++i) {
      std::snprintf(value, sizeof value, "%.10e", k.of(stats[i]));
      y += "  " + spec.t0_fields[i] + ": " + value + "\n";
    }
    for (std::size_t v = 0; v < spec.t1_fields.size(); ++v) {  // a vector: one value per component
      y += "  " + spec.t1_fields[v] + ": [";
      for (std::size_t c = 0; c < nd; ++c) {
        std::snprintf(value, sizeof value, "%s%.10e", c ? ", " : "", k.of(stats[n0 + v * nd + c]));
        y += value;
      }
      y += "]\n";
    }
  }
  return y;
}

}  // namespace simforge::io
