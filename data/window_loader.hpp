#pragma once
// Training windows from an HDF5 dataset, read ahead on a background thread into pinned host
// buffers (kernels' HostBuffer is page-locked in the CUDA build), so that the device copies can
// run asynchronously and the training step never waits for the file while the reader keeps up.
//
// Windows are assembled by data/windows.hpp (inputs and `unroll` target frames), normalized with
// the statistics stored in the model file.
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "data/windows.hpp"
#include "kernels/buffer.hpp"
#include "surrogate/normalization.hpp"

namespace simforge::data {

struct LoaderSpec {
  std::filesystem::path dataset;
  std::vector<std::string> fields, scalars;  // a steady map's inputs, then its targets
  int history = 1, unroll = 1;
  surrogate::Normalization normalization;
  int targets = 0;                           // > 0: a steady map (surrogate::WindowLayout)
  int coordinates = 0;                       // grid-coordinate input channels
  surrogate::WindowLayout layout() const { return {int(fields.size()), history, int(scalars.size()), targets, coordinates}; }
};

struct HostBatch {
  HostBuffer<float> input;    // [n, in_channels, h, w]
  HostBuffer<float> targets;  // [target_frames, n, out_channels, h, w]
  std::size_t count = 0;
};

class WindowLoader {
 public:
  // Reads batches[i] in order, up to `depth` batches ahead of the consumer.
  WindowLoader(LoaderSpec spec, std::vector<std::vector<WindowRef>> batches, std::size_t depth = 2);
  ~WindowLoader();  // stops the reader and joins it
  WindowLoader(const WindowLoader&) = delete;
  WindowLoader& operator=(const WindowLoader&) = delete;

  // The next batch, waiting if the reader is behind; nullptr after the last. The batch stays valid
  // until the next call. Rethrows the reader's error (unreadable file, bad window).
  const HostBatch* next();
  double wait_seconds() const { return wait_s_; }  // time next() spent waiting for the reader
  double read_seconds() const;                      // time the reader spent reading and normalizing
  std::size_t spatial_h() const { return h_; }
  std::size_t spatial_w() const { return w_; }

 private:
  void run();
  LoaderSpec spec_;
  std::vector<std::vector<WindowRef>> batches_;
  std::vector<HostBatch> slots_;
  std::size_t h_ = 1, w_ = 1;
  std::size_t produced_ = 0, consumed_ = 0;  // batches filled by the reader / handed out
  bool stop_ = false;
  std::exception_ptr error_;
  double wait_s_ = 0, read_s_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::thread thread_;
};

}  // namespace simforge::data
