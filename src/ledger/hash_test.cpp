#include "ledger/hash.h"

#include <gtest/gtest.h>

#include <string>

#include "core/encoding.h"

namespace haoban::ledger {
namespace {

std::string hex_digest(HashAlg alg, std::string_view data) { return to_hex(Hasher(alg).digest(data)); }

// GB/T 32905-2016 Appendix A.
TEST(Sm3, KnownAnswers) {
  EXPECT_EQ(hex_digest(HashAlg::sm3, "abc"), "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
  std::string abcd16;
  for (int i = 0; i < 16; ++i) abcd16 += "abcd";
  EXPECT_EQ(hex_digest(HashAlg::sm3, abcd16), "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732");
}

TEST(Sha256, KnownAnswer) {
  EXPECT_EQ(hex_digest(HashAlg::sha256, ""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Hasher, DomainSeparatesLeavesAndNodes) {
  Hasher h(HashAlg::sha256);
  // RFC 6962: leaf = H(0x00 || d); the empty leaf is the well-known 6e340b9c… value.
  EXPECT_EQ(to_hex(h.leaf("")), "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
  Hash a = h.leaf("a"), b = h.leaf("b");
  std::string concat = std::string(1, '\x01') + std::string(as_bytes(a)) + std::string(as_bytes(b));
  EXPECT_EQ(h.node(a, b), h.digest(concat));
  EXPECT_NE(h.node(a, b), h.node(b, a));
  EXPECT_NE(Hasher(HashAlg::sm3).leaf("a"), a);
}

TEST(Hasher, ParsesAlgorithmNames) {
  EXPECT_EQ(parse_hash_alg("sm3"), HashAlg::sm3);
  EXPECT_EQ(parse_hash_alg("sha256"), HashAlg::sha256);
  EXPECT_FALSE(parse_hash_alg("md5"));
  EXPECT_FALSE(hash_from_bytes(std::string(31, 'x')));
}

}  // namespace
}  // namespace haoban::ledger
