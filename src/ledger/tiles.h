// The C2SP tlog-tiles layout (c2sp.org/tlog-tiles), as files under the log's directory:
//   tile/<L>/<N>[.p/<W>]        Merkle tree tiles of 256 hashes (partial: W < 256)
//   tile/entries/<N>[.p/<W>]    entry bundles: big-endian uint16 length-prefixed entries
//   checkpoint                  the signed checkpoint (the only mutable file)
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace haoban::ledger {

inline constexpr unsigned kTileWidth = 256;
inline constexpr unsigned kTileHeight = 8;       // log2(kTileWidth)
inline constexpr size_t kMaxEntryBytes = 65535;  // the uint16 length prefix

// "x001/x234/067" for 1234067.
std::string tile_index_path(uint64_t n);
// width kTileWidth means a full tile; 1..255 a partial one.
std::string tile_path(unsigned level, uint64_t n, unsigned width);
std::string bundle_path(uint64_t n, unsigned width);

// A tlog-tiles resource path ("0/x001/234.p/5", "entries/007"), parsed strictly: only the
// canonical spelling is accepted, so a parsed path is also a safe file name.
struct TileRef {
  bool entries = false;  // an entry bundle rather than a hash tile
  unsigned level = 0;
  uint64_t n = 0;
  unsigned width = 256;
  std::string path() const;  // relative to the log directory, e.g. "tile/0/x001/234.p/5"
};
std::optional<TileRef> parse_tile_ref(std::string_view path_after_tile);

std::string encode_bundle(std::span<const std::string> entries);
// nullopt if the bytes are not a well-formed bundle (truncated length or entry).
std::optional<std::vector<std::string>> decode_bundle(std::string_view bytes);

// Width of the rightmost tile at `level` for a tree of `size` leaves (0: no partial tile).
inline unsigned partial_width(uint64_t size, unsigned level) {
  return static_cast<unsigned>((size >> (kTileHeight * level)) % kTileWidth);
}
// Number of hashes stored at tile level `level` for a tree of `size` leaves.
inline uint64_t level_count(uint64_t size, unsigned level) { return size >> (kTileHeight * level); }

}  // namespace haoban::ledger
