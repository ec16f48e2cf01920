// libFuzzer: any bytes as a dataset, read as `simforge info` reads one.
#include "fuzz_file.hpp"
#include "io/dataset_reader.hpp"
#include "kernels/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const simforge::io::DatasetReader r(fuzz_file(data, size));
    for (const auto& s : r.info().spec.sample_scalars) r.read_scalar(s);
    for (const auto& d : r.info().spec.diagnostics) r.read_diagnostic(d);
    for (const auto& f : r.field_names()) r.field_stats(f);
  } catch (const simforge::Error&) {
    // the expected outcome for damaged input: one error naming the file
  }
  return 0;
}
