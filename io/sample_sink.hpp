#pragma once
// Where generated samples go. Generation is a function of a sample range into a sink: the dataset
// writer is one sink; a shard, a rank's part of a parallel file or a driver's memory are others.
#include <cstddef>
#include <vector>

namespace simforge::io {

// One finished range of samples. All pointers are host memory.
struct SampleBlock {
  std::size_t first = 0;                           // index of the first sample
  std::size_t count = 0;
  std::vector<const float*> fields;                // per field (DatasetSpec::field_names): [count, n_times, ...spatial]
  std::vector<const double*> scalars;              // per sample scalar: [count]
  std::vector<const double*> diagnostics;          // per diagnostic: [count]
};

class SampleSink {
 public:
  virtual ~SampleSink() = default;
  // True when sample i is already stored (a resumed run skips it).
  virtual bool has_sample(std::size_t i) const = 0;
  // Stores the block durably: after write() returns, its samples survive a crash.
  virtual void write(const SampleBlock& block) = 0;
};

}  // namespace simforge::io
