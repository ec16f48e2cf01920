#pragma once
// Where a parallel launcher placed this process: its rank, the job's size, and its rank among the
// processes of its node (which GPU it takes), read from the variables each launcher sets:
//   Open MPI's mpirun        OMPI_COMM_WORLD_RANK, _SIZE, _LOCAL_RANK
//   Slurm's srun (a step)    SLURM_PROCID, SLURM_STEP_NUM_TASKS, SLURM_LOCALID
//   MPICH/Hydra (PMI)        PMI_RANK, PMI_SIZE, MPI_LOCALRANKID
//   torchrun and the like    RANK, WORLD_SIZE, LOCAL_RANK
// The first family present wins. A process no launcher started is rank 0 of 1.
#include <functional>
#include <string>

namespace simforge {

struct LaunchPlace {
  int rank = 0, size = 1, local_rank = 0;
  std::string launcher = "none";  // "Open MPI", "Slurm", "PMI", "torchrun"
  bool mpi = false;               // the launcher set up an MPI job (MPI_Init will find its peers)
  bool parallel() const { return size > 1; }
};

// `env` looks a variable up (nullptr: unset); the default reads the process environment. Throws
// naming the variable when a launcher's variable is not a number or the rank is out of range.
LaunchPlace launch_place(const std::function<const char*(const char*)>& env = {});

}  // namespace simforge
