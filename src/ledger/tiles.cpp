#include "ledger/tiles.h"

#include <fmt/format.h>

namespace haoban::ledger {

std::string tile_index_path(uint64_t n) {
  std::string out = fmt::format("{:03}", n % 1000);
  for (n /= 1000; n > 0; n /= 1000) out = fmt::format("x{:03}/", n % 1000) + out;
  return out;
}

namespace {
std::string with_width(std::string base, unsigned width) {
  if (width != kTileWidth) base += fmt::format(".p/{}", width);
  return base;
}
}  // namespace

std::string tile_path(unsigned level, uint64_t n, unsigned width) {
  return with_width(fmt::format("tile/{}/{}", level, tile_index_path(n)), width);
}

std::string bundle_path(uint64_t n, unsigned width) {
  return with_width("tile/entries/" + tile_index_path(n), width);
}

std::string encode_bundle(std::span<const std::string> entries) {
  std::string out;
  size_t total = 0;
  for (const auto& e : entries) total += 2 + e.size();
  out.reserve(total);
  for (const auto& e : entries) {
    out += static_cast<char>(e.size() >> 8);
    out += static_cast<char>(e.size() & 0xff);
    out += e;
  }
  return out;
}

std::optional<std::vector<std::string>> decode_bundle(std::string_view bytes) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < bytes.size()) {
    if (bytes.size() - pos < 2) return std::nullopt;
    size_t len = static_cast<unsigned char>(bytes[pos]) << 8 | static_cast<unsigned char>(bytes[pos + 1]);
    pos += 2;
    if (bytes.size() - pos < len) return std::nullopt;
    out.emplace_back(bytes.substr(pos, len));
    pos += len;
  }
  return out;
}

}  // namespace haoban::ledger
