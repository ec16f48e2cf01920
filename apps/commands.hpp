#pragma once
#include <cstdint>
#include <cstddef>
#include <optional>
#include <string>

namespace simforge::io {
struct EvalReport;
}

namespace simforge::app {

// The evaluation summary `eval` and `run` print.
void print_evaluation(const io::EvalReport& r);

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

int run_generate(const GenerateArgs& args);
struct PredictArgs {
  std::string model;
  std::optional<std::string> dataset, output;
  std::size_t sample = 0;
  std::optional<std::size_t> steps;
};

int run_eval(const EvalArgs& args);
int run_predict(const PredictArgs& args);
int run_pipeline(const std::string& pipeline);
int run_train(const TrainArgs& args);
int run_info(const std::string& file);

}  // namespace simforge::app
