// Shard naming, and merging complete shards into one dataset (a copy, or virtual datasets).
#include "io/shards.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <regex>

#include "io/commit.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "io/output_lock.hpp"
#include "kernels/error.hpp"

namespace simforge::io {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t copy_block_bytes = 256u << 20;  // what one copied block of samples may hold in memory

// "name.shard-2-of-8.ext": the dataset's stem, the index, the count and the extension.
const std::regex& shard_name() {
  static const std::regex r(R"(^(.*)\.shard-([0-9]+)-of-([0-9]+)(\.[^.]*)?$)");
  return r;
}

struct Shard {
  fs::path file;
  DatasetInfo info;
};

// The shards' common dataset: a shard's spec as the whole dataset would have it.
DatasetSpec as_whole(DatasetSpec s) {
  s.n_trajectories = s.shard.total_samples;
  s.shard = {};
  return s;
}

// Opens every shard and checks that together they are one whole dataset; returns them in order.
std::vector<Shard> open_shards(const std::vector<fs::path>& files) {
  SIMFORGE_CHECK(!files.empty(), "merge: no shard files given");
  std::vector<Shard> shards;
  for (const fs::path& f : files) {
    DatasetReader r(f);  // names the file if it is absent, not HDF5, corrupt or not a dataset
    const DatasetInfo& info = r.info();
    SIMFORGE_CHECK(info.spec.is_shard(), "merge: ", f.string(), " is not a shard (it holds ", shard_text(info.spec), ")");
    const std::string part = shard_text(info.spec);
    SIMFORGE_CHECK(info.complete, "merge: ", f.string(), " (", part, ") is not complete: ", info.samples_complete, " of ",
                   info.spec.n_trajectories, " samples; finish it with simforge generate CONFIG --shard ", info.spec.shard.index,
                   "/", info.spec.shard.count, " --resume");
    shards.push_back({f, info});
  }
  const Shard& ref = shards.front();
  const DatasetSpec whole = as_whole(ref.info.spec);
  std::map<std::size_t, const Shard*> by_index;
  for (const Shard& s : shards) {
    const ShardInfo& si = s.info.spec.shard;
    SIMFORGE_CHECK(si.count == ref.info.spec.shard.count, "merge: ", s.file.string(), " is shard ", si.index, " of ", si.count, ", but ",
                   ref.file.string(), " is shard ", ref.info.spec.shard.index, " of ", ref.info.spec.shard.count);
    const std::string diff = spec_difference(as_whole(s.info.spec), whole);
    SIMFORGE_CHECK(diff.empty(), "merge: ", s.file.string(), " is not a shard of the same dataset as ", ref.file.string(), " (",
                   diff, ")");
    const auto [it, fresh] = by_index.emplace(si.index, &s);
    SIMFORGE_CHECK(fresh, "merge: ", it->second->file.string(), " and ", s.file.string(), " are both shard ", si.index, " of ", si.count);
  }
  const std::size_t count = ref.info.spec.shard.count;
  std::string absent;
  const std::optional<fs::path> dataset = dataset_of_shard(ref.file);
  for (std::size_t i = 0; i < count; ++i) {
    if (by_index.count(i)) continue;
    absent += absent.empty() ? "" : "; ";
    absent += "shard " + std::to_string(i);
    if (!dataset) continue;
    const fs::path expected = shard_path(*dataset, i, count);
    absent += " (" + expected.string();
    std::error_code ec;
    if (fs::exists(partial_path(expected), ec))
      absent += ": interrupted, " + partial_path(expected).string() + " exists; finish it with simforge generate CONFIG --shard " +
                std::to_string(i) + "/" + std::to_string(count) + " --resume";
    else if (fs::exists(expected, ec))
      absent += ": exists but was not given";
    absent += ")";
  }
  SIMFORGE_CHECK(absent.empty(), "merge: ", count - by_index.size(), " of ", count, " shards missing: ", absent);

  std::vector<Shard> ordered;
  std::size_t next = 0;
  for (const auto& [i, s] : by_index) {
    const ShardInfo& si = s->info.spec.shard;
    SIMFORGE_CHECK(si.first_sample == next, "merge: ", s->file.string(), " (", shard_text(s->info.spec), ") does not start where shard ",
                   i - 1, " ends (sample ", next, ")");
    next += s->info.spec.n_trajectories;
    ordered.push_back(*s);
  }
  SIMFORGE_CHECK(next == whole.n_trajectories, "merge: the shards hold ", next, " samples, the dataset ", whole.n_trajectories);
  return ordered;
}

// Copies each shard's samples into the writer, in blocks of bounded memory.
void copy_samples(const Shard& shard, DatasetWriter& writer) {
  const DatasetReader r(shard.file);
  const DatasetSpec& s = r.info().spec;
  const std::vector<std::string> fields = s.field_names();
  const std::size_t sample = s.sample_size();
  const std::size_t block = std::clamp<std::size_t>(copy_block_bytes / (sample * fields.size() * sizeof(float)), 1, s.n_trajectories);
  std::vector<std::vector<double>> scalars, diagnostics;
  for (const auto& n : s.sample_scalars) scalars.push_back(r.read_scalar(n));
  for (const auto& n : s.diagnostics) diagnostics.push_back(r.read_diagnostic(n));
  std::vector<std::vector<float>> data(fields.size());
  for (std::size_t first = 0; first < s.n_trajectories; first += block) {
    const std::size_t count = std::min(block, s.n_trajectories - first);
    SampleBlock b;
    b.first = s.shard.first_sample + first;
    b.count = count;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      data[f].resize(count * sample);
      for (std::size_t i = 0; i < count; ++i) {
        const std::vector<float> x = r.read_sample(fields[f], first + i);
        std::copy(x.begin(), x.end(), data[f].begin() + std::ptrdiff_t(i * sample));
      }
      b.fields.push_back(data[f].data());
    }
    for (const auto& v : scalars) b.scalars.push_back(v.data() + first);
    for (const auto& v : diagnostics) b.diagnostics.push_back(v.data() + first);
    writer.write(b);
  }
}

}  // namespace

fs::path shard_path(const fs::path& dataset, std::size_t index, std::size_t count) {
  const std::string ext = dataset.has_extension() ? dataset.extension().string() : ".h5";
  fs::path p = dataset;
  p.replace_filename(dataset.stem().string() + ".shard-" + std::to_string(index) + "-of-" + std::to_string(count) + ext);
  return p;
}

std::optional<fs::path> dataset_of_shard(const fs::path& shard) {
  std::smatch m;
  const std::string name = shard.filename().string();
  if (!std::regex_match(name, m, shard_name())) return std::nullopt;
  fs::path p = shard;
  p.replace_filename(m[1].str() + (m[4].matched ? m[4].str() : ""));
  return p;
}

MergeReport merge_shards(const std::vector<fs::path>& files, const fs::path& output, const MergeOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  const std::vector<Shard> shards = open_shards(files);
  const DatasetSpec whole = as_whole(shards.front().info.spec);
  const OutputLock lock(output, files, options.overwrite, "dataset");
  if (options.mode == MergeMode::virtual_dataset) {
    // Relative names: the merged file and its shards can move together.
    const fs::path folder = fs::absolute(output).parent_path();
    std::vector<ShardSource> sources;
    for (const Shard& s : shards)
      sources.push_back({fs::absolute(s.file).lexically_normal().lexically_relative(folder.lexically_normal()).string(),
                         s.info.spec.shard.first_sample, s.info.spec.n_trajectories});
    DatasetWriter::create_merged(output, whole, sources, options.overwrite).finish();
    const DatasetInfo merged = DatasetReader(output).info();  // every shard reachable through the merged file
    SIMFORGE_CHECK(merged.samples_complete == whole.n_trajectories, "merge: ", output.string(), " reads ", merged.samples_complete,
                   " of ", whole.n_trajectories, " samples as complete through its shards");
  } else {
    DatasetWriter writer = DatasetWriter::create(output, whole, options.overwrite);
    try {
      for (const Shard& s : shards) copy_samples(s, writer);
    } catch (...) {
      std::error_code ec;
      fs::remove(partial_path(output), ec);  // a merge is redone from the shards, never resumed
      throw;
    }
    writer.finish();
  }
  MergeReport report;
  report.path = output.string();
  report.shards = shards.size();
  report.samples = whole.n_trajectories;
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace simforge::io
