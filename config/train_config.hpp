#pragma once
// The `simforge train` configuration: YAML parsed into typed structs through one key table
// (train_config.cpp), in the generate config's style. The effective configuration (every default
// filled in) is stored in each model file, so that a model file alone says how it was trained and
// how to run it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config/key_table.hpp"
#include "data/training_data.hpp"
#include "kernels/dnn.hpp"
#include "surrogate/model_config.hpp"
#include "surrogate/trainer.hpp"

namespace simforge::config {

using TrainDataConfig = data::DataSelection;

struct TrainConfig {
  std::string name = "surrogate";
  std::uint64_t seed = 0;
  TrainDataConfig data;
  surrogate::ModelConfig model;       // channels are filled in from the data when training starts
  bool increment = false;             // predict the change from the last input frame
  // training
  std::size_t epochs = 10;
  std::size_t batch = 16;
  surrogate::TrainOptions options;    // total_steps is derived from epochs and the data
  bool deterministic = true;
  dnn::MathMode math = dnn::MathMode::Fp32;
  // output
  std::string output_path;            // the model file (HDF5; also the checkpoint)
  std::size_t checkpoint_every = 100; // steps; 0: only at the end of training
  std::string metrics_path;           // JSON lines, one per epoch

  std::string effective_yaml() const;
};

// The key table of a train config (also the `train:` section of a pipeline).
const Table<TrainConfig>& train_table();

TrainConfig parse_train_config(const std::string& yaml_text, const std::string& source, const Overrides& overrides = {});
TrainConfig load_train_config(const std::filesystem::path& path, const Overrides& overrides = {});

}  // namespace simforge::config
