// Where each launcher's variables place a process (kernels/launch.hpp), from a fake environment.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "kernels/error.hpp"
#include "kernels/launch.hpp"

namespace simforge {
namespace {

LaunchPlace place(const std::map<std::string, std::string>& vars) {
  return launch_place([&](const char* name) -> const char* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  });
}

TEST(LaunchPlace, OneProcessWhenNoLauncherStartedIt) {
  const LaunchPlace p = place({{"HOME", "/root"}});
  EXPECT_EQ(p.rank, 0);
  EXPECT_EQ(p.size, 1);
  EXPECT_FALSE(p.parallel());
  EXPECT_FALSE(p.mpi);
}

TEST(LaunchPlace, ReadsEachLaunchersVariables) {
  LaunchPlace p = place({{"OMPI_COMM_WORLD_RANK", "5"}, {"OMPI_COMM_WORLD_SIZE", "16"}, {"OMPI_COMM_WORLD_LOCAL_RANK", "1"}});
  EXPECT_EQ(p.launcher, "Open MPI");
  EXPECT_EQ(p.rank, 5);
  EXPECT_EQ(p.size, 16);
  EXPECT_EQ(p.local_rank, 1);
  EXPECT_TRUE(p.mpi);

  // srun --mpi=pmix: Slurm's variables, and PMIx's that make it an MPI job.
  p = place({{"SLURM_PROCID", "9"}, {"SLURM_STEP_NUM_TASKS", "64"}, {"SLURM_LOCALID", "1"}, {"PMIX_RANK", "9"}});
  EXPECT_EQ(p.launcher, "Slurm");
  EXPECT_EQ(p.rank, 9);
  EXPECT_EQ(p.size, 64);
  EXPECT_EQ(p.local_rank, 1);
  EXPECT_TRUE(p.mpi);
  // srun without an MPI plugin: a place, but no MPI job to join.
  p = place({{"SLURM_PROCID", "1"}, {"SLURM_STEP_NUM_TASKS", "2"}, {"SLURM_LOCALID", "1"}});
  EXPECT_TRUE(p.parallel());
  EXPECT_FALSE(p.mpi);

  p = place({{"PMI_RANK", "2"}, {"PMI_SIZE", "4"}, {"MPI_LOCALRANKID", "0"}});
  EXPECT_EQ(p.launcher, "PMI");
  EXPECT_EQ(p.rank, 2);
  EXPECT_TRUE(p.mpi);

  p = place({{"RANK", "3"}, {"WORLD_SIZE", "8"}, {"LOCAL_RANK", "3"}});
  EXPECT_EQ(p.launcher, "torchrun");
  EXPECT_EQ(p.rank, 3);
  EXPECT_EQ(p.size, 8);
  EXPECT_EQ(p.local_rank, 3);
  EXPECT_FALSE(p.mpi);
}

TEST(LaunchPlace, TheBatchScriptItselfIsOneProcess) {
  // sbatch --ntasks=4 runs its script once, with SLURM_PROCID and SLURM_NTASKS but no step size.
  const LaunchPlace p = place({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "4"}, {"SLURM_JOB_ID", "77"}});
  EXPECT_FALSE(p.parallel());
}

TEST(LaunchPlace, OpenMpiWinsOverTheSlurmStepAroundIt) {
  // mpirun inside an allocation: the job is mpirun's, not the batch step's.
  const LaunchPlace p = place({{"OMPI_COMM_WORLD_RANK", "1"}, {"OMPI_COMM_WORLD_SIZE", "2"}, {"SLURM_PROCID", "0"},
                               {"SLURM_STEP_NUM_TASKS", "1"}});
  EXPECT_EQ(p.launcher, "Open MPI");
  EXPECT_EQ(p.size, 2);
}

TEST(LaunchPlace, BadValuesNameTheVariable) {
  try {
    place({{"RANK", "x1"}, {"WORLD_SIZE", "2"}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("RANK='x1'"), std::string::npos) << e.what();
  }
  try {
    place({{"RANK", "4"}, {"WORLD_SIZE", "4"}});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("rank 4 of 4"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace simforge
