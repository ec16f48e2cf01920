#pragma once
// Digests of what Simforge writes (datasets, model files, predictions): FNV-1a over the bytes of
// every array and of the stored configuration text. The digests of the examples and of a few
// training runs are committed in tests/data/golden_outputs.txt, so a refactor that changes any bit
// of any output fails. They hold for the CPU build on the machines CI runs on (FFTW and oneDNN
// pick SIMD kernels by CPU); regenerate on such a machine, and only for an intended change, with
//   SIMFORGE_UPDATE_GOLDEN=1 ctest --preset cpu -R 'Examples|GoldenOutputs'
#include <gtest/gtest.h>
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "io/dataset_reader.hpp"
#include "io/hdf5.hpp"
#include "simforge/version.hpp"

namespace simforge::testing_digest {

class Digest {
 public:
  void bytes(const void* p, std::size_t n) {
    const auto* b = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) h_ = (h_ ^ b[i]) * 0x100000001b3ull;
  }
  template <class T>
  void values(const std::vector<T>& v) {
    bytes(v.data(), v.size() * sizeof(T));
  }
  void text(const std::string& s) { bytes(s.data(), s.size()); }
  std::string hex() const {
    std::ostringstream os;
    os << std::hex;
    os.width(16);
    os.fill('0');
    os << h_;
    return os.str();
  }

 private:
  std::uint64_t h_ = 0xcbf29ce484222325ull;
};

// Every array of a dataset (fields of every sample, scalars, diagnostics, axes) and its config.
inline std::string dataset_digest(const std::filesystem::path& file) {
  const io::DatasetReader r(file);
  const io::DatasetSpec& s = r.info().spec;
  Digest d;
  d.text(s.config_yaml);
  d.values(s.times);
  for (const auto& c : s.coordinates) d.values(c);
  for (const auto& f : s.t0_fields)
    for (std::size_t i = 0; i < s.n_trajectories; ++i) d.values(r.read_sample(f, i));
  d.values(s.constant_values);
  for (const auto& n : s.sample_scalars) d.values(r.read_scalar(n));
  for (const auto& n : s.diagnostics) d.values(r.read_diagnostic(n));
  return d.hex();
}

// The named root attributes (strings or numbers) and datasets ("name" or "group/name") of an HDF5 file.
inline std::string file_digest(const std::filesystem::path& file, const std::vector<std::string>& string_attributes,
                               const std::vector<std::string>& number_attributes, const std::vector<std::string>& datasets) {
  const io::h5::File f = io::h5::File::open(file, false);
  const io::h5::Group root = f.root();
  Digest d;
  for (const auto& a : string_attributes) d.text(root.read_string(a));
  for (const auto& a : number_attributes) {
    const double v = root.read_double(a);
    d.bytes(&v, sizeof v);
  }
  for (const auto& name : datasets) {
    const std::size_t slash = name.find('/');  // "group/dataset" or "dataset"
    d.values(slash == std::string::npos ? root.dataset(name).read_all_doubles()
                                        : root.group(name.substr(0, slash)).dataset(name.substr(slash + 1)).read_all_doubles());
  }
  return d.hex();
}

inline std::map<std::string, std::string> read_golden(const std::string& path) {
  std::map<std::string, std::string> table;
  std::ifstream in(path);
  for (std::string key, value; in >> key >> value;) table[key] = value;
  return table;
}

// Compares `digest` with the committed one for `name` (or records it under SIMFORGE_UPDATE_GOLDEN).
inline void expect_golden(const std::string& name, const std::string& digest) {
  if (SIMFORGE_CUDA) GTEST_SKIP() << "golden digests are of the CPU build (the GPU is checked by BackendAgreement)";
  const std::string path = std::string(SIMFORGE_SOURCE_DIR) + "/tests/data/golden_outputs.txt";
  if (std::getenv("SIMFORGE_UPDATE_GOLDEN")) {
    // Tests run as separate processes (ctest -j): lock, re-read, set this entry, write back.
    const int lock = ::open((path + ".lock").c_str(), O_CREAT | O_RDWR, 0666);
    ASSERT_GE(lock, 0);
    ::flock(lock, LOCK_EX);
    std::map<std::string, std::string> table = read_golden(path);
    table[name] = digest;
    {
      std::ofstream out(path + ".tmp");
      for (const auto& [k, v] : table) out << k << " " << v << "\n";
    }
    std::filesystem::rename(path + ".tmp", path);
    ::close(lock);
    return;
  }
  const std::map<std::string, std::string> table = read_golden(path);
  const auto it = table.find(name);
  ASSERT_NE(it, table.end()) << name << " has no committed digest in " << path;
  EXPECT_EQ(digest, it->second) << name << ": the output changed bit for bit";
}

}  // namespace simforge::testing_digest
