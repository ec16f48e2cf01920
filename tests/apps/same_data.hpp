#pragma once
// Two datasets hold the same samples, bit for bit: what shards, merges and MPI runs promise.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "io/dataset_reader.hpp"

namespace simforge::testing_data {

template <class T>
bool same_bits(const std::vector<T>& a, const std::vector<T>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(T)) == 0;
}

// Every array a model or a reader sees: each field of each sample, the per-sample parameters, the
// diagnostics, bit for bit (NaN included).
inline void expect_same_data(const std::filesystem::path& ref, const std::filesystem::path& other) {
  const io::DatasetReader a(ref), b(other);
  const io::DatasetSpec& s = a.info().spec;
  ASSERT_TRUE(b.info().complete) << other;
  ASSERT_EQ(b.info().spec.n_trajectories, s.n_trajectories);
  ASSERT_EQ(b.field_names(), a.field_names());
  EXPECT_EQ(io::spec_difference(a.info().spec, b.info().spec), "");
  for (const auto& f : a.field_names())
    for (std::size_t i = 0; i < s.n_trajectories; ++i)
      EXPECT_TRUE(same_bits(a.read_sample(f, i), b.read_sample(f, i))) << other << ": field " << f << ", sample " << i;
  ASSERT_FALSE(s.sample_scalars.empty() && s.t1_fields.empty()) << "the test wants per-sample scalars or vector fields";
  for (const auto& n : s.sample_scalars) EXPECT_TRUE(same_bits(a.read_scalar(n), b.read_scalar(n))) << other << ": scalar " << n;
  for (const auto& n : s.diagnostics)
    EXPECT_TRUE(same_bits(a.read_diagnostic(n), b.read_diagnostic(n))) << other << ": diagnostic " << n;
}

}  // namespace simforge::testing_data
