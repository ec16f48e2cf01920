#pragma once
// The ranks of a data-parallel job and the one collective that training needs: an element-wise
// sum over the ranks. Implementations: one process (nothing to add); MPI between CPU processes
// (apps/mpi_session.cpp, the only code that knows MPI); NCCL between GPUs (communicator_nccl.cpp,
// CUDA build), bootstrapped over MPI. Every rank must end with the same sums, bit for bit: the
// ranks apply identical optimizer updates, and their weights would otherwise drift apart.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "kernels/device.hpp"

namespace simforge {

class Communicator {
 public:
  virtual ~Communicator() = default;
  virtual int rank() const = 0;
  virtual int size() const = 0;
  virtual std::string description() const = 0;  // e.g. "NCCL, 8 ranks"
  // Sums `n` floats of device memory over the ranks, in place, ordered on stream s.
  virtual void sum(float* data, std::size_t n, const Stream& s) = 0;
  // Sums `n` doubles of host memory over the ranks, in place, after the work queued on s; returns
  // with the sums in.
  virtual void sum_host(double* data, std::size_t n, const Stream& s) = 0;
};

// Rank 0 of 1: every sum is the rank's own value.
Communicator& single_process();

// NCCL, when this build has it (the CUDA build where the toolkit ships libnccl).
bool nccl_available();
// Rank 0 makes the job's id (ncclGetUniqueId) and hands it to every rank over the launcher's
// channel; each rank then joins with its rank. The communicator uses the current device.
std::vector<char> nccl_unique_id();
std::unique_ptr<Communicator> make_nccl_communicator(int rank, int size, const std::vector<char>& id);

}  // namespace simforge
