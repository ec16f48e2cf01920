#include "workflows/export.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <unistd.h>

#include "io/commit.hpp"
#include "io/dataset_reader.hpp"
#include "io/output_lock.hpp"
#include "io/pdebench_export.hpp"
#include "io/well_export.hpp"
#include "io/xdmf.hpp"
#include "kernels/error.hpp"
#include "kernels/philox.hpp"
#include "kernels/strings.hpp"

namespace simforge::workflows {

namespace fs = std::filesystem;

namespace {

// Only finished datasets are exported: a .partial file would give splits with holes.
io::DatasetReader open_complete(const fs::path& dataset) {
  io::DatasetReader r(dataset);
  SIMFORGE_CHECK(r.info().complete, dataset.string(), " is not complete (", r.info().samples_complete, " of ",
                 r.info().spec.n_trajectories, " trajectories): finish it with simforge generate --resume first");
  return r;
}

// True when `path` lies inside `folder` (both resolved as far as they exist).
bool inside(const fs::path& path, const fs::path& folder) {
  const fs::path p = fs::weakly_canonical(path), f = fs::weakly_canonical(folder);
  auto [fi, pi] = std::mismatch(f.begin(), f.end(), p.begin(), p.end());
  return fi == f.end();
}

std::string index_list(const std::vector<std::size_t>& v) { return bracketed(v); }

}  // namespace

std::vector<WellSplit> well_splits(std::size_t n, double train, double valid, std::uint64_t seed) {
  SIMFORGE_CHECK(train > 0 && valid >= 0 && train + valid <= 1 + 1e-12, "split fractions train ", train, ", valid ", valid,
                 ": allowed train in (0, 1], valid in [0, 1), train + valid <= 1");
  const std::size_t n_train = std::min<std::size_t>(n, std::size_t(std::llround(train * double(n))));
  const std::size_t n_valid = std::min<std::size_t>(n - n_train, std::size_t(std::llround(valid * double(n))));
  SIMFORGE_CHECK(n_train >= 1, "split: ", n, " trajectories leave none for training at train fraction ", train);
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  const PhiloxStream rng(seed, 0, 0x5317u);  // Fisher-Yates, one draw per position
  for (std::size_t i = n; i-- > 1;) std::swap(order[i], order[std::min(i, std::size_t(rng.uniform(i) * double(i + 1)))]);
  auto part = [&](std::size_t from, std::size_t count) {
    std::vector<std::size_t> v(order.begin() + std::ptrdiff_t(from), order.begin() + std::ptrdiff_t(from + count));
    std::sort(v.begin(), v.end());
    return v;
  };
  return {{"train", part(0, n_train)}, {"valid", part(n_train, n_valid)}, {"test", part(n_train + n_valid, n - n_train - n_valid)}};
}

WellExportReport export_well(const fs::path& dataset, const WellExportOptions& o, const ExportCallback& progress) {
  const io::DatasetReader source = open_complete(dataset);
  const io::DatasetSpec& spec = source.info().spec;
  WellExportReport report{.folder = o.directory / spec.dataset_name,
                          .splits = well_splits(spec.n_trajectories, o.train, o.valid, o.seed)};
  SIMFORGE_CHECK(fs::is_directory(o.directory), "export directory ", o.directory.string(), " does not exist");
  SIMFORGE_CHECK(!inside(dataset, report.folder), "the export would replace ", report.folder.string(),
                 ", which holds its input ", dataset.string(), ": export to another directory");
  const io::OutputLock lock(report.folder, {dataset}, o.overwrite, "export folder", /*folder=*/true);

  const fs::path work = io::partial_path(report.folder);
  fs::remove_all(work);  // a previous interrupted export: start again
  for (const WellSplit& s : report.splits) {
    const fs::path folder = work / "data" / s.name;
    fs::create_directories(folder);
    if (s.samples.empty()) continue;
    io::copy_samples(source, s.samples, folder / (spec.dataset_name + ".hdf5"), false, [&](std::size_t done, std::size_t total) {
      if (progress) progress({s.name + " split", done, total});
    });
  }
  if (progress) progress({"stats", 0, report.splits[0].samples.size()});
  io::write_text_file(work / "stats.yaml", io::well_stats_yaml(source.info().spec, io::well_stats(source, report.splits[0].samples)));
  if (progress) progress({"stats", report.splits[0].samples.size(), report.splits[0].samples.size()});
  std::ostringstream y;
  y << "# Which trajectory of the source dataset each split holds, in file order (simforge export well)\n"
    << "source: " << fs::absolute(dataset).string() << "\nseed: " << o.seed << "\n";
  for (const WellSplit& s : report.splits) y << s.name << ": " << index_list(s.samples) << "\n";
  io::write_text_file(work / "splits.yaml", y.str());
  io::commit_folder(work, report.folder);
  return report;
}

std::string export_pdebench(const fs::path& dataset, const PdebenchExportOptions& o, const ExportCallback& progress) {
  const io::DatasetReader source = open_complete(dataset);
  const io::DatasetSpec& spec = source.info().spec;
  const io::PdebenchLayout& layout = o.layout.empty() ? io::pdebench_layout_for(spec) : io::pdebench_layout(o.layout);
  const std::string why = layout.unsuitable(spec);
  SIMFORGE_CHECK(why.empty(), "PDEBench layout '", layout.name, "' does not fit ", dataset.string(), ": ", why);
  const io::OutputLock lock(o.output, {dataset}, o.overwrite, "PDEBench file");
  io::write_and_commit(o.output, [&](const fs::path& tmp) {
    layout.write(source, tmp, [&](std::size_t done, std::size_t total) {
      if (progress) progress({"pdebench " + layout.name, done, total});
    });
  });
  return layout.name;
}

fs::path export_xdmf(const fs::path& dataset, const XdmfExportOptions& o) {
  const io::DatasetReader source = open_complete(dataset);
  const io::DatasetSpec& spec = source.info().spec;
  const fs::path out = o.output.value_or(fs::path(dataset.string() + ".xmf"));
  // The sidecar names the HDF5 file relative to itself, so the two can move together.
  const fs::path folder = fs::absolute(out).parent_path();
  const std::string reference = fs::relative(fs::absolute(dataset), folder).string();
  const std::size_t count = o.samples.value_or(spec.n_trajectories);
  SIMFORGE_CHECK(count >= 1 && count <= spec.n_trajectories, "--samples ", count, ": allowed 1 to ", spec.n_trajectories,
                 " (the dataset's trajectories)");
  const io::OutputLock lock(out, {dataset}, o.overwrite, "XDMF sidecar");
  io::write_text_file(out, io::xdmf_document(spec, reference, 0, count));
  return out;
}

}  // namespace simforge::workflows
