#include "kernels/launch.hpp"

#include <cstdlib>

#include "kernels/error.hpp"

namespace simforge {

namespace {

struct Family {
  const char *launcher, *rank, *size, *local_rank;
};

// Slurm's batch step also sets SLURM_PROCID and SLURM_NTASKS; SLURM_STEP_NUM_TASKS is set only in
// the steps srun starts, so a command run straight from the batch script is one process.
constexpr Family families[] = {
    {"Open MPI", "OMPI_COMM_WORLD_RANK", "OMPI_COMM_WORLD_SIZE", "OMPI_COMM_WORLD_LOCAL_RANK"},
    {"Slurm", "SLURM_PROCID", "SLURM_STEP_NUM_TASKS", "SLURM_LOCALID"},
    {"PMI", "PMI_RANK", "PMI_SIZE", "MPI_LOCALRANKID"},
    {"torchrun", "RANK", "WORLD_SIZE", "LOCAL_RANK"},
};

int number(const std::function<const char*(const char*)>& env, const char* name, int fallback) {
  const char* v = env(name);
  if (!v) return fallback;
  char* end = nullptr;
  const long n = std::strtol(v, &end, 10);
  SIMFORGE_CHECK(*v && !*end && n >= 0 && n < (1L << 30), "environment variable ", name, "='", v,
                 "' is not a rank or a count (a launcher sets it to a non-negative integer)");
  return int(n);
}

}  // namespace

LaunchPlace launch_place(const std::function<const char*(const char*)>& lookup) {
  const std::function<const char*(const char*)> env = lookup ? lookup : [](const char* n) -> const char* { return std::getenv(n); };
  for (const Family& f : families) {
    if (!env(f.rank) || !env(f.size)) continue;
    LaunchPlace p;
    p.launcher = f.launcher;
    p.rank = number(env, f.rank, 0);
    p.size = number(env, f.size, 1);
    p.local_rank = number(env, f.local_rank, 0);
    SIMFORGE_CHECK(p.size >= 1 && p.rank < p.size, f.launcher, " placed this process at rank ", p.rank, " of ", p.size, " (", f.rank,
                   ", ", f.size, ")");
    // srun starts MPI ranks only with an MPI plugin (--mpi=pmix or pmi2), which sets PMIx's or PMI's variables.
    p.mpi = p.launcher == "Open MPI" || p.launcher == "PMI" || (p.launcher == "Slurm" && (env("PMIX_RANK") || env("PMI_RANK")));
    return p;
  }
  return {};
}

}  // namespace simforge
