#pragma once
// Replays a recorded sequence of device work. In the CUDA build the second call for a key captures
// the work enqueued on the stream into a CUDA graph and later calls launch the graph: one launch
// instead of dozens, which is what small-grid, many-step solves are bound by. In the CPU build
// (work runs synchronously) the work simply runs. The recorded work must not synchronize the
// stream or depend on host values that change between calls; clear() when pointers change.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "kernels/device.hpp"

namespace simforge {

class GraphCache {
 public:
  GraphCache();
  ~GraphCache();
  GraphCache(const GraphCache&) = delete;
  GraphCache& operator=(const GraphCache&) = delete;

  void run(std::uint64_t key, const Stream& stream, const std::function<void()>& work);
  void clear();

  struct Graphs;

 private:
  std::unique_ptr<Graphs> graphs_;
};

}  // namespace simforge
