#pragma once
// BackgroundSink: stores blocks on a thread of its own while the caller computes the next one
// (overlapped output). write() copies the block, waits until the block before it is stored, and
// hands the copy to the writer thread; flush() waits for the last one. So when write(k) returns,
// every block before k is durable in the target; after flush(), all are. An error of the writer
// thread is raised by the next write() or flush().
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "io/sample_sink.hpp"

namespace simforge::io {

class BackgroundSink final : public SampleSink {
 public:
  // field_elements: elements of one field of one sample (frames x grid points).
  BackgroundSink(SampleSink& target, std::size_t field_elements);
  ~BackgroundSink() override;  // waits for the pending block; its error, if any, is dropped (call flush())
  BackgroundSink(const BackgroundSink&) = delete;
  BackgroundSink& operator=(const BackgroundSink&) = delete;

  bool has_sample(std::size_t i) const override;  // after the pending block is stored
  void write(const SampleBlock& block) override;
  void flush();

  // Samples of the blocks stored so far (the pending one excluded).
  std::size_t stored() const;

 private:
  // A block's data, owned: the caller's buffers are reused for the next batch while this is written.
  struct OwnedBlock {
    std::size_t first = 0, count = 0;
    std::vector<std::vector<float>> fields;
    std::vector<std::vector<double>> scalars, diagnostics;
    SampleBlock view() const;
  };
  void wait_idle(std::unique_lock<std::mutex>& lock) const;
  void rethrow(std::unique_lock<std::mutex>& lock);
  void loop();

  SampleSink& target_;
  const std::size_t field_elements_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  OwnedBlock pending_;
  bool busy_ = false, stop_ = false;
  std::size_t stored_ = 0;
  std::exception_ptr error_;
  std::thread thread_;  // last: started once everything it uses exists
};

}  // namespace simforge::io
