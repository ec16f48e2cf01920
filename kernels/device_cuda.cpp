// CUDA backend of the device runtime: streams, cudaMalloc'd device memory, pinned host memory.
#include <cuda_runtime.h>
#include <omp.h>

#include <utility>

#include "kernels/cuda_check.hpp"
#include "kernels/device.hpp"

namespace simforge {

Stream::Stream() {
  cudaStream_t s;
  SIMFORGE_CUDA_CHECK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  handle_ = s;
}
Stream::~Stream() {
  if (handle_) cudaStreamDestroy(static_cast<cudaStream_t>(handle_));
}
Stream::Stream(Stream&& o) noexcept : handle_(std::exchange(o.handle_, nullptr)) {}
Stream& Stream::operator=(Stream&& o) noexcept {
  std::swap(handle_, o.handle_);
  return *this;
}
void Stream::synchronize() const {
  SIMFORGE_CUDA_CHECK(cudaStreamSynchronize(static_cast<cudaStream_t>(handle_)));
}

Event::Event() {
  cudaEvent_t e;
  SIMFORGE_CUDA_CHECK(cudaEventCreateWithFlags(&e, cudaEventDisableTiming));
  handle_ = e;
}
Event::~Event() { cudaEventDestroy(static_cast<cudaEvent_t>(handle_)); }
void Event::record(const Stream& s) {
  SIMFORGE_CUDA_CHECK(cudaEventRecord(static_cast<cudaEvent_t>(handle_), static_cast<cudaStream_t>(s.native())));
}
void Stream::wait(const Event& e) const {
  SIMFORGE_CUDA_CHECK(cudaStreamWaitEvent(static_cast<cudaStream_t>(handle_), static_cast<cudaEvent_t>(e.native()), 0));
}
void Event::synchronize() const { SIMFORGE_CUDA_CHECK(cudaEventSynchronize(static_cast<cudaEvent_t>(handle_))); }

namespace device {

bool available() {
  int n = 0;
  return cudaGetDeviceCount(&n) == cudaSuccess && n > 0;
}
int count() {
  int n = 0;
  return cudaGetDeviceCount(&n) == cudaSuccess ? n : 0;
}
void select(int ordinal) {
  const int n = count();
  SIMFORGE_CHECK(ordinal >= 0 && ordinal < n, "device ", ordinal, " does not exist: this process sees ", n, " CUDA device",
                 n == 1 ? "" : "s", n ? " (0 to " + std::to_string(n - 1) + ")" : std::string());
  SIMFORGE_CUDA_CHECK(cudaSetDevice(ordinal));
}
int current() {
  int d = 0;
  SIMFORGE_CUDA_CHECK(cudaGetDevice(&d));
  return d;
}
int thread_count() { return omp_get_max_threads(); }
void set_thread_count(int threads) { omp_set_num_threads(threads); }
std::string description() {
  int dev = 0;
  cudaDeviceProp p{};
  if (cudaGetDevice(&dev) != cudaSuccess || cudaGetDeviceProperties(&p, dev) != cudaSuccess)
    return "CUDA (no device)";
  return std::string(p.name) + " (sm_" + std::to_string(p.major) + std::to_string(p.minor) + ")";
}

void* allocate(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = nullptr;
  SIMFORGE_CUDA_CHECK(cudaMalloc(&p, bytes));
  return p;
}
void release(void* p) noexcept {
  if (p) cudaFree(p);
}
void* allocate_host(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  void* p = nullptr;
  SIMFORGE_CUDA_CHECK(cudaMallocHost(&p, bytes));
  return p;
}
void release_host(void* p) noexcept {
  if (p) cudaFreeHost(p);
}

void copy(void* dst, const void* src, std::size_t bytes, CopyKind kind, const Stream& s) {
  if (!bytes) return;
  cudaMemcpyKind k = kind == CopyKind::HostToDevice   ? cudaMemcpyHostToDevice
                     : kind == CopyKind::DeviceToHost ? cudaMemcpyDeviceToHost
                     : kind == CopyKind::DeviceToDevice ? cudaMemcpyDeviceToDevice
                                                        : cudaMemcpyHostToHost;
  SIMFORGE_CUDA_CHECK(cudaMemcpyAsync(dst, src, bytes, k, static_cast<cudaStream_t>(s.native())));
}
std::size_t preferred_chunk(std::size_t, std::size_t items) { return items; }

void memset_zero(void* dst, std::size_t bytes, const Stream& s) {
  if (bytes) SIMFORGE_CUDA_CHECK(cudaMemsetAsync(dst, 0, bytes, static_cast<cudaStream_t>(s.native())));
}

}  // namespace device
}  // namespace simforge
