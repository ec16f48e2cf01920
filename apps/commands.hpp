#pragma once
#include <cstdint>
#include <cstddef>
#include <optional>
#include <string>

namespace simforge {
class Stream;
namespace workflows {
struct EvalReport;
}
}  // namespace simforge

namespace simforge::app {

// The evaluation summary `eval` and `run` print.
void print_evaluation(const workflows::EvalReport& r);

struct GenerateArgs {
  std::string config;
  std::optional<std::string> output;
  std::optional<std::size_t> samples, batch;
  std::optional<std::uint64_t> seed;
  bool resume = false, overwrite = false;
};

struct TrainArgs {
  std::string config;
  std::optional<std::string> output;
  std::optional<std::size_t> epochs, stop_after;
  bool resume = false;
};

struct EvalArgs {
  std::string model;
  std::optional<std::string> dataset, json;
  std::string split = "test";
  std::optional<std::size_t> max_samples;
  bool no_solver = false;
};

// Each command runs its workflow on `stream` (created once in main, on the selected device).
int run_generate(const GenerateArgs& args, const Stream& stream);
struct PredictArgs {
  std::string model;
  std::optional<std::string> dataset, output;
  std::size_t sample = 0;
  std::optional<std::size_t> steps;
};

int run_eval(const EvalArgs& args, const Stream& stream);
int run_predict(const PredictArgs& args, const Stream& stream);
int run_pipeline(const std::string& pipeline, const Stream& stream);
int run_train(const TrainArgs& args, const Stream& stream);
int run_info(const std::string& file);

}  // namespace simforge::app
