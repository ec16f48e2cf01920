#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "kernels/philox.hpp"

namespace simforge {
namespace {

// Random123's published known-answer vectors for philox4x32-10 (kat_vectors).
TEST(Philox, MatchesRandom123KnownAnswers) {
  struct Kat {
    PhiloxCounter ctr;
    PhiloxKey key;
    std::uint32_t expect[4];
  } kats[] = {
      {{{0, 0, 0, 0}}, {{0, 0}}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
      {{{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}}, {{0xffffffff, 0xffffffff}},
       {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
      {{{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}}, {{0xa4093822, 0x299f31d0}},
       {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (const Kat& k : kats) {
    const PhiloxCounter out = philox4x32_10(k.ctr, k.key);
    for (int i = 0; i < 4; ++i) EXPECT_EQ(out.v[i], k.expect[i]) << "word " << i;
  }
}

TEST(Philox, NormalsHaveUnitMomentsAndStreamsDiffer) {
  const PhiloxStream a(42, 7), b(42, 8), c(43, 7);
  const int n = 200000;
  double s1 = 0, s2 = 0, s4 = 0;
  for (int e = 0; e < n; ++e) {
    double z0, z1;
    a.normal2(e, z0, z1);
    for (double z : {z0, z1}) {
      s1 += z;
      s2 += z * z;
      s4 += z * z * z * z;
    }
  }
  const double m = 2.0 * n;
  // Standard errors: mean 1/sqrt(m), variance sqrt(2/m), fourth moment sqrt(96/m); 5 sigma.
  EXPECT_NEAR(s1 / m, 0.0, 5 / std::sqrt(m));
  EXPECT_NEAR(s2 / m, 1.0, 5 * std::sqrt(2 / m));
  EXPECT_NEAR(s4 / m, 3.0, 5 * std::sqrt(96 / m));
  EXPECT_NE(a.bits(0).v[0], b.bits(0).v[0]);
  EXPECT_NE(a.bits(0).v[0], c.bits(0).v[0]);
  EXPECT_EQ(a.bits(123).v[2], PhiloxStream(42, 7).bits(123).v[2]);  // stateless
}

}  // namespace
}  // namespace simforge
