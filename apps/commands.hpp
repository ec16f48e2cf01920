#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace simforge::app {

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

int run_generate(const GenerateArgs& args);
int run_train(const TrainArgs& args);
int run_info(const std::string& file);

}  // namespace simforge::app
