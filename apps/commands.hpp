#pragma once
#include <cstdint>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace simforge {
class Stream;
namespace workflows {
struct EvalReport;
struct Shard;
}
}  // namespace simforge

namespace simforge::app {

// The evaluation summary `eval` and `run` print.
void print_evaluation(const workflows::EvalReport& r);

// Command-line values that override config keys are kept as text: they go through the config's
// key table, with its checks, like the file's own values.
struct GenerateArgs {
  std::string config;
  std::optional<std::string> output, samples, batch, seed;
  std::optional<std::string> shard;  // I/N or slurm
  std::string merge = "copy";        // an MPI job's merge of its ranks' shards: copy or virtual
  bool resume = false, overwrite = false;
  std::string resume_command;  // this command line with --resume (for the interrupt note)
};

// `--shard I/N` (shard I, from 0, of N) or `--shard slurm` (from the SLURM_ARRAY_TASK_* variables).
workflows::Shard parse_shard(const std::string& text);

// `simforge merge SHARD...`: complete shards into one dataset.
struct MergeArgs {
  std::vector<std::string> shards;
  std::optional<std::string> output;  // default: the shards' dataset name (ns.shard-0-of-4.h5 -> ns.h5)
  bool virtual_dataset = false, overwrite = false;
};
int run_merge(const MergeArgs& args);

struct TrainArgs {
  std::string config;
  std::optional<std::string> output, epochs, data;
  std::optional<std::size_t> stop_after;
  bool resume = false, overwrite = false;
  std::string resume_command;
};

struct EvalArgs {
  std::string model;
  std::optional<std::string> dataset, json;
  std::string split = "test";
  std::optional<std::size_t> max_samples;
  bool no_solver = false, overwrite = false;
};

class MpiSession;
// Each command runs its workflow on `stream` (created once in main, on the selected device).
int run_generate(const GenerateArgs& args, const Stream& stream, const MpiSession& mpi);
struct PredictArgs {
  std::string model;
  std::optional<std::string> dataset, output;
  std::size_t sample = 0;
  std::optional<std::size_t> steps;
  bool overwrite = false;
};

struct RunArgs {
  std::string pipeline;
  bool overwrite = false;
};

// `simforge export FORMAT DATASET`: format is well, pdebench or xdmf.
struct ExportArgs {
  std::string format, dataset, output, layout;
  double train = 0.8, valid = 0.1;
  std::uint64_t seed = 0;
  std::optional<std::size_t> samples;
  bool overwrite = false;
};

// `simforge plot FILE`: a dataset, a prediction file or an evaluation report to a PNG.
struct PlotArgs {
  std::string file;
  std::optional<std::string> output;
  std::size_t sample = 0, frames = 5;
  bool overwrite = false;
};
int run_plot(const PlotArgs& args);

int run_eval(const EvalArgs& args, const Stream& stream);
int run_export(const ExportArgs& args);
int run_predict(const PredictArgs& args, const Stream& stream);
int run_pipeline(const RunArgs& args, const Stream& stream);
int run_train(const TrainArgs& args, const Stream& stream, MpiSession& mpi);
int run_info(const std::string& file);

}  // namespace simforge::app
