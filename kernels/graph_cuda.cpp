// CUDA build: capture once per key, then launch the instantiated graph.
#include <cuda_runtime.h>

#include "kernels/cuda_check.hpp"
#include "kernels/graph.hpp"

namespace simforge {

struct GraphCache::Graphs {
  std::map<std::uint64_t, cudaGraphExec_t> exec;
  std::map<std::uint64_t, bool> seen;
  ~Graphs() {
    for (auto& [key, g] : exec) cudaGraphExecDestroy(g);
  }
};

GraphCache::GraphCache() : graphs_(std::make_unique<Graphs>()) {}
GraphCache::~GraphCache() = default;

void GraphCache::run(std::uint64_t key, const Stream& stream, const std::function<void()>& work) {
  auto s = static_cast<cudaStream_t>(stream.native());
  // The first call runs eagerly: lazily created resources (FFT plans, buffers) must not be
  // allocated during a capture. The second call records; later calls replay.
  if (!graphs_->seen[key]) {
    graphs_->seen[key] = true;
    work();
    return;
  }
  auto it = graphs_->exec.find(key);
  if (it == graphs_->exec.end()) {
    cudaGraph_t graph = nullptr;
    SIMFORGE_CUDA_CHECK(cudaStreamBeginCapture(s, cudaStreamCaptureModeThreadLocal));
    try {
      work();
    } catch (...) {
      cudaStreamEndCapture(s, &graph);
      if (graph) cudaGraphDestroy(graph);
      throw;
    }
    SIMFORGE_CUDA_CHECK(cudaStreamEndCapture(s, &graph));
    cudaGraphExec_t exec = nullptr;
    const cudaError_t status = cudaGraphInstantiate(&exec, graph, 0);
    cudaGraphDestroy(graph);
    SIMFORGE_CUDA_CHECK(status);
    it = graphs_->exec.emplace(key, exec).first;
  }
  SIMFORGE_CUDA_CHECK(cudaGraphLaunch(it->second, s));
}

void GraphCache::clear() {
  for (auto& [key, g] : graphs_->exec) cudaGraphExecDestroy(g);
  graphs_->exec.clear();
  graphs_->seen.clear();
}

}  // namespace simforge
