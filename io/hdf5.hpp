#pragma once
// RAII over HDF5 handles, HighFive-style: every HDF5 call is checked, and a failure becomes one
// simforge::Error naming the call, the file, the object and HDF5's innermost reason.
//
// This header does not include <hdf5.h>, so that HDF5 stays a private dependency of simforge::io
// (hid_t and hsize_t are 64-bit integers in HDF5 1.10+; hdf5.cpp checks the aliases match).
// HDF5's automatic printing of its error stack is switched off, so a corrupt file gives exactly
// one clean error instead of a page of HDF5 diagnostics on stderr.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "kernels/error.hpp"
#include "kernels/strings.hpp"

namespace simforge::io::h5 {

using hid = std::int64_t;          // hid_t
using hsize = unsigned long long;  // hsize_t

// The file is locked by another process (typically a run still writing it). Kept apart from
// other open failures so that callers never call a live file "corrupt" or advise overwriting it.
class FileInUse : public Error {
 public:
  using Error::Error;
};

// Owns one HDF5 identifier of any kind and releases it on destruction.
class Handle {
 public:
  Handle() = default;
  explicit Handle(hid id) : id_(id) {}
  Handle(Handle&& o) noexcept : id_(o.id_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept {
    if (this != &o) {
      reset();
      id_ = o.release();
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  hid release() {  // gives up ownership, for a checked close by the caller
    hid id = id_;
    id_ = -1;
    return id;
  }
  void reset();  // releases the identifier; errors are ignored (used by destructors)

 private:
  hid id_ = -1;
};

// Element types Simforge stores. `boolean` is h5py's bool: an int8 enum {FALSE = 0, TRUE = 1}.
enum class Type { f32, f64, i64, u64, u8, boolean };

// One source of a virtual dataset: its rows [first, first + count) along axis 0 are the whole of
// `dataset` in `file`. A relative `file` is found beside the virtual dataset's own file.
struct VirtualSource {
  std::string file, dataset;
  hsize first = 0, count = 0;
};

// Dataset creation options.
struct Options {
  std::vector<hsize> chunk;     // empty: contiguous layout
  int gzip_level = 0;           // 1..9 adds shuffle + deflate (chunked only)
  bool fletcher32 = false;      // per-chunk checksum (chunked only)
  bool allocate_early = false;  // allocate all storage at creation, so later writes never touch metadata
  bool never_fill = false;      // do not write fill values into newly allocated storage
  // Non-empty: a virtual dataset over these sources (no chunks, filters or allocation of its own);
  // what no source covers, or a source that cannot be opened, reads as NaN (floats) or 0.
  std::vector<VirtualSource> sources;
};

// A group or a dataset: something that has a name in a file and carries attributes.
class Object {
 public:
  hid id() const { return handle_.id(); }
  const std::string& file() const { return file_; }
  const std::string& path() const { return path_; }
  std::string where() const { return file_ + ":" + path_; }  // for error messages

  bool has_attribute(const std::string& name) const;
  // Writers replace an existing attribute of the same name.
  void write_string(const std::string& name, const std::string& value);  // variable-length UTF-8
  void write_strings(const std::string& name, const std::vector<std::string>& values);
  void write_double(const std::string& name, double value);
  void write_int(const std::string& name, std::int64_t value);
  void write_uint64(const std::string& name, std::uint64_t value);
  void write_bool(const std::string& name, bool value);
  void write_bools(const std::string& name, const std::vector<bool>& values);

  // Readers accept what other writers (h5py) produce: fixed- or variable-length strings, any
  // integer or float width, bools stored as enum or integer.
  std::string read_string(const std::string& name) const;
  std::vector<std::string> read_strings(const std::string& name) const;  // a scalar reads as one
  double read_double(const std::string& name) const;
  std::int64_t read_int(const std::string& name) const;
  std::uint64_t read_uint64(const std::string& name) const;
  bool read_bool(const std::string& name) const;
  std::vector<bool> read_bools(const std::string& name) const;
  bool attribute_is_numeric_scalar(const std::string& name) const;

 protected:
  Object() = default;
  Object(Handle h, std::string file, std::string path)
      : handle_(std::move(h)), file_(std::move(file)), path_(std::move(path)) {}
  Handle handle_;
  std::string file_, path_;
};

class Dataset : public Object {
 public:
  Dataset() = default;
  std::vector<hsize> shape() const;  // empty for a scalar dataset
  bool is_float() const;             // element class is floating point

  // Hyperslab I/O: `offset`/`count` have one entry per dimension (both empty for a scalar).
  // Memory is a dense row-major block of prod(count) elements.
  void write(const float* data, const std::vector<hsize>& offset, const std::vector<hsize>& count);
  void write(const double* data, const std::vector<hsize>& offset, const std::vector<hsize>& count);
  void write(const std::uint8_t* data, const std::vector<hsize>& offset, const std::vector<hsize>& count);
  void read(float* data, const std::vector<hsize>& offset, const std::vector<hsize>& count) const;
  void read(double* data, const std::vector<hsize>& offset, const std::vector<hsize>& count) const;
  void read(std::uint8_t* data, const std::vector<hsize>& offset, const std::vector<hsize>& count) const;
  void write_all_bools(const std::vector<bool>& values);  // whole 1-D dataset of Type::boolean
  std::vector<double> read_all_doubles() const;           // whole dataset, converted
  std::vector<std::uint8_t> read_all_u8() const;          // whole dataset, converted (nonzero bools: 1)

  // Storage properties, as the creation property list records them.
  struct Storage {
    std::vector<hsize> chunk;  // empty when not chunked
    int gzip_level = 0;        // 0 when there is no deflate filter
    bool fletcher32 = false;
  };
  Storage storage() const;
  // The files a virtual dataset reads from, as stored (empty for any other dataset).
  std::vector<std::string> virtual_files() const;
  // Walks the chunk index (the first 1024 chunks' addresses and sizes); throws if it is damaged.
  void check_chunk_index() const;

 private:
  friend class Group;
  Dataset(Handle h, std::string file, std::string path) : Object(std::move(h), std::move(file), std::move(path)) {}
  void io(bool writing, hid memtype, void* data, const std::vector<hsize>& offset, const std::vector<hsize>& count,
          const char* what) const;
};

class Group : public Object {
 public:
  Group() = default;
  bool has(const std::string& name) const;          // a link of that name exists (no '/' in name)
  bool has_group(const std::string& name) const;    // ... and it is a group
  bool has_dataset(const std::string& name) const;  // ... and it is a dataset
  std::vector<std::string> names() const;           // every link in the group, in name order
  Group group(const std::string& name) const;
  Group create_group(const std::string& name);
  // cache_bytes > 0 sizes the chunk cache for this dataset (readers of big chunks want >= 1 chunk).
  Dataset dataset(const std::string& name, std::size_t cache_bytes = 0) const;
  // An empty shape makes a scalar dataset.
  Dataset create_dataset(const std::string& name, Type type, const std::vector<hsize>& shape,
                         const Options& options = {});

 private:
  friend class File;
  Group(Handle h, std::string file, std::string path) : Object(std::move(h), std::move(file), std::move(path)) {}
  std::string child(const std::string& name) const { return path_ == "/" ? "/" + name : path_ + "/" + name; }
  bool has_kind(const std::string& name, int kind) const;
};

class File {
 public:
  // Creates (truncating) a file with the default library version bounds: a file that was killed
  // while open must stay readable without h5clear, which superblock v3 (libver latest) breaks.
  static File create(const std::filesystem::path& path);
  static File open(const std::filesystem::path& path, bool writable);
  // True when the file starts with an HDF5 signature; false for anything else or unreadable.
  static bool is_hdf5(const std::filesystem::path& path);
  // True when another process holds HDF5's lock on the file (it has the file open). Ask before
  // create(): HDF5 1.10 truncates an existing file before it notices the lock.
  static bool in_use(const std::filesystem::path& path);

  File() = default;
  File(File&&) noexcept = default;
  File& operator=(File&&) noexcept = default;
  ~File() = default;  // releases the file identifier; HDF5 flushes what is still buffered

  bool is_open() const { return handle_.valid(); }
  const std::string& path() const { return path_; }
  Group root() const;
  void flush();  // H5Fflush(local) then fsync, so data written so far is durable and ordered
  void close();  // checked close; every object of the file is closed with it (H5F_CLOSE_STRONG)

 private:
  File(Handle h, std::string path) : handle_(std::move(h)), path_(std::move(path)) {}
  Handle handle_;
  std::string path_;
};

// Turns off HDF5's printing of its error stack for the calling thread (HDF5's thread-safe build
// keeps that setting per thread). Every wrapper calls it; it is cheap after the first time.
void silence_errors();

}  // namespace simforge::io::h5
