// `simforge plot FILE`: pictures of a dataset, a prediction or an evaluation report. The drawing
// is matplotlib's (apps/plot.py, installed in share/simforge/), run in a child process, so a
// file that breaks the reader cannot take this process down.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "commands.hpp"
#include "kernels/error.hpp"

extern char** environ;

namespace simforge::app {

namespace fs = std::filesystem;

namespace {
// The installed script beside the executable's prefix, else the source tree's (a build tree).
fs::path plot_script() {
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "simforge" / "plot.py";
    if (fs::exists(installed)) return installed;
  }
  const fs::path source = SIMFORGE_PLOT_SCRIPT;
  SIMFORGE_CHECK(fs::exists(source), "simforge plot: its script plot.py is not installed (looked in share/simforge/ and ",
                 source.string(), ")");
  return source;
}

// Debian's python (with h5py and matplotlib from apt) unless SIMFORGE_PYTHON names another.
std::string python() {
  if (const char* p = std::getenv("SIMFORGE_PYTHON")) return p;
  return fs::exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

}  // namespace

int run_plot(const PlotArgs& a) {
  SIMFORGE_CHECK(fs::exists(a.file), a.file, " does not exist");
  const std::string out = a.output.value_or("");  // empty: plot.py names it after the input
  std::vector<std::string> args = {python(), plot_script().string(), a.file, out, std::to_string(a.sample),
                                   std::to_string(a.frames), a.overwrite ? "1" : "0"};
  std::vector<char*> argv;
  for (auto& s : args) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int err = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
  SIMFORGE_CHECK(err == 0, "simforge plot: cannot start ", args[0], " (", std::strerror(err), "); set SIMFORGE_PYTHON to a python with matplotlib and h5py");
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) SIMFORGE_CHECK(errno == EINTR, "simforge plot: lost its drawing process");
  if (WIFSIGNALED(status)) SIMFORGE_FAIL("simforge plot: drawing ", a.file, " failed (the reader died of signal ", WTERMSIG(status), ")");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace simforge::app
