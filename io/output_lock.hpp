#pragma once
// What guards a run's output: it is never one of the run's inputs (the same file, by resolved
// path or by inode), it is never an existing file unless the run may replace it, and while the
// run writes it, an exclusive lock file `<output>.lock` holds the writer's pid and host, so that
// a second run on the same output fails at once naming the first. The lock does not depend on
// HDF5's file locking, which network file systems often lack.
#include <filesystem>
#include <string>
#include <vector>

namespace simforge::io {

// True when a and b name the same existing file (resolved paths, or device and inode).
bool same_file(const std::filesystem::path& a, const std::filesystem::path& b);

class OutputLock {
 public:
  // `what` names the output in errors ("dataset", "model file", "report"). `may_replace`: the run
  // may write over an existing `output` (--overwrite, or a resume that continues it).
  // `folder`: the output is a folder (an export layout), else a file.
  OutputLock(const std::filesystem::path& output, const std::vector<std::filesystem::path>& inputs, bool may_replace,
             const std::string& what, bool folder = false);
  ~OutputLock();  // removes the lock file
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

  static std::filesystem::path lock_path(const std::filesystem::path& output);

 private:
  std::filesystem::path lock_;
};

}  // namespace simforge::io
