#include <cmath>
#include <cstdio>

#include "commands.hpp"
#include "io/dataset.hpp"

namespace simforge::app {

namespace {
std::string shape_text(const std::vector<std::size_t>& s) {
  std::string t = "[";
  for (std::size_t i = 0; i < s.size(); ++i) t += (i ? ", " : "") + std::to_string(s[i]);
  return t + "]";
}
}  // namespace

int run_info(const std::string& file) {
  const io::DatasetReader reader(file);
  const io::DatasetInfo& info = reader.info();
  const io::DatasetSpec& s = info.spec;
  std::printf("%s: %s\n", file.c_str(), s.dataset_name.c_str());
  std::printf("  format       simforge v%d (simforge %s, %s), created %s\n", info.format_version,
              info.simforge_version.c_str(), info.git_hash.c_str(), info.created.c_str());
  std::printf("  completion   %zu/%zu samples%s\n", info.samples_complete, s.n_trajectories,
              info.complete ? ", complete" : ", INCOMPLETE");
  std::printf("  grid         %s over dims", shape_text(s.spatial_shape).c_str());
  for (const auto& d : s.spatial_dims) std::printf(" %s", d.c_str());
  std::printf(", periodic\n  time         %zu frames", s.times.size());
  if (!s.times.empty()) std::printf(" from t = %g to %g", s.times.front(), s.times.back());
  std::printf("\n  seed         %llu\n", static_cast<unsigned long long>(s.seed));
  for (std::size_t i = 0; i < s.constant_parameters.size(); ++i)
    std::printf("  parameter    %s = %g\n", s.constant_parameters[i].c_str(), s.constant_values[i]);
  for (const auto& name : s.sample_scalars) {
    const auto v = reader.read_scalar(name);
    double lo = INFINITY, hi = -INFINITY;  // NaN marks samples not yet complete: skipped
    for (double x : v)
      if (!std::isnan(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    std::printf("  parameter    %s varies per sample in [%g, %g]\n", name.c_str(), lo, hi);
  }
  std::printf("  fields (t0)\n");
  for (const auto& f : reader.field_names()) {
    const io::FieldStats st = reader.field_stats(f);
    std::printf("    %-12s float32 %s  min %.4g  max %.4g  mean %.4g  rms %.4g\n", f.c_str(), shape_text(st.shape).c_str(),
                st.min, st.max, st.mean, st.rms);
  }
  return 0;
}

}  // namespace simforge::app
