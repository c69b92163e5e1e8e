#include "expr/decimal.h"

#include <gtest/gtest.h>

#include <limits>
#include <string>

namespace haoban::expr {
namespace {

Decimal d(std::string_view s) {
  auto v = Decimal::parse(s);
  if (!v) throw std::invalid_argument(std::string(s));
  return *v;
}

std::string text(std::optional<Decimal> v) { return v ? v->to_string() : "overflow"; }

TEST(Decimal, ParsesAndFormatsShortestExactForm) {
  EXPECT_EQ(d("12.50").to_string(), "12.5");
  EXPECT_EQ(d("-0.3").to_string(), "-0.3");
  EXPECT_EQ(d("7").to_string(), "7");
  EXPECT_EQ(d("0.000001").to_string(), "0.000001");
  EXPECT_EQ(d("-0.0").to_string(), "0");
  EXPECT_EQ(d("99999999999999999999999999.999999").to_string(), "99999999999999999999999999.999999");
  EXPECT_EQ(d("-99999999999999999999999999.999999").to_string(), "-99999999999999999999999999.999999");
  EXPECT_EQ(d("0012.5").to_string(), "12.5");
}

TEST(Decimal, RejectsMalformedAndOutOfRangeText) {
  for (std::string_view bad : {"", "-", ".5", "5.", "+1", "1e3", " 1", "1 ", "1,000", "1.2.3", "0.0000001",
                               "100000000000000000000000000", "abc", "1.-2"}) {
    EXPECT_FALSE(Decimal::parse(bad)) << bad;
  }
}

TEST(Decimal, AdditionIsExact) {
  EXPECT_EQ(*Decimal::add(d("0.1"), d("0.2")), d("0.3"));
  EXPECT_EQ(text(Decimal::sub(d("0.3"), d("0.1"))), "0.2");
  EXPECT_EQ(text(Decimal::add(d("-1.5"), d("1.5"))), "0");
}

TEST(Decimal, MultiplicationRoundsHalfEvenToSixDigits) {
  EXPECT_EQ(text(Decimal::mul(d("1.5"), d("1.5"))), "2.25");
  EXPECT_EQ(text(Decimal::mul(d("0.000001"), d("0.5"))), "0");         // 0.0000005 → 0 (even)
  EXPECT_EQ(text(Decimal::mul(d("0.000003"), d("0.5"))), "0.000002");  // 0.0000015 → 0.000002 (even)
  EXPECT_EQ(text(Decimal::mul(d("-0.000003"), d("0.5"))), "-0.000002");
  EXPECT_EQ(text(Decimal::mul(d("12345.67"), d("0.13"))), "1604.9371");
}

TEST(Decimal, DivisionRoundsHalfEvenAndRejectsZero) {
  EXPECT_EQ(text(Decimal::div(d("1"), d("3"))), "0.333333");
  EXPECT_EQ(text(Decimal::div(d("2"), d("3"))), "0.666667");
  EXPECT_EQ(text(Decimal::div(d("-2"), d("3"))), "-0.666667");
  EXPECT_EQ(text(Decimal::div(d("0.000001"), d("2"))), "0");         // half → even 0
  EXPECT_EQ(text(Decimal::div(d("0.000003"), d("2"))), "0.000002");  // 1.5 → 2
  EXPECT_EQ(text(Decimal::div(d("10"), d("4"))), "2.5");
  EXPECT_FALSE(Decimal::div(d("1"), d("0")));
  EXPECT_FALSE(Decimal::rem(d("1"), d("0")));
  EXPECT_EQ(text(Decimal::rem(d("7.5"), d("2"))), "1.5");
  EXPECT_EQ(text(Decimal::rem(d("-7.5"), d("2"))), "-1.5");
}

TEST(Decimal, OverflowIsReportedNotWrapped) {
  const Decimal big = d("99999999999999999999999999");
  EXPECT_FALSE(Decimal::add(big, d("1")));
  EXPECT_FALSE(Decimal::sub(big.negated(), d("1")));
  EXPECT_FALSE(Decimal::mul(big, d("2")));
  EXPECT_FALSE(Decimal::mul(big, big));  // the 128-bit intermediate itself overflows
  EXPECT_FALSE(Decimal::div(big, d("0.1")));
  EXPECT_EQ(text(Decimal::div(big, d("10"))), "9999999999999999999999999.9");
}

TEST(Decimal, RoundingIsHalfAwayFromZeroForMoney) {
  EXPECT_EQ(d("2.345").rounded(2)->to_string(), "2.35");
  EXPECT_EQ(d("-2.345").rounded(2)->to_string(), "-2.35");
  EXPECT_EQ(d("2.344999").rounded(2)->to_string(), "2.34");
  EXPECT_EQ(d("2.5").rounded(0)->to_string(), "3");
  EXPECT_EQ(d("3.5").rounded(0)->to_string(), "4");
}

TEST(Decimal, FixedDigitFormatting) {
  EXPECT_EQ(d("12.5").to_string(2), "12.50");
  EXPECT_EQ(d("2.345").to_string(2), "2.35");
  EXPECT_EQ(d("-0.005").to_string(2), "-0.01");
  EXPECT_EQ(d("7").to_string(0), "7");
  EXPECT_EQ(d("1.5").to_string(9), "1.500000");  // clamped to 6
}

TEST(Decimal, OrdersByValue) {
  EXPECT_LT(d("0.1"), d("0.2"));
  EXPECT_LT(d("-3"), d("-2.999999"));
  EXPECT_EQ(d("1.0"), Decimal::from_int(1));
  EXPECT_GT(Decimal::from_int(std::numeric_limits<std::int64_t>::max()), d("9223372036854775806.5"));
}

}  // namespace
}  // namespace haoban::expr
