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

std::string TileRef::path() const { return entries ? bundle_path(n, width) : tile_path(level, n, width); }

std::optional<TileRef> parse_tile_ref(std::string_view p) {
  auto digits = [](std::string_view s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  };
  auto small = [&](std::string_view s, unsigned max) -> std::optional<unsigned> {
    if (!digits(s) || s.size() > 3 || (s.size() > 1 && s[0] == '0')) return std::nullopt;
    unsigned v = static_cast<unsigned>(std::stoul(std::string(s)));
    return v <= max ? std::optional(v) : std::nullopt;
  };
  TileRef r;
  size_t slash = p.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view head = p.substr(0, slash), rest = p.substr(slash + 1);
  if (head == "entries") {
    r.entries = true;
  } else if (auto l = small(head, 63)) {
    r.level = *l;
  } else {
    return std::nullopt;
  }
  if (auto dot = rest.find(".p/"); dot != std::string_view::npos) {
    auto w = small(rest.substr(dot + 3), 255);
    if (!w || *w == 0) return std::nullopt;
    r.width = *w;
    rest = rest.substr(0, dot);
  }
  uint64_t n = 0;
  for (;;) {
    size_t s2 = rest.find('/');
    std::string_view group = rest.substr(0, s2);
    if (s2 != std::string_view::npos) {
      if (group.size() != 4 || group[0] != 'x' || !digits(group.substr(1))) return std::nullopt;
      group.remove_prefix(1);
    } else if (group.size() != 3 || !digits(group)) {
      return std::nullopt;
    }
    if (n > (UINT64_MAX - 999) / 1000) return std::nullopt;
    n = n * 1000 + static_cast<uint64_t>(std::stoul(std::string(group)));
    if (s2 == std::string_view::npos) break;
    rest = rest.substr(s2 + 1);
  }
  r.n = n;
  // Only the canonical spelling: no "x000/" prefixes.
  if ("tile/" + std::string(p) != r.path()) return std::nullopt;
  return r;
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
