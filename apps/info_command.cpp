#include <cstdio>

#include "commands.hpp"
#include "kernels/strings.hpp"
#include "workflows/inspect.hpp"

namespace simforge::app {

namespace {
std::string face_text(const io::FaceBoundary& f) {
  std::string t = f.kind;
  if (f.kind == "dirichlet" || f.kind == "neumann") t += " " + std::to_string(f.value);
  return t;
}
}  // namespace

int run_info(const std::string& file) {
  const workflows::DatasetSummary d = workflows::inspect_dataset(file);
  const io::DatasetInfo& info = d.info;
  const io::DatasetSpec& s = info.spec;
  std::printf("%s: %s\n", file.c_str(), s.dataset_name.c_str());
  std::printf("  format       simforge v%d (simforge %s, %s), created %s\n", info.format_version,
              info.simforge_version.c_str(), info.git_hash.c_str(), info.created.c_str());
  std::printf("  completion   %zu/%zu samples%s\n", info.samples_complete, s.n_trajectories,
              info.complete ? ", complete" : ", INCOMPLETE");
  if (s.is_shard()) std::printf("  part         %s\n", io::shard_text(s).c_str());
  if (!info.shard_files.empty())
    std::printf("  merged       virtual datasets over %zu shard files (%s, ...)\n", info.shard_files.size(), info.shard_files.front().c_str());
  std::printf("  grid         %s over dims", bracketed(s.spatial_shape).c_str());
  for (const auto& dim : s.spatial_dims) std::printf(" %s", dim.c_str());
  std::printf("\n  boundaries  ");
  for (std::size_t a = 0; a < s.boundaries.size(); ++a) {
    const io::AxisBoundary& b = s.boundaries[a];
    const std::string faces = b.lower == b.upper ? face_text(b.lower) : face_text(b.lower) + " / " + face_text(b.upper);
    std::printf("%s %s: %s", a ? "," : "", s.spatial_dims[a].c_str(), faces.c_str());
  }
  std::printf("\n  time         %zu frames", s.times.size());
  if (!s.times.empty()) std::printf(" from t = %g to %g", s.times.front(), s.times.back());
  std::printf("\n  seed         %llu\n", static_cast<unsigned long long>(s.seed));
  for (std::size_t i = 0; i < s.constant_parameters.size(); ++i)
    std::printf("  parameter    %s = %g\n", s.constant_parameters[i].c_str(), s.constant_values[i]);
  for (const auto& r : d.sample_scalars) std::printf("  parameter    %s varies per sample in [%g, %g]\n", r.name.c_str(), r.min, r.max);
  std::printf("  fields       %s\n", s.t1_fields.empty() ? "(t0)" : ("(t0; t1: " + join(s.t1_fields) + ", one field per component)").c_str());
  for (const io::FieldStats& st : d.fields)
    std::printf("    %-12s float32 %s  min %.4g  max %.4g  mean %.4g  rms %.4g\n", st.name.c_str(), bracketed(st.shape).c_str(), st.min,
                st.max, st.mean, st.rms);
  return 0;
}

}  // namespace simforge::app
