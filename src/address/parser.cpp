#include "address/parser.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <set>
#include <tuple>

#include "address/local.h"
#include "core/error.h"

namespace haoban::address {

namespace fs = std::filesystem;

namespace {

struct LevelInfo {
  std::string_view name, label;
};
constexpr std::array<LevelInfo, 22> kLevels{{
    {"country", "国家"},     {"province", "省"},       {"city", "市"},          {"district", "区县"},
    {"devzone", "开发区"},   {"town", "街道镇"},       {"community", "社区村"}, {"road", "道路"},
    {"road_number", "门牌号"}, {"subroad", "支路"},    {"subroad_number", "支路号"}, {"lane", "弄"},
    {"poi", "兴趣点"},       {"subpoi", "子兴趣点"},   {"building", "幢"},      {"unit", "单元"},
    {"floor", "楼层"},       {"room", "室"},           {"occupant", "单位"},    {"assist", "方位"},
    {"redundant", "冗余"},   {"other", "其他"},
}};

std::size_t level_rank(std::string_view level) {
  for (std::size_t i = 0; i < kLevels.size(); ++i)
    if (kLevels[i].name == level) return i;
  return kLevels.size();
}

// The corpus' labels (NAACL 2019) → our levels.
std::string_view level_of_label(std::string_view label) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 21> map{{
      {"country", "country"}, {"prov", "province"}, {"city", "city"}, {"district", "district"},
      {"devzone", "devzone"}, {"town", "town"}, {"community", "community"}, {"road", "road"},
      {"roadno", "road_number"}, {"subroad", "subroad"}, {"subroadno", "subroad_number"}, {"poi", "poi"},
      {"subpoi", "subpoi"}, {"houseno", "building"}, {"cellno", "unit"}, {"floorno", "floor"},
      {"roomno", "room"}, {"person", "occupant"}, {"assist", "assist"}, {"redundant", "redundant"},
      {"otherinfo", "other"},
  }};
  for (auto& [l, v] : map)
    if (l == label) return v;
  return "other";
}

std::optional<Kind> kind_of_level(std::string_view level) {
  if (level == "province") return Kind::prov;
  if (level == "city") return Kind::city;
  if (level == "district") return Kind::district;
  if (level == "town") return Kind::town;
  if (level == "community") return Kind::community;
  if (level == "road") return Kind::road;
  if (level == "devzone") return Kind::devzone;
  return std::nullopt;
}

std::string_view level_of_kind(Kind k) {
  switch (k) {
    case Kind::prov: return "province";
    case Kind::city: return "city";
    case Kind::district: return "district";
    case Kind::town: return "town";
    case Kind::community: return "community";
    case Kind::road: return "road";
    case Kind::devzone: return "devzone";
    case Kind::poi: return "poi";
  }
  return "other";
}

bool is_digit_token(std::string_view t) { return !t.empty() && t[0] >= '0' && t[0] <= '9'; }

bool ends_with_any(std::string_view s, std::initializer_list<std::string_view> suffixes) {
  for (auto x : suffixes)
    if (s.ends_with(x)) return true;
  return false;
}

}  // namespace

const std::vector<std::string>& level_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (auto& l : kLevels) v.emplace_back(l.name);
    return v;
  }();
  return names;
}

std::string_view level_label(std::string_view level) {
  auto r = level_rank(level);
  return r < kLevels.size() ? kLevels[r].label : std::string_view("其他");
}

const Component* ParsedAddress::find(std::string_view level) const {
  for (const auto& c : components)
    if (c.level == level) return &c;
  return nullptr;
}

std::string ParsedAddress::text(std::string_view level) const {
  const auto* c = find(level);
  return c ? c->text : std::string();
}

std::string ParsedAddress::number(std::string_view level) const {
  std::string t = text(level);
  std::size_t n = 0;
  while (n < t.size() && t[n] >= '0' && t[n] <= '9') ++n;
  if (n == 0) return {};
  // Only a plain number and its unit: 1325甲号, 501A室, 5组6号 are other premises than 1325号.
  std::string_view unit = std::string_view(t).substr(n);
  for (std::string_view u : {"", "号", "弄", "号楼", "幢", "栋", "座", "单元", "楼", "层", "室"})
    if (unit == u) return t.substr(0, n);
  return {};
}

Parser::Parser(const Gazetteer& gazetteer, const Labeller* labeller, ParserOptions options)
    : gazetteer_(gazetteer), labeller_(labeller), options_(std::move(options)), home_(gazetteer.by_code(options_.home_district)) {}

// The shipped rules, for when no model is installed: gazetteer names, then the level words that
// close a road (路 街 大道 …), a community (村 社区), a zone (开发区 园区) and the numbered units.
std::vector<std::string> Parser::rule_tags(std::string_view text, const std::vector<Token>& tokens) const {
  const std::size_t n = tokens.size();
  std::vector<std::string> tags(n);
  auto mark = [&](std::size_t b, std::size_t e, std::string_view label) {
    for (std::size_t k = b; k < e; ++k) tags[k] = fmt::format("{}-{}", k == b ? 'B' : 'I', label);
  };
  // Gazetteer names, left to right, the longest at each place. A short name (牡丹 of 牡丹区) counts
  // only at the start or right after another division; no name counts when a road word follows it
  // (宝山路 is a road, not 宝山区).
  auto matches = gazetteer_.matches(text, tokens);
  std::sort(matches.begin(), matches.end(), [](auto& a, auto& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    return !a.short_name && b.short_name;
  });
  static constexpr std::array<std::string_view, kind_count> labels{"prov", "city", "district", "town",
                                                                   "community", "road", "devzone", "poi"};
  // The level of the division tagged just before token k: -1 at the start, 4 after anything else.
  auto level_before = [&](std::size_t k) {
    if (k == 0) return -1;
    const auto& t = tags[k - 1];
    for (int l = 0; l < 4; ++l)
      if (t.ends_with(labels[static_cast<std::size_t>(l)])) return l;
    return 4;
  };
  std::vector<int> previous;  // the divisions the last accepted name may be
  std::size_t previous_end = 0;
  for (const auto& m : matches) {
    auto kind = gazetteer_.division(m.division).kind;
    bool free = true;
    for (std::size_t k = m.begin; k < m.end; ++k) free &= tags[k].empty();
    if (!free) {
      // Another reading of the span just accepted (宝山区 of Shanghai and of Shuangyashan).
      if (!previous.empty() && m.end == previous_end && !m.short_name) previous.push_back(m.division);
      continue;
    }
    int before = level_before(m.begin), level = static_cast<int>(kind);
    if (m.short_name && before >= 4) continue;
    if (m.short_name) {
      // A short name must continue what came before (宝山区友谊路…), or open the address as a
      // province, city or district (宝山牡丹江路…); 牡丹 after 宝山区 is part of a road.
      bool continues = false;
      for (int p : previous) continues |= gazetteer_.within(m.division, p);
      if (before < 0 ? level > static_cast<int>(Kind::district) : !continues) continue;
    }
    if (level < 4 && before >= level && before < 4) continue;  // 宝山区牡丹…: no district inside a district
    if (kind != Kind::road && m.end < n) {
      auto rest = text.substr(tokens[m.end].begin);
      bool road_word = false;
      for (std::string_view w : {"路", "街", "巷", "弄", "道", "大道", "公路"}) road_word |= rest.starts_with(w);
      if (road_word) continue;
    }
    mark(m.begin, m.end, labels[static_cast<std::size_t>(kind)]);
    if (level < 4) previous = {m.division}, previous_end = m.end;
  }
  // Free runs: split at level words.
  std::size_t i = 0;
  bool seen_poi = false;
  while (i < n) {
    if (!tags[i].empty()) {
      ++i;
      continue;
    }
    std::size_t run_end = i;
    while (run_end < n && tags[run_end].empty()) ++run_end;
    std::size_t k = i;
    while (k < run_end) {
      const auto& t = tokens[k].text;
      if (is_digit_token(t) || std::isalpha(static_cast<unsigned char>(t[0]))) {
        // A number and its unit: 1325号, 3号楼, 2单元, 5楼, 301室, 669弄.
        std::size_t e = k + 1;
        std::string unit = e < run_end ? tokens[e].text : "";
        std::string unit2 = e + 1 < run_end ? unit + tokens[e + 1].text : "";
        std::string_view label = "roomno";
        if (unit2 == "号楼" || unit2 == "单元") {
          label = unit2 == "号楼" ? "houseno" : "cellno";
          e += 2;
        } else if (unit == "号") {
          bool road_before = false;
          for (std::size_t b = 0; b < k; ++b) road_before |= tags[b].ends_with("-road");
          bool number_before = false;
          for (std::size_t b = 0; b < k; ++b) number_before |= tags[b].ends_with("roadno");
          label = road_before && !number_before ? "roadno" : "houseno";
          ++e;
        } else if (unit == "弄") {
          label = "roadno";
          ++e;
        } else if (unit == "幢" || unit == "栋" || unit == "座") {
          label = "houseno";
          ++e;
        } else if (unit == "楼" || unit == "层") {
          label = "floorno";
          ++e;
        } else if (unit == "室") {
          ++e;
        } else if (unit == "-") {
          label = "houseno";
        }
        mark(k, e, label);
        k = e;
        continue;
      }
      if (t == "-" || t == "," || t == "(" || t == ")") {
        mark(k, k + 1, "redundant");
        ++k;
        continue;
      }
      // A Han run up to the next number or level word.
      std::size_t e = k;
      std::string word;
      std::string_view label;
      while (e < run_end && !is_digit_token(tokens[e].text) && tokens[e].text != "-") {
        word += tokens[e].text;
        ++e;
        if (ends_with_any(word, {"开发区", "工业园区", "产业园", "园区"})) label = "devzone";
        else if (ends_with_any(word, {"社区", "居委会", "村委会", "村"})) label = "community";
        else if (ends_with_any(word, {"公路", "大道", "路", "街", "巷"})) label = "road";
        if (!label.empty()) break;
      }
      if (label.empty()) label = seen_poi ? "subpoi" : "poi";
      seen_poi |= label == "poi";
      mark(k, e, label);
      k = e;
    }
    i = run_end;
  }
  return tags;
}

void Parser::resolve_divisions(ParsedAddress& p) const {
  struct Named {
    std::size_t component;
    std::vector<int> divisions;
  };
  std::vector<Named> named;
  std::set<std::pair<std::string, std::string>> seen;  // (level, text): a repeat adds nothing
  constexpr std::size_t kMostNamed = 12;                // bounds the work on hostile input
  for (std::size_t i = 0; i < p.components.size() && named.size() < kMostNamed; ++i) {
    if (!seen.emplace(p.components[i].level, p.components[i].text).second) continue;
    auto kind = kind_of_level(p.components[i].level);
    if (!kind && p.components[i].level == "poi") kind = Kind::devzone;  // a park written as a POI
    if (!kind) continue;
    Named n{i, {}};
    for (int d : gazetteer_.named(p.components[i].text)) {
      auto dk = gazetteer_.division(d).kind;
      // 上海市 written as the city of a municipality names the province.
      if (dk == *kind || (*kind == Kind::city && dk == Kind::prov) || (*kind == Kind::prov && dk == Kind::city))
        n.divisions.push_back(d);
    }
    if (!n.divisions.empty()) named.push_back(std::move(n));
  }
  if (named.empty()) return;
  auto is_admin = [&](const Named& n) {
    auto k = gazetteer_.division(n.divisions.front()).kind;
    return k == Kind::prov || k == Kind::city || k == Kind::district || k == Kind::town;
  };
  // How many other named components a division agrees with (lies within, or contains).
  auto agreement = [&](int d, std::size_t self, bool admin) {
    int score = 0;
    for (std::size_t j = 0; j < named.size(); ++j) {
      if (j == self || is_admin(named[j]) != admin) continue;
      for (int o : named[j].divisions)
        if (gazetteer_.within(d, o) || gazetteer_.within(o, d)) {
          ++score;
          break;
        }
    }
    return score;
  };
  // The best divisions for the most specific component among `which`: most agreement, home first.
  auto choose = [&](auto&& which, const std::vector<int>* inside) {
    // Written divisions agreeing count first, then how specific, then local names agreeing.
    std::vector<int> best;
    std::tuple<int, int, int> best_rank{-1, -1, -1};
    for (std::size_t j = 0; j < named.size(); ++j) {
      if (!which(named[j])) continue;
      for (int d : named[j].divisions) {
        if (inside && !inside->empty() && !gazetteer_.within(d, inside->back())) continue;
        std::tuple<int, int, int> rank{agreement(d, j, true), static_cast<int>(gazetteer_.division(d).kind),
                                       agreement(d, j, false)};
        if (rank > best_rank) best_rank = rank, best.clear();
        if (rank == best_rank) best.push_back(d);
      }
    }
    if (best.size() > 1 && home_) {
      std::vector<int> at_home;
      for (int d : best)
        if (gazetteer_.within(d, *home_) || gazetteer_.within(*home_, d)) at_home.push_back(d);
      if (!at_home.empty()) best = std::move(at_home);
    }
    // What all remaining choices share: a road in several streets still says which district.
    std::vector<int> chain;
    if (best.empty()) return chain;
    chain = gazetteer_.chain(best.front());
    for (int d : best) {
      auto other = gazetteer_.chain(d);
      std::size_t k = 0;
      while (k < chain.size() && k < other.size() && chain[k] == other[k]) ++k;
      chain.resize(k);
    }
    return chain;
  };
  // Divisions written out decide; local names (roads, neighbourhoods, parks) refine within them,
  // and decide alone only when no division is written.
  std::vector<int> chain = choose(is_admin, nullptr);
  auto local = choose([&](const Named& n) { return !is_admin(n); }, &chain);
  if (local.size() > chain.size()) chain = std::move(local);
  for (int d : chain) {
    const auto& div = gazetteer_.division(d);
    std::string_view level = level_of_kind(div.kind);
    std::string name = div.name;
    if (div.kind == Kind::city && placeholder_city(name) && div.parent >= 0)
      name = gazetteer_.division(div.parent).name;  // 上海市 is both
    Component* have = nullptr;
    for (auto& c : p.components)
      if (c.level == level) {
        have = &c;
        break;
      }
    if (have) {
      auto names = gazetteer_.named(have->text);
      bool same = std::find(names.begin(), names.end(), d) != names.end() ||
                  (div.kind == Kind::city && div.parent >= 0 &&
                   std::find(names.begin(), names.end(), div.parent) != names.end());
      if (!same) continue;  // written as something else: leave it as written
      if (have->text != name && (div.kind == Kind::prov || div.kind == Kind::city || div.kind == Kind::district || div.kind == Kind::town)) {
        p.changes.push_back(fmt::format("{}→{}", have->text, name));
        have->text = name;
      }
      have->code = div.code;
    } else if (div.kind == Kind::prov || div.kind == Kind::city || div.kind == Kind::district || div.kind == Kind::town) {
      p.components.push_back(Component{std::string(level), name, div.code, true});
    }
  }
}

ParsedAddress Parser::parse(std::string_view raw) const {
  ParsedAddress p;
  p.input = std::string(raw.substr(0, std::min(raw.size(), max_address_bytes)));
  auto n = normalize(raw);
  p.changes = std::move(n.changes);
  for (auto& d : n.dropped) p.unrecognised.push_back("已忽略：" + d);
  std::string text = std::move(n.text);
  // 沪 opens many Shanghai addresses (沪宝山区…), and is also the first character of roads (沪太路).
  if (text.starts_with("沪") && !text.starts_with("沪太")) {
    text = "上海市" + text.substr(std::string_view("沪").size());
    p.changes.emplace_back("沪→上海市");
  }
  p.normalized = text;
  auto tokens = tokenize(text);
  p.method = labeller_ ? "model" : "rules";
  if (tokens.empty()) {
    p.unrecognised.emplace_back("没有可识别的地址文字");
    return p;
  }
  // Chinese addresses carry at least one Chinese character (a level word, a name); Latin letters,
  // digits and punctuation alone are not one.
  bool han = false;
  for (const auto& t : tokens) han |= static_cast<unsigned char>(t.text[0]) >= 0x80;
  if (!han) {
    p.unrecognised.push_back("不是中文地址：" + text);
    return p;
  }
  auto tags = labeller_ ? labeller_->tag(text, tokens) : rule_tags(text, tokens);
  for (const auto& s : spans_of(tags)) {
    std::string span_text(text.substr(tokens[s.begin].begin, tokens[s.end - 1].end - tokens[s.begin].begin));
    std::string level(level_of_label(s.label));
    // 669弄14号: the lane and the building in it.
    if (level == "road_number" || level == "subroad_number") {
      auto lane = span_text.find("弄");
      if (lane != std::string::npos) {
        std::size_t cut = lane + std::string_view("弄").size();
        p.components.push_back(Component{"lane", span_text.substr(0, cut), "", false});
        if (cut < span_text.size()) p.components.push_back(Component{"building", span_text.substr(cut), "", false});
        continue;
      }
    }
    // 88弄 labelled a sub-road is a lane, and the number after a lane is its building.
    bool digits_then_lane = !span_text.empty() && span_text[0] >= '0' && span_text[0] <= '9' && span_text.ends_with("弄");
    if (level == "subroad" && digits_then_lane) level = "lane";
    if (level == "subroad_number" && !p.components.empty() && p.components.back().level == "lane") level = "building";
    if (level == "other") p.unrecognised.push_back("未识别：" + span_text);
    p.components.push_back(Component{std::move(level), std::move(span_text), "", false});
  }
  resolve_divisions(p);
  std::stable_sort(p.components.begin(), p.components.end(),
                   [](const Component& a, const Component& b) { return level_rank(a.level) < level_rank(b.level); });
  bool any_place = false;
  for (const auto& c : p.components) any_place |= c.level != "other" && c.level != "redundant" && !c.inferred;
  if (!any_place) p.unrecognised.emplace_back("没有识别出任何地址层级");
  return p;
}

Gazetteer load_gazetteer(const fs::path& resources) {
  auto g = Gazetteer::load(resources / "gazetteer");
  auto local = load_local_data(resources);
  auto town_of = [&](const std::string& code) {
    auto t = g.by_code(code);
    if (!t) throw invalid("address-data-malformed", "地址数据格式错误", "unknown street/town code " + code);
    return *t;
  };
  for (const auto& t : local.towns) {
    int town = town_of(t.code);
    for (const auto& r : t.roads) g.add(r, Kind::road, town);
    for (const auto& c : t.communities) g.add(c, Kind::community, town);
  }
  for (const auto& p : local.parks) g.add(p.name, Kind::devzone, town_of(p.town_code), p.id);
  return g;
}

fs::path default_model(const fs::path& resources) { return resources / "address" / "labeller.model"; }

AddressResources load_resources(const fs::path& resources, const fs::path& model) {
  AddressResources r;
  r.gazetteer = std::make_unique<Gazetteer>(load_gazetteer(resources));
  fs::path file = model.empty() ? default_model(resources) : model;
  if (fs::exists(file)) {
    try {
      r.labeller = std::make_unique<Labeller>(Labeller::load(file, r.gazetteer.get()));
    } catch (const Error& e) {
      r.model_problem = e.detail().empty() ? e.what() : e.detail();
    }
  } else {
    r.model_problem = file.string() + ": not found (run `make` with the corpus present, or haoban address train)";
  }
  r.parser = std::make_unique<Parser>(*r.gazetteer, r.labeller.get());
  return r;
}

}  // namespace haoban::address
