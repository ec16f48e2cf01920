#include "workflows/inspect.hpp"

#include <cmath>
#include <limits>

namespace simforge::workflows {

DatasetSummary inspect_dataset(const std::filesystem::path& path) {
  const io::DatasetReader reader(path);
  DatasetSummary s;
  s.info = reader.info();
  for (const auto& name : s.info.spec.sample_scalars) {
    ScalarRange r{name, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
    for (double x : reader.read_scalar(name))
      if (!std::isnan(x)) r.min = std::min(r.min, x), r.max = std::max(r.max, x);  // NaN: a sample not yet written
    s.sample_scalars.push_back(r);
  }
  for (const auto& f : reader.field_names()) s.fields.push_back(reader.field_stats(f));
  return s;
}

}  // namespace simforge::workflows
