#include "ledger/tiles.h"

#include <gtest/gtest.h>

namespace haoban::ledger {
namespace {

TEST(Tiles, PathsFollowTlogTiles) {
  EXPECT_EQ(tile_index_path(0), "000");
  EXPECT_EQ(tile_index_path(1234067), "x001/x234/067");
  EXPECT_EQ(tile_index_path(1000), "x001/000");
  EXPECT_EQ(tile_path(0, 1234067, 256), "tile/0/x001/x234/067");
  EXPECT_EQ(tile_path(2, 5, 17), "tile/2/005.p/17");
  EXPECT_EQ(bundle_path(273, 112), "tile/entries/273.p/112");
  // c2sp.org/tlog-tiles' example: a tree of 70,000 entries.
  EXPECT_EQ(partial_width(70000, 0), 112u);
  EXPECT_EQ(partial_width(70000, 1), 17u);
  EXPECT_EQ(partial_width(70000, 2), 1u);
  EXPECT_EQ(level_count(70000, 0) / 256, 273u);
}

TEST(Tiles, BundlesRoundTripAndRefuseTruncation) {
  std::vector<std::string> entries{"", "a", std::string(300, 'x')};
  std::string b = encode_bundle(entries);
  EXPECT_EQ(b.size(), 2u + 0 + 2 + 1 + 2 + 300);
  EXPECT_EQ(decode_bundle(b), entries);
  EXPECT_FALSE(decode_bundle(b.substr(0, b.size() - 1)));
  EXPECT_FALSE(decode_bundle(std::string(1, '\0')));
  EXPECT_EQ(decode_bundle(""), std::vector<std::string>{});
}

TEST(Tiles, ParsesOnlyCanonicalResourcePaths) {
  auto r = parse_tile_ref("0/x001/x234/067.p/5");
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->entries);
  EXPECT_EQ(r->n, 1234067u);
  EXPECT_EQ(r->width, 5u);
  EXPECT_EQ(r->path(), "tile/0/x001/x234/067.p/5");
  r = parse_tile_ref("entries/007");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->entries);
  EXPECT_EQ(r->width, 256u);
  for (const char* bad : {"", "0", "0/1", "0/0001", "0/x000/001", "64/000", "00/000", "0/000.p/0", "0/000.p/256",
                          "0/000.p/07", "0/000.p/", "../params", "0/../../params", "entries/000/../000", "0/x01/000",
                          "x/000", "0/000.p/5/x", "checkpoint"})
    EXPECT_FALSE(parse_tile_ref(bad)) << bad;
}

}  // namespace
}  // namespace haoban::ledger
