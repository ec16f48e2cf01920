// Overlapped output: a whole generation into a crash-safe dataset file, with each batch stored on
// the caller's thread after it is computed (the peer) and on a writer thread while the next batch
// computes (Simforge's default). Prints samples/s of both, median over interleaved runs, and
// their ratio; the two files are checked to hold the same samples.
// Usage: bench_generate_output [--config FILE.yaml] [--samples N] [--reps 5] [--dir /tmp]
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "bench_support.hpp"
#include "config/generate_config.hpp"
#include "io/dataset_reader.hpp"
#include "io/dataset_writer.hpp"
#include "kernels/device.hpp"
#include "workflows/generate.hpp"

using namespace simforge;
namespace fs = std::filesystem;

namespace {

// Output-heavy by default: a cheap spectral step (the 2D heat equation at 128^2, one diffusivity)
// with every step saved, 3.2 MiB per sample, so that storing a batch is a real part of its time.
const char* default_config =
    "name: bench_output\nseed: 1\nsamples: 32\nbatch: 8\n"
    "pde: {type: diffusion, diffusivity: 5.0e-3}\n"
    "grid: {n: [128, 128]}\ntime: {dt: 1.0e-2, t_end: 0.5, save_interval: 0.01, stepper: etdrk4}\n"
    "initial_condition: {type: fourier_series, max_wavenumber: 16, decay: 0.5}\n";

// The dataset writer, with the time spent in its write() counted.
struct TimedSink final : io::SampleSink {
  io::SampleSink& target;
  double seconds = 0;
  explicit TimedSink(io::SampleSink& t) : target(t) {}
  bool has_sample(std::size_t i) const override { return target.has_sample(i); }
  void write(const io::SampleBlock& b) override { seconds += bench::median_seconds(1, [&] { target.write(b); }); }
};

// samples/s of one whole generation; `store_share` receives the fraction of it spent storing.
double run_once(const config::GenerateConfig& c, const fs::path& out, bool overlap, const Stream& stream, double* store_share = nullptr) {
  double stored = 0;
  const double seconds = bench::median_seconds(1, [&] {
    io::DatasetWriter w = io::DatasetWriter::create(out, workflows::dataset_spec(c), true);
    TimedSink timed(w);
    workflows::generate_samples(c, {0, c.samples}, timed, stream, {}, overlap);
    w.finish();
    stored = timed.seconds;
  });
  if (store_share) *store_share = stored / seconds;
  return double(c.samples) / seconds;
}

}  // namespace

int main(int argc, char** argv) try {
  std::map<std::string, std::string> a = {{"reps", "5"}, {"dir", fs::temp_directory_path().string()}};
  for (int i = 1; i + 1 < argc; i += 2) a[argv[i] + 2] = argv[i + 1];
  config::Overrides overrides;
  if (a.count("samples")) overrides.emplace_back("samples", a["samples"]);
  const config::GenerateConfig c = a.count("config") ? config::load_generate_config(a["config"], overrides)
                                                     : config::parse_generate_config(default_config, "bench", overrides);
  const fs::path dir = fs::path(a["dir"]) / ("simforge_bench_output_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path inline_out = dir / "inline.h5", overlap_out = dir / "overlap.h5";
  Stream stream;
  run_once(c, inline_out, false, stream);  // warm-up: plans, page cache
  std::vector<double> inline_rate, overlap_rate, share;
  for (int r = 0; r < std::stoi(a["reps"]); ++r) {  // interleaved, so drifts hit both alike
    share.push_back(0);
    inline_rate.push_back(run_once(c, inline_out, false, stream, &share.back()));
    overlap_rate.push_back(run_once(c, overlap_out, true, stream));
  }
  const io::DatasetReader x(inline_out), y(overlap_out);
  bool same = true;
  for (std::size_t i = 0; i < c.samples; ++i)
    for (const auto& f : x.field_names()) same = same && x.read_sample(f, i) == y.read_sample(f, i);
  const double mib = double(io::DatasetReader(inline_out).info().spec.sample_size()) * double(x.field_names().size()) * 4.0 /
                     double(1u << 20);
  std::printf("generate %s: %zu samples in batches of %zu (%.2f MiB each) on %s, %s reps\n", c.name.c_str(), c.samples, c.batch, mib,
              device::description().c_str(), a["reps"].c_str());
  std::printf("  stored after each batch (peer): %.3g samples/s  (storing is %.0f%% of its time: the most overlap can hide)\n",
              bench::median(inline_rate), 100 * bench::median(share));
  std::printf("  overlapped writer thread:       %.3g samples/s  (%.2fx)  files identical: %s\n", bench::median(overlap_rate),
              bench::median(overlap_rate) / bench::median(inline_rate), same ? "yes" : "NO");
  fs::remove_all(dir);
  return same ? 0 : 1;
} catch (const std::exception& e) {
  std::fprintf(stderr, "bench_generate_output: %s\n", e.what());
  return 1;
}
