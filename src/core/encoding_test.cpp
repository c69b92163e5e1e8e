#include "core/encoding.h"

#include <gtest/gtest.h>

namespace haoban {
namespace {

TEST(Encoding, HexRoundTripsAndRefusesJunk) {
  EXPECT_EQ(hex_encode(std::string("\x00\xff\x10", 3)), "00ff10");
  EXPECT_EQ(hex_decode("00FF10"), std::string("\x00\xff\x10", 3));
  EXPECT_FALSE(hex_decode("abc"));
  EXPECT_FALSE(hex_decode("zz"));
  EXPECT_EQ(hex_decode(""), "");
}

TEST(Encoding, Base64MatchesRfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (auto [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain);
  }
}

TEST(Encoding, Base64RefusesNonCanonicalInput) {
  EXPECT_FALSE(base64_decode("Zg="));     // bad length
  EXPECT_FALSE(base64_decode("Zh=="));    // non-zero bits under the padding
  EXPECT_FALSE(base64_decode("Zm9v!A=="));
  EXPECT_FALSE(base64_decode("Z==="));
  EXPECT_FALSE(base64_decode("Zm=v"));    // padding in the middle
  EXPECT_FALSE(base64_decode("Zm9v\n"));
}

}  // namespace
}  // namespace haoban
