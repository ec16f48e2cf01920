#include "io/probe.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <set>
#include <tuple>

#include "io/hdf5.hpp"
#include "kernels/error.hpp"

namespace simforge::io {

namespace {

// A file as probed: its resolved path and what changes whenever it is written.
using Key = std::tuple<std::string, dev_t, ino_t, off_t, std::int64_t, std::int64_t, std::int64_t, std::int64_t>;
std::mutex probed_mutex;
std::set<Key> probed;  // files found readable in this process

bool key_of(const std::filesystem::path& p, Key& k) {
  struct stat st {};
  if (::stat(p.c_str(), &st) != 0) return false;
  std::error_code ec;
  k = {std::filesystem::weakly_canonical(p, ec).string(), st.st_dev, st.st_ino, st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
       st.st_ctim.tv_sec, st.st_ctim.tv_nsec};
  return true;
}

// Reading a healthy file's layout takes milliseconds; a damaged one can loop in HDF5 forever.
// SIMFORGE_PROBE_TIMEOUT (seconds) overrides the limit, for very slow file systems.
int timeout_seconds() {
  if (const char* e = std::getenv("SIMFORGE_PROBE_TIMEOUT")) return std::max(1, std::atoi(e));
  return 60;
}

// The child's address-space limit: what it maps already (libraries; a CUDA context reserves a
// lot) plus room to read the file twice over. A corrupt length then fails at once instead of
// copying gigabytes of garbage.
[[maybe_unused]] rlim_t child_memory_limit(const std::filesystem::path& file) {  // unused under ASan
  std::size_t pages = 0;
  if (FILE* f = std::fopen("/proc/self/statm", "r")) {
    if (std::fscanf(f, "%zu", &pages) != 1) pages = 0;
    std::fclose(f);
  }
  std::error_code ec;
  const std::uintmax_t size = std::filesystem::file_size(file, ec);
  return rlim_t(pages) * rlim_t(::sysconf(_SC_PAGESIZE)) + rlim_t(ec ? 0 : 3 * size) + (rlim_t(512) << 20);
}

}  // namespace

void probe_file(const std::filesystem::path& path, const std::string& what, const std::function<void()>& read) {
  Key key;
  if (!key_of(path, key)) return;  // the caller reports a missing file
  {
    std::lock_guard<std::mutex> lock(probed_mutex);
    if (probed.count(key)) return;
  }
  int fds[2];
  SIMFORGE_CHECK(::pipe(fds) == 0, "cannot check ", path.string(), ": pipe failed: ", std::strerror(errno));
  const pid_t pid = ::fork();
  SIMFORGE_CHECK(pid >= 0, "cannot check ", path.string(), ": fork failed: ", std::strerror(errno));
  if (pid == 0) {  // the child: read, report, and leave without running any exit handler
    ::close(fds[0]);
#if !defined(__SANITIZE_ADDRESS__)  // AddressSanitizer reserves terabytes of address space up front
    const rlim_t limit = child_memory_limit(path);
    rlimit mem{limit, limit};
    ::setrlimit(RLIMIT_AS, &mem);
#endif
    std::string message;
    int code = 0;
    try {
      read();
    } catch (const h5::FileInUse& e) {
      message = e.what();
      code = 3;
    } catch (const std::exception& e) {
      message = e.what();
      code = 1;
    }
    ssize_t ignored = ::write(fds[1], message.data(), message.size());
    (void)ignored;
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string message;
  const auto start = std::chrono::steady_clock::now();
  bool timed_out = false;
  for (;;) {
    pollfd p{fds[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, 1000);
    if (ready > 0) {
      char buf[4096];
      const ssize_t n = ::read(fds[0], buf, sizeof buf);
      if (n <= 0) break;  // the child closed its end: it has finished
      message.append(buf, std::size_t(n));
    } else if (ready < 0 && errno != EINTR) {
      break;
    }
    if (std::chrono::steady_clock::now() - start > std::chrono::seconds(timeout_seconds())) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  SIMFORGE_CHECK(!timed_out, path.string(), " is corrupt: reading its ", what, " layout did not finish in ", timeout_seconds(), " s");
  if (WIFSIGNALED(status))
    SIMFORGE_FAIL(path.string(), " is corrupt: the HDF5 library fails reading it (", ::strsignal(WTERMSIG(status)),
                  WTERMSIG(status) == SIGKILL ? ", out of memory" : "", ")");
  if (WIFEXITED(status) && WEXITSTATUS(status) == 1) throw Error(message);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 3) throw h5::FileInUse(message);
  SIMFORGE_CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, path.string(), " is corrupt: reading it failed (status ", status, ")");
  std::lock_guard<std::mutex> lock(probed_mutex);
  probed.insert(key);
}

}  // namespace simforge::io
