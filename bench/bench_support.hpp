#pragma once
// Shared by the benchmarks: medians of repeated timings, and running a peer script from
// ../shared/peers on the same machine in the same run.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <regex>
#include <string>
#include <vector>

namespace simforge::bench {

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Seconds of one call of f, median over `reps` calls.
inline double median_seconds(int reps, const std::function<void()>& f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto a = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - a).count());
  }
  return median(t);
}

inline std::string peers_dir() {
  if (const char* d = std::getenv("SIMFORGE_PEERS_DIR")) return d;
  return std::string(SIMFORGE_SOURCE_DIR) + "/../shared/peers";
}

// The Python that has PyTorch: Debian's on development machines, the image's on the GPU machine.
inline std::string peer_python() {
  if (const char* p = std::getenv("SIMFORGE_PEER_PYTHON")) return p;
  return "/usr/bin/python3";
}

// Runs `python script args` `reps` times; returns the median of the number captured by `pattern`
// (e.g. "([0-9.]+) sample-steps/s"), or a negative value when the peer cannot run here. `line`
// receives the first line of the output, `extra` (if given) the line after it.
inline double run_python_with(const std::string& python, const std::string& path_and_args, const std::string& pattern, int reps,
                              std::string* line = nullptr, std::string* extra = nullptr) {
  std::vector<double> values;
  const std::regex re(pattern);
  for (int r = 0; r < reps; ++r) {
    const std::string cmd = python + " " + path_and_args + " 2>&1";
    FILE* p = popen(cmd.c_str(), "r");
    if (!p) return -1;
    std::string out;
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), int(buf.size()), p)) out += buf.data();
    pclose(p);
    std::smatch m;
    if (!std::regex_search(out, m, re)) {
      std::fprintf(stderr, "peer did not report (%s): %s\n", cmd.c_str(), out.c_str());
      return -1;
    }
    values.push_back(std::stod(m[1].str()));
    const std::size_t first = out.find('\n');
    if (line) *line = out.substr(0, first);
    if (extra) *extra = first == std::string::npos ? "" : out.substr(first + 1, out.find('\n', first + 1) - first - 1);
  }
  return median(values);
}

inline double run_python(const std::string& path_and_args, const std::string& pattern, int reps, std::string* line = nullptr) {
  return run_python_with(peer_python(), path_and_args, pattern, reps, line);
}

inline double run_peer(const std::string& script_and_args, const std::string& pattern, int reps, std::string* line = nullptr) {
  return run_python(peers_dir() + "/" + script_and_args, pattern, reps, line);
}

// A peer kept in this repository (bench/<dir>/<script>), for tools ../shared/peers lacks.
inline double run_bench_peer(const std::string& script_and_args, const std::string& pattern, int reps, std::string* line = nullptr) {
  return run_python(std::string(SIMFORGE_SOURCE_DIR) + "/bench/" + script_and_args, pattern, reps, line);
}

}  // namespace simforge::bench
