// CPU build: work runs synchronously, so there is nothing to record.
#include "kernels/graph.hpp"

namespace simforge {

struct GraphCache::Graphs {};
GraphCache::GraphCache() = default;
GraphCache::~GraphCache() = default;
void GraphCache::run(std::uint64_t, const Stream&, const std::function<void()>& work) { work(); }
void GraphCache::clear() {}

}  // namespace simforge
