// libFuzzer: any bytes as a model file or checkpoint.
#include "fuzz_file.hpp"
#include "io/checkpoint.hpp"
#include "kernels/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    simforge::io::read_checkpoint(fuzz_file(data, size));
  } catch (const simforge::Error&) {
  }
  return 0;
}
