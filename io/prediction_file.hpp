#pragma once
// A surrogate's rollout from one dataset sample, and its HDF5 file (simforge predict -o).
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace simforge::io {

struct Prediction {
  std::string model, dataset;
  std::size_t sample = 0, history = 0, steps = 0;
  std::size_t truth_steps = 0;             // predicted frames that the dataset also has (scored)
  std::vector<std::string> fields;
  int h = 1, w = 0;
  std::vector<float> frames;               // [steps, fields, h, w], physical units
  std::vector<float> truth;                // [truth_steps, fields, h, w]
  std::vector<double> nrmse_per_step;      // [truth_steps]: per field ||e|| / ||u||, averaged over fields
  double seconds = 0;                      // the rollout's wall time on the device (not stored)
};

// HDF5: prediction/<field> [steps, (h,) w] float32, truth/<field> [truth_steps, (h,) w],
// nrmse_per_step [truth_steps]; root attributes model, dataset, sample, history, steps. Written
// under a temporary name and renamed into place.
void write_prediction(const std::filesystem::path& path, const Prediction& p);

}  // namespace simforge::io
