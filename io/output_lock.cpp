#include "io/output_lock.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>

#include "kernels/error.hpp"

namespace simforge::io {

namespace fs = std::filesystem;

namespace {

std::string host_name() {
  char h[256] = {};
  if (::gethostname(h, sizeof h - 1) != 0) return "unknown-host";
  return h;
}

// A process that has ended but was not yet reaped (a zombie): its parent died first and nothing
// reaps orphans, as in containers whose first process is not an init (a killed mpirun's ranks).
bool zombie(long pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto paren = line.rfind(')');  // "pid (name) S ...": the state follows the name
  return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] == 'Z';
}

// A lock left by a process of this host that no longer runs (killed with -9, a crash).
bool stale(const std::string& host, long pid) {
  if (host != host_name() || pid <= 0) return false;
  return (::kill(pid_t(pid), 0) != 0 && errno == ESRCH) || zombie(pid);
}

}  // namespace

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (!fs::exists(a, ec) || !fs::exists(b, ec)) return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
  struct stat sa {}, sb {};
  if (::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

fs::path OutputLock::lock_path(const fs::path& output) { return fs::path(output.string() + ".lock"); }

OutputLock::OutputLock(const fs::path& output, const std::vector<fs::path>& inputs, bool may_replace, const std::string& what,
                       bool is_folder) {
  const std::string out = output.string();
  SIMFORGE_CHECK(!out.empty(), what, ": the output path is empty");
  for (const fs::path& in : inputs)
    SIMFORGE_CHECK(in.empty() || !same_file(output, in), "the ", what, " ", out, " is ", in.string(),
                   ", an input of this run; writing it would destroy that input (choose another output path)");
  std::error_code ec;
  if (is_folder)
    SIMFORGE_CHECK(!fs::exists(output, ec) || fs::is_directory(output, ec), out, " is a file, not a folder for the ", what);
  else
    SIMFORGE_CHECK(!fs::is_directory(output, ec), out, " is a folder, not a file name for the ", what);
  SIMFORGE_CHECK(may_replace || !fs::exists(output, ec), out, " exists; pass --overwrite to replace it");
  const fs::path folder = output.parent_path().empty() ? fs::path(".") : output.parent_path();
  SIMFORGE_CHECK(fs::is_directory(folder, ec), "cannot write the ", what, " ", out, ": folder ", folder.string(), " does not exist");

  const fs::path lock = lock_path(output);
  const std::string holder = std::to_string(::getpid()) + " " + host_name() + "\n";
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd = ::open(lock.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd >= 0) {
      const bool written = ::write(fd, holder.data(), holder.size()) == ssize_t(holder.size());
      ::fsync(fd);
      ::close(fd);
      SIMFORGE_CHECK(written, "cannot write the lock file ", lock.string(), ": ", std::strerror(errno));
      lock_ = lock;
      return;
    }
    SIMFORGE_CHECK(errno == EEXIST, "cannot create the lock file ", lock.string(), " (folder not writable?): ", std::strerror(errno));
    long pid = 0;
    std::string host;
    std::ifstream(lock) >> pid >> host;
    if (attempt == 0 && stale(host, pid)) {
      fs::remove(lock, ec);  // its writer is gone; the output itself is crash-safe
      continue;
    }
    SIMFORGE_FAIL(out, " is being written by process ", pid, " on ", host.empty() ? std::string("an unknown host") : host,
                  " (lock file ", lock.string(), "); wait for that run, or delete the lock file if it is no longer running");
  }
  SIMFORGE_FAIL("cannot take the lock ", lock.string());
}

OutputLock::~OutputLock() {
  std::error_code ec;
  if (!lock_.empty()) fs::remove(lock_, ec);
}

}  // namespace simforge::io
