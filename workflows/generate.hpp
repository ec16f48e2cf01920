#pragma once
// Generation: a range of samples of a config into a sink, in batches through a Simulation; a
// dataset file is the usual sink (generate_dataset: crash-safe, resumable, committed when
// complete). Shards and MPI ranks are ranges into their own sinks.
#include <chrono>
#include <filesystem>
#include <vector>
#include <functional>
#include <string>

#include "config/generate_config.hpp"
#include "io/dataset_spec.hpp"
#include "io/sample_sink.hpp"
#include "kernels/device.hpp"

namespace simforge::workflows {

struct SampleRange {
  std::size_t first = 0, count = 0;
};

// Part `index` (from 0) of `count` of a dataset. Part 0 of 1 is the whole dataset.
struct Shard {
  std::size_t index = 0, count = 1;
};

struct GenerateOptions {
  bool resume = false;     // continue `<out>.partial`
  bool overwrite = false;  // replace an existing `<out>` (only when the new one is complete)
  std::vector<std::filesystem::path> inputs;  // files the run reads (its config): never written
  Shard shard;             // a shard is written to io::shard_path(<out>, index, count)
  bool overlap_output = true;  // store batch k on a writer thread while batch k + 1 computes
};

// The samples of a shard: whole batches of config.batch, as evenly spread as batches allow, so that
// every batch a shard solves is a batch of the single-process run, and its samples equal that
// run's bit for bit. Fails when there are fewer batches than shards.
SampleRange shard_range(const config::GenerateConfig& config, Shard shard);
// Where a run writes: the config's output path, or the shard's file beside it.
std::filesystem::path output_file(const config::GenerateConfig& config, Shard shard);

struct GenerateProgress {
  std::size_t done = 0, total = 0;  // samples of the range stored
  std::size_t computed = 0;         // samples computed in this run (excludes resumed ones)
  double seconds = 0;               // wall time of this run
};
using GenerateCallback = std::function<void(const GenerateProgress&)>;

struct GenerateReport {
  bool nothing_to_do = false;       // the output was already complete
  std::size_t resumed = 0;          // samples found complete in the .partial file
  std::size_t computed = 0;
  double seconds = 0;
  std::string path;
};

// The dataset layout a config (or one shard of it) produces (shapes, names, boundaries, provenance).
io::DatasetSpec dataset_spec(const config::GenerateConfig& config, Shard shard = {});

// Computes the samples of `range` that `sink` does not have yet, in batches of config.batch, and
// writes them to it. Returns how many were computed. `overlap`: the sink's write() runs on a
// writer thread, one batch behind the computation (the sink must then not mind another thread).
std::size_t generate_samples(const config::GenerateConfig& config, SampleRange range, io::SampleSink& sink, const Stream& stream,
                             const GenerateCallback& progress = {}, bool overlap = false);

// True when a resumed run (options.resume, not overwrite) has nothing to do: its output is complete
// and holds this configuration's dataset. Throws if the output is complete but holds another.
bool output_complete(const config::GenerateConfig& config, const GenerateOptions& options);

// The whole dataset of `config` (or one shard of it, options.shard) into output_file(), under an output lock. Refuses to start
// when the file would not fit on its disk; a complete output made with another configuration is
// an error unless `overwrite`; a `.partial` this call created is removed if it fails before any
// sample is stored.
GenerateReport generate_dataset(const config::GenerateConfig& config, const GenerateOptions& options, const Stream& stream,
                                const GenerateCallback& progress = {});

}  // namespace simforge::workflows
