// Test-only: the platform's gazetteer and a parser with the shipped rules alone (no model), loaded
// once per test binary and shared by the suites that need them.
#pragma once

#include "address/parser.h"
#include "testing/testing.h"

namespace haoban::address::test {

inline const Parser& rules_parser() {
  static const Gazetteer gazetteer = load_gazetteer(haoban::testing::source_dir() / "data");
  static const Parser parser(gazetteer, nullptr);
  return parser;
}

}  // namespace haoban::address::test
