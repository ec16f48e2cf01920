#pragma once
// The MPI job this process is a rank of, when a parallel launcher started it (mpirun, or srun with
// PMIx/PMI): MPI is initialised only then, so a plain `simforge` never needs an MPI runtime. The
// only place in Simforge that knows MPI.
#include <string>

namespace simforge::app {

class MpiSession {
 public:
  MpiSession();   // initialises MPI when launched as a rank of a job (one that is not: rank 0 of 1)
  ~MpiSession();  // finalises it
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  int local_rank() const { return local_rank_; }  // among the ranks of this node: which GPU it takes
  bool active() const { return size_ > 1; }
  // True when every rank passes true. Collective: every rank calls it, in the same order.
  bool all(bool ok) const;

 private:
  int rank_ = 0, size_ = 1, local_rank_ = 0;
  bool initialised_ = false;
};

// Whether the environment says a parallel launcher started this process as one rank of several.
bool launched_as_rank();

}  // namespace simforge::app
