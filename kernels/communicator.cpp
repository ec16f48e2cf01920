#include "kernels/communicator.hpp"

#include "kernels/error.hpp"

namespace simforge {

namespace {
class SingleProcess final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::string description() const override { return "one process"; }
  void sum(float*, std::size_t, const Stream&) override {}
  void sum_host(double*, std::size_t, const Stream&) override {}
};
}  // namespace

Communicator& single_process() {
  static SingleProcess one;  // stateless: shared by every training of the process
  return one;
}

#ifndef SIMFORGE_HAVE_NCCL
bool nccl_available() { return false; }
std::vector<char> nccl_unique_id() { SIMFORGE_FAIL("this simforge was built without NCCL (the CUDA build links it)"); }
std::unique_ptr<Communicator> make_nccl_communicator(int, int, const std::vector<char>&) {
  SIMFORGE_FAIL("this simforge was built without NCCL (the CUDA build links it)");
}
#endif

}  // namespace simforge
