#include "mpi_session.hpp"

#include <algorithm>
#include <vector>

#include "kernels/error.hpp"

#ifdef SIMFORGE_HAVE_MPI
#include <mpi.h>
#endif

namespace simforge::app {

namespace {
// A launcher that made no MPI job (torchrun; srun without --mpi) gives this process no peers to talk to.
void require_mpi_job(const LaunchPlace& p) {
  SIMFORGE_CHECK(!p.parallel() || p.mpi, p.launcher, " started this process as rank ", p.rank, " of ", p.size,
                 " without an MPI job: simforge's ranks talk through MPI (and NCCL, bootstrapped over it); launch with "
                 "mpirun -n ", p.size, " or srun --mpi=pmix");
}
}  // namespace

#ifdef SIMFORGE_HAVE_MPI

// MPI calls return codes; turn a failure into an Error naming the call.
static void mpi_check(int code, const char* call) {
  if (code == MPI_SUCCESS) return;
  char text[MPI_MAX_ERROR_STRING];
  int n = 0;
  MPI_Error_string(code, text, &n);
  SIMFORGE_FAIL(call, " failed: ", std::string(text, std::size_t(n)));
}

namespace {
// MPI between CPU processes (or GPUs without NCCL, through host memory). Open MPI's all-reduce
// algorithms add in an order that does not depend on the rank, so every rank gets the same sums.
class MpiCommunicator final : public Communicator {
 public:
  explicit MpiCommunicator(const LaunchPlace& p) : rank_(p.rank), size_(p.size) {}
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string description() const override { return "MPI, " + std::to_string(size_) + " ranks"; }
  void sum(float* data, std::size_t n, const Stream& s) override {
    s.synchronize();
    if constexpr (SIMFORGE_CUDA) {  // device memory: through the host (no CUDA-aware MPI assumed)
      host_.resize(n);
      device::copy(host_.data(), data, n * sizeof(float), CopyKind::DeviceToHost, s);
      s.synchronize();
      all_reduce(host_.data(), n);
      device::copy(data, host_.data(), n * sizeof(float), CopyKind::HostToDevice, s);
    } else {
      all_reduce(data, n);  // the CPU build's device memory is host memory
    }
  }
  void sum_host(double* data, std::size_t n, const Stream& s) override {
    s.synchronize();
    mpi_check(MPI_Allreduce(MPI_IN_PLACE, data, int(n), MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
  }

 private:
  static void all_reduce(float* data, std::size_t n) {
    constexpr std::size_t chunk = std::size_t(1) << 30;  // MPI counts are ints
    for (std::size_t i = 0; i < n; i += chunk)
      mpi_check(MPI_Allreduce(MPI_IN_PLACE, data + i, int(std::min(chunk, n - i)), MPI_FLOAT, MPI_SUM, MPI_COMM_WORLD),
                "MPI_Allreduce");
  }
  int rank_, size_;
  std::vector<float> host_;
};
}  // namespace

MpiSession::MpiSession() : place_(launch_place()) {
  if (!place_.parallel()) return;
  require_mpi_job(place_);
  mpi_check(MPI_Init(nullptr, nullptr), "MPI_Init");
  initialised_ = true;
  mpi_check(MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN), "MPI_Comm_set_errhandler");
  // MPI's own view is the authority; the launcher's variables only told us that there is a job.
  mpi_check(MPI_Comm_rank(MPI_COMM_WORLD, &place_.rank), "MPI_Comm_rank");
  mpi_check(MPI_Comm_size(MPI_COMM_WORLD, &place_.size), "MPI_Comm_size");
  MPI_Comm node;
  mpi_check(MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, place_.rank, MPI_INFO_NULL, &node), "MPI_Comm_split_type");
  mpi_check(MPI_Comm_rank(node, &place_.local_rank), "MPI_Comm_rank");
  mpi_check(MPI_Comm_size(node, &local_size_), "MPI_Comm_size");
  MPI_Comm_free(&node);
}

MpiSession::~MpiSession() {
  communicator_.reset();  // NCCL goes before the MPI it was bootstrapped over
  if (initialised_) MPI_Finalize();
}

bool MpiSession::all(bool ok) const {
  if (!initialised_) return ok;
  int mine = ok ? 1 : 0, every = 0;
  mpi_check(MPI_Allreduce(&mine, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD), "MPI_Allreduce");
  return every == 1;
}

Communicator& MpiSession::communicator() {
  if (!initialised_) return single_process();
  if (!communicator_) {
    // NCCL wants a GPU of its own per rank: ranks that share one (more ranks than GPUs on a
    // node) sum through MPI instead. The answer must be the same on every rank.
    int shared = local_size_ > device::count() ? 1 : 0;
    mpi_check(MPI_Allreduce(MPI_IN_PLACE, &shared, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
    if (SIMFORGE_CUDA && nccl_available() && !shared) {
      std::vector<char> id = place_.rank == 0 ? nccl_unique_id() : std::vector<char>{};
      int bytes = int(id.size());
      mpi_check(MPI_Bcast(&bytes, 1, MPI_INT, 0, MPI_COMM_WORLD), "MPI_Bcast");
      id.resize(std::size_t(bytes));
      mpi_check(MPI_Bcast(id.data(), bytes, MPI_CHAR, 0, MPI_COMM_WORLD), "MPI_Bcast");
      communicator_ = make_nccl_communicator(place_.rank, place_.size, id);
    } else {
      communicator_ = std::make_unique<MpiCommunicator>(place_);
    }
  }
  return *communicator_;
}

void MpiSession::abort(int code) const {
  if (initialised_ && place_.size > 1) MPI_Abort(MPI_COMM_WORLD, code);
}

#else

MpiSession::MpiSession() : place_(launch_place()) {
  SIMFORGE_CHECK(!place_.parallel(), place_.launcher, " started this process as rank ", place_.rank, " of ", place_.size,
                 ", but this simforge was built without MPI (install libopenmpi-dev and rebuild, or run one process)");
}
MpiSession::~MpiSession() = default;
bool MpiSession::all(bool ok) const { return ok; }
Communicator& MpiSession::communicator() { return single_process(); }
void MpiSession::abort(int) const {}

#endif

}  // namespace simforge::app
