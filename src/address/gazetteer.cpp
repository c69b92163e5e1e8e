#include "address/gazetteer.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>

#include "address/csv.h"
#include "core/error.h"

namespace haoban::address {

namespace fs = std::filesystem;

std::string_view to_string(Kind k) {
  static constexpr std::array<std::string_view, kind_count> names{"prov", "city", "district", "town",
                                                                   "community", "road", "devzone", "poi"};
  return names[static_cast<std::size_t>(k)];
}

namespace {

// The suffixes a short name drops, longest first, per kind.
std::string short_name(std::string_view name, Kind kind) {
  static constexpr std::array<std::string_view, 8> prov{"维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区",
                                                        "自治区", "省", "市", ""};
  static constexpr std::array<std::string_view, 5> city{"自治州", "地区", "市", "盟", ""};
  static constexpr std::array<std::string_view, 6> district{"自治县", "区", "县", "市", "旗", ""};
  static constexpr std::array<std::string_view, 5> town{"街道", "镇", "乡", "地区", ""};
  auto strip = [&](auto& suffixes) -> std::string {
    for (auto s : suffixes) {
      if (s.empty() || !name.ends_with(s)) continue;
      auto rest = name.substr(0, name.size() - s.size());
      if (utf8_length(rest) >= 2) return std::string(rest);
      return {};
    }
    return {};
  };
  switch (kind) {
    case Kind::prov: return strip(prov);
    case Kind::city: return strip(city);
    case Kind::district: return strip(district);
    case Kind::town: return strip(town);
    default: return {};
  }
}

template <class F>
void read_csv(const fs::path& file, std::size_t columns, F&& row) {
  std::ifstream in(file);
  if (!in) throw invalid("gazetteer-missing", "找不到行政区划数据", file.string() + ": cannot open");
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (n == 1 || line.empty()) continue;  // header
    auto cells = split_csv_record(line);
    if (cells.size() < columns || cells[0].empty() || cells[1].empty())
      throw invalid("gazetteer-malformed", "行政区划数据格式错误",
                    fmt::format("{}:{}: expected {} columns (code,name,…)", file.string(), n, columns));
    row(cells, n);
  }
}

}  // namespace

Gazetteer Gazetteer::load(const fs::path& dir) {
  Gazetteer g;
  auto parent_of = [&](const std::string& code, const fs::path& file, std::size_t line) {
    auto p = g.by_code(code);
    if (!p)
      throw invalid("gazetteer-malformed", "行政区划数据格式错误",
                    fmt::format("{}:{}: unknown parent code {}", file.string(), line, code));
    return *p;
  };
  read_csv(dir / "provinces.csv", 2, [&](auto& c, std::size_t) { g.add(c[1], Kind::prov, -1, c[0]); });
  read_csv(dir / "cities.csv", 3, [&](auto& c, std::size_t line) {
    g.add(c[1], Kind::city, parent_of(c[2], dir / "cities.csv", line), c[0]);
  });
  read_csv(dir / "areas.csv", 3, [&](auto& c, std::size_t line) {
    g.add(c[1], Kind::district, parent_of(c[2], dir / "areas.csv", line), c[0]);
  });
  read_csv(dir / "streets.csv", 3, [&](auto& c, std::size_t line) {
    g.add(c[1], Kind::town, parent_of(c[2], dir / "streets.csv", line), c[0]);
  });
  g.pack();
  return g;
}

int Gazetteer::add(std::string name, Kind kind, int parent, std::string code) {
  int i = static_cast<int>(divisions_.size());
  // Municipalities list their city level as 市辖区 / 县: not a name anyone writes.
  bool placeholder = kind == Kind::city && placeholder_city(name);
  if (!code.empty()) by_code_.emplace(code, i);
  divisions_.push_back(Division{std::move(code), std::move(name), kind, parent});
  if (placeholder) {
    // Let the municipality's own name stand for its city level too (上海市 is province and city).
    if (parent >= 0) index(divisions_[static_cast<std::size_t>(parent)].name, i, false);
    return i;
  }
  const auto& d = divisions_.back();
  index(d.name, i, false);
  if (auto s = short_name(d.name, kind); !s.empty()) index(s, i, true);
  return i;
}

void Gazetteer::index(const std::string& name, int division, bool short_name) {
  by_name_[name].push_back(Entry{division, short_name});
  if (name.empty()) return;
  auto u32 = [](std::size_t n) { return static_cast<std::uint32_t>(n); };
  std::size_t pos = 0;
  char32_t first = decode_at(name, pos);
  if (first >= root_.size()) root_.resize(std::size_t{first} + 1);
  // The current node: root_[first], or the one in edges_[edge]. (Growing edges_ moves the nodes.)
  constexpr auto in_root = static_cast<std::size_t>(-1);
  std::size_t edge = in_root;
  auto node = [&]() -> Node& { return edge == in_root ? root_[first] : edges_[edge].node; };
  while (pos < name.size()) {
    char32_t c = decode_at(name, pos);
    auto begin = edges_.begin() + node().children;
    auto end = begin + node().child_count;
    auto at = std::lower_bound(begin, end, c, [](const Edge& e, char32_t v) { return e.c < v; });
    if (at == end || at->c != c) {
      if (node().children + node().child_count != edges_.size()) {  // move the children to the end
        auto from = node().children, count = node().child_count;
        for (std::uint32_t k = 0; k < count; ++k) {
          Edge e = edges_[from + k];
          edges_.push_back(e);
        }
        node().children = u32(edges_.size() - count);
      }
      begin = edges_.begin() + node().children;
      at = edges_.insert(std::lower_bound(begin, edges_.end(), c, [](const Edge& e, char32_t v) { return e.c < v; }),
                         Edge{c, Node{}});
      ++node().child_count;
    }
    edge = static_cast<std::size_t>(at - edges_.begin());
  }
  Node& n = node();
  if (n.entries + n.entry_count != entries_.size()) {  // move the entries to the end
    auto from = n.entries;
    n.entries = u32(entries_.size());
    for (std::uint32_t k = 0; k < n.entry_count; ++k) {
      Entry e = entries_[from + k];
      entries_.push_back(e);
    }
  }
  entries_.push_back(Entry{division, short_name});
  ++n.entry_count;
}

void Gazetteer::pack() {
  std::vector<Node> root(root_.size());
  std::vector<Edge> edges;
  std::vector<Entry> entries;
  edges.reserve(edges_.size());
  entries.reserve(entries_.size());
  auto u32 = [](std::size_t n) { return static_cast<std::uint32_t>(n); };
  // The copy of `old`: its names, then its children side by side, then their subtrees in turn.
  auto place = [&](auto& self, const Node& old) -> Node {
    Node n;
    n.entries = u32(entries.size());
    n.entry_count = old.entry_count;
    entries.insert(entries.end(), entries_.begin() + old.entries, entries_.begin() + old.entries + old.entry_count);
    n.children = u32(edges.size());
    n.child_count = old.child_count;
    edges.resize(edges.size() + old.child_count);
    for (std::uint32_t k = 0; k < old.child_count; ++k) {
      const Edge& e = edges_[old.children + k];
      Node child = self(self, e.node);
      edges[n.children + k] = Edge{e.c, child};
    }
    return n;
  };
  for (std::size_t c = 0; c < root_.size(); ++c) root[c] = place(place, root_[c]);
  root_ = std::move(root);
  edges_ = std::move(edges);
  entries_ = std::move(entries);
}

inline const Gazetteer::Node* Gazetteer::child(const Node& node, char32_t c) const {
  const Edge* begin = edges_.data() + node.children;
  const Edge* end = begin + node.child_count;
  const Edge* e = std::lower_bound(begin, end, c, [](const Edge& x, char32_t v) { return x.c < v; });
  return e != end && e->c == c ? &e->node : nullptr;
}

bool placeholder_city(std::string_view name) {
  return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" || name == "自治区直辖县级行政区划";
}

std::optional<int> Gazetteer::by_code(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  if (it == by_code_.end()) return std::nullopt;
  return it->second;
}

std::vector<int> Gazetteer::named(std::string_view name) const {
  std::vector<int> out;
  auto it = by_name_.find(std::string(name));
  if (it == by_name_.end()) return out;
  for (auto& e : it->second) out.push_back(e.division);
  std::stable_sort(out.begin(), out.end(), [&](int a, int b) {
    return static_cast<int>(division(a).kind) > static_cast<int>(division(b).kind);
  });
  return out;
}

std::vector<int> Gazetteer::chain(int i) const {
  std::vector<int> out;
  for (; i >= 0; i = division(i).parent) out.push_back(i);
  std::reverse(out.begin(), out.end());
  return out;
}

bool Gazetteer::within(int inner, int outer) const {
  for (; inner >= 0; inner = division(inner).parent)
    if (inner == outer) return true;
  return false;
}

std::vector<NameMatch> Gazetteer::matches(std::string_view text, const std::vector<Token>& tokens) const {
  std::vector<NameMatch> out;
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    std::size_t pos = tokens[t].begin, next_token = t;
    if (pos >= text.size()) continue;
    char32_t first = decode_at(text, pos);
    if (first >= root_.size()) continue;
    const Node* node = &root_[first];
    while (node->child_count != 0 || node->entry_count != 0) {
      while (next_token < tokens.size() && tokens[next_token].end <= pos) ++next_token;
      if (next_token > t && tokens[next_token - 1].end == pos)
        for (std::uint32_t k = 0; k < node->entry_count; ++k) {
          const Entry& e = entries_[node->entries + k];
          out.push_back(NameMatch{t, next_token, e.division, e.short_name});
        }
      if (pos >= text.size()) break;
      node = child(*node, decode_at(text, pos));
      if (node == nullptr) break;
    }
  }
  return out;
}

}  // namespace haoban::address
