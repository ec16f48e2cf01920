#include "io/commit.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>

#include "kernels/error.hpp"

namespace simforge::io {

namespace fs = std::filesystem;

fs::path partial_path(const fs::path& path) { return fs::path(path.string() + ".partial"); }
fs::path temporary_path(const fs::path& path) { return fs::path(path.string() + ".tmp"); }

void commit_file(const fs::path& written, const fs::path& path) {
  std::error_code ec;
  fs::rename(written, path, ec);  // atomic: readers see the old file or the complete new one
  SIMFORGE_CHECK(!ec, "cannot rename ", written.string(), " to ", path.string(), ": ", ec.message());
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

void commit_folder(const fs::path& written, const fs::path& path) {
  const fs::path old(path.string() + ".old");
  std::error_code ec;
  fs::remove_all(old, ec);
  const bool replacing = fs::exists(path);
  if (replacing) commit_file(path, old);
  commit_file(written, path);
  if (replacing) fs::remove_all(old, ec);
}

void write_and_commit(const fs::path& path, const std::function<void(const fs::path& tmp)>& write) {
  const fs::path tmp = temporary_path(path);
  try {
    write(tmp);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
  commit_file(tmp, path);
}

void write_text_file(const fs::path& path, const std::string& text) {
  write_and_commit(path, [&](const fs::path& tmp) {
    std::ofstream out(tmp, std::ios::trunc);
    SIMFORGE_CHECK(out.good(), "cannot write ", tmp.string());
    out << text;
    out.flush();
    SIMFORGE_CHECK(out.good(), "no space left on the device writing ", tmp.string(), " (or it is not writable)");
    const int fd = ::open(tmp.c_str(), O_WRONLY);
    if (fd >= 0) {
      ::fsync(fd);
      ::close(fd);
    }
  });
}

}  // namespace simforge::io
