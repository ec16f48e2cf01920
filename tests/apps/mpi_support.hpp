#pragma once
// What the MPI suites share: how they launch two ranks, and a shell runner.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "apps/cli_support.hpp"

namespace simforge::testing_mpi {

// As root Open MPI wants --allow-run-as-root; two ranks on two cores want --oversubscribe. Leak
// checks are off in the ranks: Open MPI keeps its allocations to the end, which LSan reports.
inline std::string launcher(int ranks = 2) {
  return "ASAN_OPTIONS=detect_leaks=0 mpirun --allow-run-as-root --oversubscribe -n " + std::to_string(ranks);
}
inline std::string mpirun(int ranks = 2) { return launcher(ranks) + " " + testing_cli::simforge_exe(); }

// A folder for PATH with `simforge` and a stand-in `srun` that starts two ranks with mpirun, as
// srun --mpi=pmix would: the job scripts of examples/hpc/ run under it as a user submits them.
inline std::filesystem::path stand_in_slurm(const std::filesystem::path& dir) {
  const std::filesystem::path bin = dir / "bin";
  std::filesystem::create_directories(bin);
  std::filesystem::create_symlink(testing_cli::simforge_exe(), bin / "simforge");
  testing_cli::write_text(bin / "srun", "#!/bin/bash\nwhile [[ $1 == --* ]]; do shift; done\nexec env " + launcher() + " \"$@\"\n");
  std::filesystem::permissions(bin / "srun", std::filesystem::perms::owner_all, std::filesystem::perm_options::add);
  return bin;
}

// `command` run by the shell in `dir`, stdout and stderr together.
inline testing_cli::Result sh(const std::filesystem::path& dir, const std::string& command) {
  testing_cli::Result r;
  const std::string cmd = "cd '" + dir.string() + "' && " + command + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) r.output += buf;
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Skips the test where this build or machine cannot run MPI jobs.
#define SIMFORGE_REQUIRE_MPIRUN()                                                                      \
  do {                                                                                                 \
    if (!::simforge::testing_mpi::mpi_built()) GTEST_SKIP() << "built without MPI";                   \
    if (std::system("command -v mpirun >/dev/null") != 0) GTEST_SKIP() << "no mpirun";                \
  } while (0)

inline bool mpi_built() {
#ifdef SIMFORGE_HAVE_MPI
  return true;
#else
  return false;
#endif
}

}  // namespace simforge::testing_mpi
