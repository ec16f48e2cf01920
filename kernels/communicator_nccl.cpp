// NCCL between the GPUs of a job (CUDA build). The ring and tree all-reduces finish every element
// on one rank and copy it to the others, so all ranks hold the same sums.
#include <cuda_runtime.h>
#include <nccl.h>

#include <cstring>

#include "kernels/communicator.hpp"
#include "kernels/cuda_check.hpp"

#define SIMFORGE_NCCL_CHECK(call)                                                                    \
  do {                                                                                               \
    ncclResult_t simforge_nccl_ = (call);                                                            \
    SIMFORGE_CHECK(simforge_nccl_ == ncclSuccess, #call, " failed: ", ncclGetErrorString(simforge_nccl_)); \
  } while (0)

namespace simforge {

namespace {

class Nccl final : public Communicator {
 public:
  Nccl(int rank, int size, const std::vector<char>& id) : rank_(rank), size_(size) {
    SIMFORGE_CHECK(id.size() == sizeof(ncclUniqueId), "NCCL id has ", id.size(), " bytes, expected ", sizeof(ncclUniqueId));
    ncclUniqueId u;
    std::memcpy(&u, id.data(), sizeof u);
    SIMFORGE_NCCL_CHECK(ncclCommInitRank(&comm_, size, u, rank));
    SIMFORGE_CUDA_CHECK(cudaMalloc(&scalars_, capacity_ * sizeof(double)));
  }
  ~Nccl() override {
    cudaFree(scalars_);
    ncclCommDestroy(comm_);
  }
  int rank() const override { return rank_; }
  int size() const override { return size_; }
  std::string description() const override { return "NCCL, " + std::to_string(size_) + " ranks"; }
  void sum(float* data, std::size_t n, const Stream& s) override {
    SIMFORGE_NCCL_CHECK(ncclAllReduce(data, data, n, ncclFloat32, ncclSum, comm_, static_cast<cudaStream_t>(s.native())));
  }
  void sum_host(double* data, std::size_t n, const Stream& s) override {
    SIMFORGE_CHECK(n <= capacity_, "NCCL host sum of ", n, " values (at most ", capacity_, ")");
    const auto q = static_cast<cudaStream_t>(s.native());
    SIMFORGE_CUDA_CHECK(cudaMemcpyAsync(scalars_, data, n * sizeof(double), cudaMemcpyHostToDevice, q));
    SIMFORGE_NCCL_CHECK(ncclAllReduce(scalars_, scalars_, n, ncclFloat64, ncclSum, comm_, q));
    SIMFORGE_CUDA_CHECK(cudaMemcpyAsync(data, scalars_, n * sizeof(double), cudaMemcpyDeviceToHost, q));
    s.synchronize();
  }

 private:
  int rank_, size_;
  ncclComm_t comm_ = nullptr;
  static constexpr std::size_t capacity_ = 64;  // host sums are few scalars (losses, counts)
  double* scalars_ = nullptr;
};

}  // namespace

bool nccl_available() { return true; }

std::vector<char> nccl_unique_id() {
  ncclUniqueId u;
  SIMFORGE_NCCL_CHECK(ncclGetUniqueId(&u));
  return std::vector<char>(u.internal, u.internal + sizeof u.internal);
}

std::unique_ptr<Communicator> make_nccl_communicator(int rank, int size, const std::vector<char>& id) {
  return std::make_unique<Nccl>(rank, size, id);
}

}  // namespace simforge
