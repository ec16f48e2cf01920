#pragma once
// Philox4x32-10 (Salmon et al., SC'11), counter-based: output = f(counter, key) with no state, so
// any element of any sample can be drawn independently, in any order, on any device. Simforge
// keys it by (seed, sample) and counts per element, which makes sample i of a dataset depend
// only on (config, seed, i).
#include <cmath>
#include <cstdint>

#include "kernels/backend.hpp"

namespace simforge {

struct PhiloxCounter {
  std::uint32_t v[4];
};
struct PhiloxKey {
  std::uint32_t v[2];
};

SIMFORGE_HD inline void philox_mulhilo(std::uint32_t a, std::uint32_t b, std::uint32_t& hi, std::uint32_t& lo) {
  const std::uint64_t p = std::uint64_t(a) * std::uint64_t(b);
  hi = std::uint32_t(p >> 32);
  lo = std::uint32_t(p);
}

// The raw bijection, 10 rounds, key bumped before rounds 2..10 (Random123's philox4x32).
SIMFORGE_HD inline PhiloxCounter philox4x32_10(PhiloxCounter c, PhiloxKey k) {
  constexpr std::uint32_t m0 = 0xD2511F53u, m1 = 0xCD9E8D57u;
  constexpr std::uint32_t w0 = 0x9E3779B9u, w1 = 0xBB67AE85u;
  for (int r = 0; r < 10; ++r) {
    if (r > 0) {
      k.v[0] += w0;
      k.v[1] += w1;
    }
    std::uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(m0, c.v[0], hi0, lo0);
    philox_mulhilo(m1, c.v[2], hi1, lo1);
    c = PhiloxCounter{{hi1 ^ c.v[1] ^ k.v[0], lo1, hi0 ^ c.v[3] ^ k.v[1], lo0}};
  }
  return c;
}

// Uniform in (0, 1]: never 0, so log() is safe in Box–Muller. 32 bits of resolution.
SIMFORGE_HD inline double uniform_open0(std::uint32_t x) { return (double(x) + 1.0) * 2.3283064365386963e-10; }

// A stream of variates for one (seed, sample) pair. Element e of stream `tag` uses counter
// {e_lo, e_hi, tag, seed_hi}: distinct (tag, e) pairs never share a counter.
class PhiloxStream {
 public:
  SIMFORGE_HD PhiloxStream(std::uint64_t seed, std::uint64_t sample, std::uint32_t tag = 0)
      : key_{{std::uint32_t(seed), std::uint32_t(sample)}},
        seed_hi_(std::uint32_t(seed >> 32) ^ (std::uint32_t(sample >> 32) * 0x9E3779B9u)),
        tag_(tag) {}

  // Four independent 32-bit words for element e.
  SIMFORGE_HD PhiloxCounter bits(std::uint64_t e) const {
    return philox4x32_10(PhiloxCounter{{std::uint32_t(e), std::uint32_t(e >> 32), tag_, seed_hi_}}, key_);
  }
  // Uniform in (0, 1] from word 0 of element e.
  SIMFORGE_HD double uniform(std::uint64_t e) const { return uniform_open0(bits(e).v[0]); }
  // Two independent standard normals for element e (Box–Muller on words 0..3, 64-bit uniforms).
  SIMFORGE_HD void normal2(std::uint64_t e, double& z0, double& z1) const {
    const PhiloxCounter b = bits(e);
    const double u1 = (double(b.v[0]) + double(b.v[1]) * 4294967296.0 + 1.0) * 5.421010862427522e-20;
    const double u2 = (double(b.v[2]) + double(b.v[3]) * 4294967296.0) * 5.421010862427522e-20;
    const double r = sqrt(-2.0 * log(u1));
    const double a = 6.283185307179586 * u2;
    z0 = r * cos(a);
    z1 = r * sin(a);
  }

 private:
  PhiloxKey key_;
  std::uint32_t seed_hi_;
  std::uint32_t tag_;
};

}  // namespace simforge
