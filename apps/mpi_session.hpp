#pragma once
// The MPI job this process is a rank of, when a parallel launcher started it (mpirun, or srun with
// PMIx/PMI; kernels/launch.hpp reads where it placed us): MPI is initialised only then, so a plain
// `simforge` never needs an MPI runtime. The only place in Simforge that knows MPI.
#include <memory>
#include <string>

#include "kernels/communicator.hpp"
#include "kernels/launch.hpp"

namespace simforge::app {

class MpiSession {
 public:
  MpiSession();   // initialises MPI when launched as a rank of a job (one that is not: rank 0 of 1)
  ~MpiSession();  // finalises it
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return place_.rank; }
  int size() const { return place_.size; }
  int local_rank() const { return place_.local_rank; }  // among the ranks of this node: which GPU it takes
  bool active() const { return place_.size > 1; }
  const LaunchPlace& place() const { return place_; }
  // True when every rank passes true. Collective: every rank calls it, in the same order.
  bool all(bool ok) const;
  // What data-parallel training sums gradients through: NCCL between GPUs where this build has
  // it and each rank has a GPU of its own, MPI otherwise; one process outside a job. Collective on
  // first call (after device::select).
  Communicator& communicator();
  // Ends every rank of the job with `code`: after an error on one rank of a training, the others
  // would wait in their next sum forever. Outside a job, returns.
  void abort(int code) const;

 private:
  LaunchPlace place_;
  int local_size_ = 1;  // ranks on this node
  bool initialised_ = false;
  std::unique_ptr<Communicator> communicator_;
};

}  // namespace simforge::app
