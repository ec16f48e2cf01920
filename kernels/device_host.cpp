// CPU backend of the device runtime: "device" memory is 64-byte aligned host memory (aligned for
// FFTW's SIMD codelets); kernels run synchronously on OpenMP threads, so streams are no-ops.
#include <omp.h>

#include <cstdlib>
#include <cstring>
#include <new>

#include "kernels/device.hpp"
#include "kernels/error.hpp"

namespace simforge {

Stream::Stream() = default;
Stream::~Stream() = default;
Stream::Stream(Stream&&) noexcept = default;
Stream& Stream::operator=(Stream&&) noexcept = default;
void Stream::synchronize() const {}
Event::Event() = default;
Event::~Event() = default;
void Event::record(const Stream&) {}
void Stream::wait(const Event&) const {}
void Event::synchronize() const {}

namespace device {

bool available() { return true; }
int count() { return 1; }
void select(int ordinal) {
  SIMFORGE_CHECK(ordinal == 0, "device ", ordinal, " does not exist: the CPU build has one device, 0 (the host)");
}
int current() { return 0; }
int thread_count() { return omp_get_max_threads(); }
void set_thread_count(int threads) { omp_set_num_threads(threads); }
std::string description() { return "CPU, " + std::to_string(thread_count()) + " OpenMP threads"; }

void* allocate(std::size_t bytes) {
  if (bytes == 0) return nullptr;
  constexpr std::size_t align = 64;
  void* p = std::aligned_alloc(align, (bytes + align - 1) / align * align);
  SIMFORGE_CHECK(p != nullptr, "out of host memory allocating ", bytes, " bytes");
#ifndef NDEBUG
  std::memset(p, 0xff, bytes);  // poison: a read before a write shows up as NaN in debug builds
#endif
  return p;
}
void release(void* p) noexcept { std::free(p); }
void* allocate_host(std::size_t bytes) { return allocate(bytes); }
void release_host(void* p) noexcept { release(p); }

void copy(void* dst, const void* src, std::size_t bytes, CopyKind, const Stream&) {
  if (bytes) std::memcpy(dst, src, bytes);
}
std::size_t preferred_chunk(std::size_t bytes_per_item, std::size_t items) {
  const std::size_t threads = std::size_t(thread_count());
  std::size_t budget = std::size_t(1) << 20;  // per thread: about one L2 of a current x86 core
  if (const char* e = std::getenv("SIMFORGE_CHUNK_BYTES")) budget = std::size_t(std::atoll(e));
  const std::size_t per_thread = std::max<std::size_t>(1, budget / std::max<std::size_t>(1, bytes_per_item));
  return std::min(items, std::max(threads, threads * per_thread));
}

void memset_zero(void* dst, std::size_t bytes, const Stream&) {
  if (bytes) std::memset(dst, 0, bytes);
}

}  // namespace device
}  // namespace simforge
