#pragma once
// Outputs are written under a temporary name and renamed into place when complete: readers see
// the old file or the complete new one, never a half-written one. The one place that does it.
#include <filesystem>
#include <functional>
#include <string>

namespace simforge::io {

// `<path>.partial`: where a dataset is written until it is complete (resumable).
std::filesystem::path partial_path(const std::filesystem::path& path);
// `<path>.tmp`: where a small output (model file, prediction, report) is written before commit.
std::filesystem::path temporary_path(const std::filesystem::path& path);

// Renames the finished `written` onto `path` atomically and makes the rename durable (fsync of
// the folder). Throws naming both paths when the rename fails.
void commit_file(const std::filesystem::path& written, const std::filesystem::path& path);

// The folder `written` (complete) becomes `path`. An existing `path` (only when the caller may
// replace it) is moved aside first and removed once the new folder is in place: a crash between
// the two renames leaves `<path>.old` next to the new folder, never a mixture of the two.
void commit_folder(const std::filesystem::path& written, const std::filesystem::path& path);

// Calls write(temporary_path(path)) and commits the result to `path`; if writing fails (a full
// disk), the temporary file is removed and `path` is left as it was.
void write_and_commit(const std::filesystem::path& path, const std::function<void(const std::filesystem::path& tmp)>& write);

// Writes `text` to `path` through write_and_commit.
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace simforge::io
