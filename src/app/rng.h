// A deterministic random source for the seed profiles: splitmix64, the same sequence on every
// compiler and standard library (std distributions are not).
#pragma once

#include <cstdint>
#include <iterator>

namespace haoban::app {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return below(100) < percent; }
  template <class C>
  const auto& pick(const C& c) {
    return c[below(static_cast<int>(std::size(c)))];
  }

 private:
  std::uint64_t s_;
};

}  // namespace haoban::app
