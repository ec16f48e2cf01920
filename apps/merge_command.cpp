#include <cstdio>

#include "commands.hpp"
#include "io/shards.hpp"
#include "kernels/error.hpp"

namespace simforge::app {

int run_merge(const MergeArgs& args) {
  std::vector<std::filesystem::path> shards(args.shards.begin(), args.shards.end());
  std::filesystem::path out;
  if (args.output) {
    out = *args.output;
  } else {
    const auto dataset = io::dataset_of_shard(shards.front());
    SIMFORGE_CHECK(dataset, "merge: ", shards.front().string(), " is not named like a shard (<name>.shard-I-of-N.h5); give -o OUTPUT");
    out = *dataset;
  }
  const io::MergeMode mode = args.virtual_dataset ? io::MergeMode::virtual_dataset : io::MergeMode::copy;
  const io::MergeReport r = io::merge_shards(shards, out, {mode, args.overwrite});
  std::fprintf(stderr, "wrote %s: %zu samples from %zu shards (%s) in %.2f s\n", r.path.c_str(), r.samples, r.shards,
               args.virtual_dataset ? "virtual datasets: keep the shards beside it" : "copied", r.seconds);
  return 0;
}

}  // namespace simforge::app
