#pragma once
// The `simforge train` configuration: YAML parsed into typed structs in config.cpp's style
// (unknown keys and bad values are errors naming the key, the value and what is allowed). The
// effective configuration (every default filled in) is stored in each model file, so that a
// model file alone says how it was trained and how to run it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kernels/dnn.hpp"
#include "surrogate/model.hpp"
#include "surrogate/trainer.hpp"

namespace simforge::io {

struct TrainDataConfig {
  std::string path;                   // HDF5 dataset from `simforge generate`
  std::vector<std::string> fields;    // empty: every t0 field of the dataset
  std::vector<std::string> scalars;   // per-sample scalars fed as constant channels
  int history = 1;                    // input frames per field
  double train_fraction = 0.8, val_fraction = 0.1;  // by sample index: train, then val, then test
};

struct TrainConfig {
  std::string name = "surrogate";
  std::uint64_t seed = 0;
  TrainDataConfig data;
  surrogate::ModelConfig model;       // channels are filled in from the data when training starts
  bool increment = false;             // predict the change from the last input frame
  // training
  std::size_t epochs = 10;
  std::size_t batch = 16;
  std::string optimizer = "adamw";
  surrogate::TrainOptions options;    // total_steps is derived from epochs and the data
  bool deterministic = true;
  dnn::MathMode math = dnn::MathMode::Fp32;
  // output
  std::string output_path;            // the model file (HDF5; also the checkpoint)
  std::size_t checkpoint_every = 100; // steps; 0: only at the end of training
  std::string metrics_path;           // JSON lines, one per epoch

  std::string effective_yaml() const;
};

TrainConfig parse_train_config(const std::string& yaml_text, const std::string& source);
TrainConfig load_train_config(const std::filesystem::path& path);

}  // namespace simforge::io
