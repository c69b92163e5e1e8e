// The gazetteer: China's administrative divisions (province → city → district/county → street/town,
// with official codes, from data/gazetteer/) plus local names (a district's roads, neighbourhoods
// and parks, from data/address/*.yaml), searchable as a dictionary over address text.
//
// Every division is also known by its short name (宝山区 → 宝山, 浙江省 → 浙江, 友谊路街道 → 友谊路)
// when at least two characters remain; a short name is marked as such in matches.
//
// Immutable after load; safe to share between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "address/text.h"

namespace haoban::address {

enum class Kind : std::uint8_t { prov, city, district, town, community, road, devzone, poi };
inline constexpr int kind_count = 8;
std::string_view to_string(Kind k);  // "prov", "city", …

struct Division {
  std::string code;  // official code (310113003), or a local id (BS-ROAD-0012)
  std::string name;  // full name: 友谊路街道
  Kind kind = Kind::town;
  int parent = -1;   // index of the enclosing division; -1 at the top
};

// A city level nobody writes: municipalities' 市辖区 / 县 and the provinces' directly administered
// county-level units.
bool placeholder_city(std::string_view name);

struct NameMatch {
  std::size_t begin = 0, end = 0;  // token range [begin, end)
  int division = 0;
  bool short_name = false;
};

class Gazetteer {
 public:
  // Reads provinces.csv, cities.csv, areas.csv and streets.csv from `dir`. Throws
  // Error(invalid) naming file and line for a malformed row.
  static Gazetteer load(const std::filesystem::path& dir);

  // Adds a local name below `parent` (a division index); returns its index.
  int add(std::string name, Kind kind, int parent, std::string code = {});

  const Division& division(int i) const { return divisions_[static_cast<std::size_t>(i)]; }
  std::size_t size() const { return divisions_.size(); }
  std::optional<int> by_code(std::string_view code) const;
  // Divisions with this full or short name, most specific level first.
  std::vector<int> named(std::string_view name) const;
  // The chain from the top (province) down to `i`.
  std::vector<int> chain(int i) const;
  // Whether `inner` lies within `outer` (or is it).
  bool within(int inner, int outer) const;

  // Every dictionary name in `text` that starts and ends on token boundaries.
  std::vector<NameMatch> matches(std::string_view text, const std::vector<Token>& tokens) const;

 private:
  struct Entry {
    int division;
    bool short_name;
  };
  // Trie over code points. A node's children are edges_[children, children + child_count), sorted
  // by code point, each holding the child node itself; the names ending at a node are
  // entries_[entries, entries + entry_count), in the order added. The nodes one code point below
  // the root are root_[code point] (an empty node: none). Ranges grow by moving to the end of their
  // array; pack() lays the whole trie out afresh, depth first.
  struct Node {
    std::uint32_t children = 0, child_count = 0, entries = 0, entry_count = 0;
  };
  struct Edge {
    char32_t c;
    Node node;
  };
  void index(const std::string& name, int division, bool short_name);
  void pack();
  const Node* child(const Node& node, char32_t c) const;

  std::vector<Division> divisions_;
  std::unordered_map<std::string, int> by_code_;
  std::unordered_map<std::string, std::vector<Entry>> by_name_;
  std::vector<Node> root_;
  std::vector<Edge> edges_;
  std::vector<Entry> entries_;
};

}  // namespace haoban::address
