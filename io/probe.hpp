#pragma once
// Reading files that may be damaged without risking the process. A corrupted HDF5 file can crash
// the HDF5 library itself (a flipped byte in a variable-length string's heap reference makes
// H5HG_read dereference garbage) or make it allocate without bound. So before a file is first
// read, `read` runs in a child process: if it crashes, hangs or runs out of memory there, the
// caller gets one error naming the file; if it throws, the caller gets its message; if it
// succeeds, the file is safe to read here. Each file (path, inode, size, modification and change
// times) is probed once per process.
#include <filesystem>
#include <functional>
#include <string>

namespace simforge::io {

// `what` names the file's kind in errors ("dataset", "model file").
void probe_file(const std::filesystem::path& path, const std::string& what, const std::function<void()>& read);

}  // namespace simforge::io
