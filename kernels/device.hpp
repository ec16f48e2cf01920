#pragma once
// Device runtime: streams, raw allocations and copies. One implementation per backend
// (device_cuda.cpp, device_host.cpp); in the CPU build "device" memory is aligned host memory.
#include <cstddef>
#include <string>

namespace simforge {

enum class CopyKind { HostToDevice, DeviceToHost, DeviceToDevice, HostToHost };

class Event;

// A queue of device work. In the CUDA build it owns a cudaStream_t; in the CPU build work runs
// synchronously on OpenMP threads and the stream is a no-op handle.
class Stream {
 public:
  Stream();
  ~Stream();
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  Stream(Stream&& other) noexcept;
  Stream& operator=(Stream&& other) noexcept;

  void synchronize() const;
  void wait(const Event& e) const;  // work queued from now on starts after e's mark
  void* native() const { return handle_; }  // cudaStream_t in the CUDA build, nullptr otherwise

 private:
  void* handle_ = nullptr;
};

// A point in a stream's queue that another stream, or the host, can wait for (a CUDA event). In
// the CPU build work is done by the time it is queued, so every event is reached at once.
class Event {
 public:
  Event();
  ~Event();
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;

  void record(const Stream& s);  // marks the work queued on s so far
  void synchronize() const;      // the host waits for the mark
  void* native() const { return handle_; }  // cudaEvent_t in the CUDA build

 private:
  void* handle_ = nullptr;
};

namespace device {
bool available();              // a usable compute device (always true in the CPU build)
int count();                   // devices this process sees (the CPU build has one: the host)
// Makes device `ordinal` current for the calling thread: the Streams and buffers it creates next
// live there (cudaSetDevice; the CPU build accepts 0 only). Driver programs and MPI ranks pick
// their device once, before creating streams.
void select(int ordinal);
int current();
std::string description();     // e.g. "NVIDIA H100 80GB HBM3 (sm_90)" or "CPU, 2 OpenMP threads"
int thread_count();            // host threads used by the CPU backend
void set_thread_count(int threads);  // e.g. a benchmark's one-thread run
void* allocate(std::size_t bytes);
void release(void* p) noexcept;
void* allocate_host(std::size_t bytes);  // pinned in the CUDA build
void release_host(void* p) noexcept;
void copy(void* dst, const void* src, std::size_t bytes, CopyKind kind, const Stream& stream);
void memset_zero(void* dst, std::size_t bytes, const Stream& stream);
// How many independent items (samples) to process together when each touches `bytes_per_item`:
// the whole batch on a GPU (parallelism), a cache-sized group on the CPU (locality).
std::size_t preferred_chunk(std::size_t bytes_per_item, std::size_t items);
}  // namespace device

}  // namespace simforge
