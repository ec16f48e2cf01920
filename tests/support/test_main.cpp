// Shared test main: reports the backend, and how many tests skipped (GPU-only tests skip only when
// no CUDA device is present).
#include <gtest/gtest.h>

#include <cstdio>

#include "kernels/device.hpp"
#include "simforge/version.hpp"

namespace {
class SkipReport : public testing::EmptyTestEventListener {
  void OnTestProgramEnd(const testing::UnitTest& u) override {
    std::printf("[simforge] backend %s (%s): %d skipped\n", simforge::backend,
                simforge::device::description().c_str(), u.skipped_test_count());
  }
};
}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new SkipReport);
  return RUN_ALL_TESTS();
}
