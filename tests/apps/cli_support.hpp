#pragma once
// Runs the `simforge` executable as a user would and captures what it prints.
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace simforge::testing_cli {

inline std::string simforge_exe() { return std::string(SIMFORGE_BINARY_DIR) + "/apps/simforge"; }

struct Result {
  int code = -1;
  std::string output;  // stdout + stderr
};

// Runs the executable with `dir` as the working directory.
inline Result run_in(const std::filesystem::path& dir, const std::string& args) {
  Result r;
  const std::string cmd = "cd '" + dir.string() + "' && " + simforge_exe() + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (std::fgets(buf.data(), int(buf.size()), p)) r.output += buf.data();
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

inline Result run(const std::string& args) { return run_in(".", args); }

// A fresh scratch folder per test.
inline std::filesystem::path scratch(const std::string& name) {
  auto d = std::filesystem::temp_directory_path() / ("simforge_cli_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d;
}

inline void write_text(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }
inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// A Navier–Stokes config small enough for tests; `extra` lines are appended at top level.
inline std::string small_config(const std::string& pde_extra = "", const std::string& top_extra = "",
                                const std::string& grid = "16", const std::string& dt = "0.01") {
  return "name: tiny\nseed: 3\nsamples: 4\nbatch: 2\n" + top_extra +
         "pde:\n  type: navier_stokes_2d\n  viscosity: 0.01\n  forcing: fno\n" + pde_extra + "grid:\n  n: " + grid +
         "\ntime:\n  dt: " + dt + "\n  t_end: 0.2\n  save_interval: 0.05\n";
}

}  // namespace simforge::testing_cli
