#include "mpi_session.hpp"

#include <cstdlib>

#include "kernels/error.hpp"

#ifdef SIMFORGE_HAVE_MPI
#include <mpi.h>
#endif

namespace simforge::app {

namespace {
int env_int(const char* name) {
  const char* v = std::getenv(name);
  return v ? std::atoi(v) : 0;
}
}  // namespace

bool launched_as_rank() {
  // mpirun (Open MPI), srun --mpi=pmix, other PMI launchers.
  for (const char* size : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"})
    if (env_int(size) > 1) return true;
  return env_int("SLURM_NTASKS") > 1 && std::getenv("PMIX_RANK");
}

#ifdef SIMFORGE_HAVE_MPI

// MPI calls return codes; turn a failure into an Error naming the call.
static void mpi_check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int n = 0;
  MPI_Error_string(code, text, &n);
  SIMFORGE_FAIL(call, " failed: ", std::string(text, std::size_t(n)));
}

MpiSession::MpiSession() {
  if (!launched_as_rank()) return;
  mpi_check(MPI_Init(nullptr, nullptr), "MPI_Init");
  initialised_ = true;
  mpi_check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
  mpi_check(MPI_Comm_rank(MPI_COMM_WORLD, &rank_), "MPI_Comm_rank");
  mpi_check(MPI_Comm_size(MPI_COMM_WORLD, &size_), "MPI_Comm_size");
  MPI_Comm node;
  mpi_check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank_, MPI_INFO_NULL, &node), "MPI_Comm_split_type");
  mpi_check(MPI_Comm_rank(node, &local_rank_), "MPI_Comm_rank");
  MPI_Comm_free(&node);
}

MpiSession::~MpiSession() {
  if (initialised_) MPI_Finalize();
}

bool MpiSession::all(bool ok) const {
  if (!initialised_) return ok;
  int mine = ok ? 1 : 0, every = 0;
  mpi_check(MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
  return every == 1;
}

#else

MpiSession::MpiSession() {
  SIMFORGE_CHECK(!launched_as_rank(), "started as one rank of a parallel job, but this simforge was built without MPI "
                 "(install libopenmpi-dev and rebuild, or run one process)");
}
MpiSession::~MpiSession() = default;
bool MpiSession::all(bool ok) const { return ok; }

#endif

}  // namespace simforge::app
