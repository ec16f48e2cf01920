// Corrupt input never crashes the process: random single-byte corruptions and truncations of a
// small dataset (plain, and with gzip + Fletcher-32 checksums), of a model file and of a training
// checkpoint, each opened and read the way `info`, `train` and `eval` read them. Every case must
// end in a one-line simforge::Error or in success (the damage was harmless); a crash or hang fails
// the whole test binary. Fixed seed, bounded case count; the counts are printed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <random>

#include "io/checkpoint.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "kernels/error.hpp"

namespace simforge::io {
namespace {

namespace fs = std::filesystem;

fs::path scratch() {
  const fs::path d = fs::temp_directory_path() / ("simforge_fuzz_" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

// 3 samples of two fields on 8 x 8, 4 frames, a per-sample scalar and a diagnostic.
fs::path small_dataset(const fs::path& dir, StorageOptions storage, const std::string& name) {
  DatasetSpec s;
  s.dataset_name = "fuzz";
  s.spatial_dims = {"y", "x"};
  s.spatial_shape = {8, 8};
  s.coordinates = {std::vector<double>(8, 0.0), std::vector<double>(8, 0.0)};
  for (int i = 0; i < 8; ++i) s.coordinates[0][i] = s.coordinates[1][i] = i / 8.0;
  s.boundaries = {AxisBoundary{}, AxisBoundary{{"WALL", "dirichlet", 1.0}, {"OPEN", "open", 0.0}}};
  s.times = {0.0, 0.1, 0.2, 0.3};
  s.n_trajectories = 3;
  s.t0_fields = {"u", "v"};
  s.constant_parameters = {"nu"};
  s.constant_values = {0.01};
  s.sample_scalars = {"amplitude"};
  s.diagnostics = {"max_cfl"};
  s.config_yaml = "name: fuzz\nseed: 1\n";
  s.storage = storage;
  const fs::path path = dir / name;
  DatasetWriter w = DatasetWriter::create(path, s, true);
  std::vector<float> u(3 * s.sample_size()), v(u.size());
  for (std::size_t i = 0; i < u.size(); ++i) u[i] = float(i) * 0.5f, v[i] = -float(i);
  const std::vector<double> amplitude = {1, 2, 3}, cfl = {0.1, 0.2, 0.3};
  w.write({0, 3, {u.data(), v.data()}, {amplitude.data()}, {cfl.data()}});
  w.finish();
  return path;
}

fs::path small_checkpoint(const fs::path& dir, bool optimizer, const std::string& name) {
  Checkpoint c;
  c.config_yaml = "name: fuzz\nmodel: {type: fno}\n";
  c.dataset = "data.h5";
  c.dataset_identity = "created 2026-01-01T00:00:00Z, config 1, 3 samples";
  c.fields = {"u"};
  c.history = 2;
  c.step = 7;
  c.parameters.assign(500, 0.25f);
  if (optimizer) c.optimizer_state = {{"adam_m", std::vector<float>(500, 0.1f)}, {"adam_v", std::vector<float>(500, 0.01f)}};
  c.norm_mean = {0.5f};
  c.norm_std = {2.0f};
  c.train = {0, 1};
  c.val = {2};
  const fs::path path = dir / name;
  write_checkpoint(path, c);
  return path;
}

// What the commands read of a dataset: the layout, every scalar and diagnostic, every field's data.
void read_dataset(const fs::path& p) {
  const DatasetReader r(p);
  for (const auto& s : r.info().spec.sample_scalars) r.read_scalar(s);
  for (const auto& d : r.info().spec.diagnostics) r.read_diagnostic(d);
  for (const auto& f : r.field_names()) r.field_stats(f);
}

struct Counts {
  int cases = 0, errors = 0, harmless = 0;
  int stopped = 0;  // errors where HDF5 looped and the probe's time limit stopped it
};

Counts fuzz(const fs::path& original, const std::function<void(const fs::path&)>& read, std::uint32_t seed) {
  std::ifstream in(original, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::mt19937 rng(seed);
  Counts c;
  for (int i = 0; i < 1100; ++i) {
    const fs::path damaged = original.string() + ".damaged" + std::to_string(i) + ".h5";
    std::string b = bytes;
    if (i < 1000) b[rng() % b.size()] ^= char(1 + rng() % 255);  // one byte changed
    else b.resize(rng() % b.size());                            // truncated
    std::ofstream(damaged, std::ios::binary) << b;
    if (const char* keep = std::getenv("SIMFORGE_FUZZ_KEEP"); keep && std::atoi(keep) == i) fs::copy_file(damaged, "/tmp/fuzz_kept" + std::to_string(seed) + ".h5", fs::copy_options::overwrite_existing);
    ++c.cases;
    if (std::getenv("SIMFORGE_FUZZ_TRACE"))
      std::fprintf(stderr, "case %d %.3f\n", i,
                   std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count());
    const auto start = std::chrono::steady_clock::now();
    try {
      read(damaged);
      ++c.harmless;
    } catch (const Error& e) {
      const std::string m = e.what();
      EXPECT_EQ(m.find('\n'), std::string::npos) << "a multi-line error: " << m;
      ++c.errors;
      c.stopped += m.find("did not finish") != std::string::npos;
    }
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10)) << "case " << i << " took too long";
    fs::remove(damaged);
  }
  return c;
}

void report(const char* what, const Counts& c) {
  std::printf("[fuzz] %-34s %d cases: %d errors (%d of them HDF5 loops stopped by the time limit), %d harmless, 0 crashes\n", what,
              c.cases, c.errors, c.stopped, c.harmless);
}

// A damaged file that makes HDF5 loop is stopped after the probe's timeout: 3 s here (healthy
// files need milliseconds), so that the suite stays short.
struct ShortProbe {
  ShortProbe() { ::setenv("SIMFORGE_PROBE_TIMEOUT", "3", 1); }
  ~ShortProbe() { ::unsetenv("SIMFORGE_PROBE_TIMEOUT"); }
};

TEST(CorruptionFuzz, DatasetsNeverCrashTheReader) {
  const ShortProbe short_probe;
  const fs::path dir = scratch();
  const Counts plain = fuzz(small_dataset(dir, {}, "plain.h5"), read_dataset, 1);
  report("dataset", plain);
  const Counts checked = fuzz(small_dataset(dir, {4, true}, "checked.h5"), read_dataset, 2);
  report("dataset, gzip + Fletcher-32", checked);
  // Checksums turn most damage to the data into a detected error.
  EXPECT_GT(checked.errors, plain.errors);
  fs::remove_all(dir);
}

TEST(CorruptionFuzz, ModelFilesAndCheckpointsNeverCrashTheReader) {
  const ShortProbe short_probe;
  const fs::path dir = scratch();
  auto read = [](const fs::path& p) { read_checkpoint(p); };
  report("model file (inference only)", fuzz(small_checkpoint(dir, false, "model.h5"), read, 3));
  report("checkpoint (with optimizer state)", fuzz(small_checkpoint(dir, true, "checkpoint.h5"), read, 4));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace simforge::io
