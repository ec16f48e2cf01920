// BackgroundSink: blocks reach the target in order with the caller's data as it was at write(),
// one block behind at most; an error of the writer thread is raised to the caller.
#include <gtest/gtest.h>

#include <stdexcept>

#include "io/background_sink.hpp"
#include "kernels/error.hpp"

namespace simforge::io {
namespace {

// Records every block; fails on the block starting at `fail_at`.
struct Recorder final : SampleSink {
  std::size_t field_elements = 3, fail_at = ~std::size_t{0};
  std::vector<std::size_t> firsts;
  std::vector<std::vector<float>> fields;
  std::vector<double> scalars;
  bool has_sample(std::size_t i) const override { return i < firsts.size(); }
  void write(const SampleBlock& b) override {
    if (b.first == fail_at) throw Error("disk full at block " + std::to_string(b.first));
    firsts.push_back(b.first);
    fields.emplace_back(b.fields[0], b.fields[0] + b.count * field_elements);
    scalars.insert(scalars.end(), b.scalars[0], b.scalars[0] + b.count);
  }
};

TEST(BackgroundSink, StoresTheCallersDataInOrderEvenWhenItsBuffersAreReused) {
  Recorder target;
  BackgroundSink sink(target, target.field_elements);
  std::vector<float> field(2 * 3);
  std::vector<double> scalar(2);
  for (std::size_t k = 0; k < 4; ++k) {
    for (std::size_t i = 0; i < field.size(); ++i) field[i] = float(10 * k + i);
    scalar = {double(k), double(k) + 0.5};
    SampleBlock b;
    b.first = 2 * k;
    b.count = 2;
    b.fields = {field.data()};
    b.scalars = {scalar.data()};
    sink.write(b);
    EXPECT_GE(sink.stored(), 2 * k);  // every block before this one is stored
    std::fill(field.begin(), field.end(), -1.0f);  // the caller reuses its buffer at once
  }
  sink.flush();
  EXPECT_EQ(sink.stored(), 8u);
  ASSERT_EQ(target.firsts, (std::vector<std::size_t>{0, 2, 4, 6}));
  for (std::size_t k = 0; k < 4; ++k)
    for (std::size_t i = 0; i < 6; ++i) EXPECT_EQ(target.fields[k][i], float(10 * k + i)) << "block " << k;
  EXPECT_EQ(target.scalars, (std::vector<double>{0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5}));
}

TEST(BackgroundSink, AWriterErrorReachesTheCallerAndNothingAfterItIsStored) {
  Recorder target;
  target.fail_at = 1;
  std::vector<float> field(3, 1.0f);
  std::vector<double> scalar(1, 0.0);
  auto block = [&](std::size_t first) {
    SampleBlock b;
    b.first = first;
    b.count = 1;
    b.fields = {field.data()};
    b.scalars = {scalar.data()};
    return b;
  };
  {
    BackgroundSink sink(target, 3);
    sink.write(block(0));
    sink.write(block(1));  // fails on the writer thread
    try {
      sink.write(block(2));
      sink.flush();
      FAIL() << "the writer's error was lost";
    } catch (const Error& e) {
      EXPECT_STREQ(e.what(), "disk full at block 1");
    }
    EXPECT_EQ(sink.stored(), 1u);
  }
  EXPECT_EQ(target.firsts, (std::vector<std::size_t>{0}));
}

}  // namespace
}  // namespace simforge::io
