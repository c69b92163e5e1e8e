#include "address/standard.h"

#include <fmt/format.h>
#include <soci/soci.h>

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <utility>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "core/error.h"

namespace haoban::address {

namespace json = boost::json;

namespace {

constexpr std::string_view kSchema = R"(CREATE TABLE standard_addresses (
  id TEXT PRIMARY KEY,
  text TEXT NOT NULL,
  town_code TEXT NOT NULL,
  town TEXT NOT NULL,
  community TEXT NOT NULL,
  road TEXT NOT NULL,
  number TEXT NOT NULL,
  lane TEXT NOT NULL,
  building TEXT NOT NULL,
  floor TEXT NOT NULL,
  room TEXT NOT NULL,
  poi TEXT NOT NULL,
  usage TEXT NOT NULL,
  park_id TEXT NOT NULL,
  centralised INTEGER NOT NULL,
  capacity INTEGER NOT NULL,
  registered INTEGER NOT NULL
);
CREATE INDEX standard_addresses_road ON standard_addresses (road, number);
CREATE INDEX standard_addresses_park ON standard_addresses (park_id);
CREATE TABLE parks (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  town_code TEXT NOT NULL,
  town TEXT NOT NULL,
  road TEXT NOT NULL,
  industries TEXT NOT NULL,
  vacancy_area DOUBLE PRECISION NOT NULL,
  vacancy_units INTEGER NOT NULL,
  contact TEXT NOT NULL
);
CREATE TABLE address_leases (
  record_no TEXT PRIMARY KEY,
  address_id TEXT NOT NULL REFERENCES standard_addresses (id),
  lessee TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL
);
CREATE INDEX address_leases_lessee ON address_leases (lessee);
CREATE INDEX address_leases_address ON address_leases (address_id))";

const db::Migration kMigrations[] = {
    {"address", 1, "standard_addresses, parks, address_leases", std::string(kSchema), std::string(kSchema)},
};

constexpr char kAddressColumns[] =
    "id, text, town_code, town, community, road, number, lane, building, floor, room, poi, usage, park_id, "
    "centralised, capacity, registered";

StandardAddress address_of(const soci::row& r) {
  StandardAddress a;
  a.id = r.get<std::string>(0);
  a.text = r.get<std::string>(1);
  a.town_code = r.get<std::string>(2);
  a.town = r.get<std::string>(3);
  a.community = r.get<std::string>(4);
  a.road = r.get<std::string>(5);
  a.number = r.get<std::string>(6);
  a.lane = r.get<std::string>(7);
  a.building = r.get<std::string>(8);
  a.floor = r.get<std::string>(9);
  a.room = r.get<std::string>(10);
  a.poi = r.get<std::string>(11);
  a.usage = parse_usage(r.get<std::string>(12)).value_or(Usage::commercial);
  a.park_id = r.get<std::string>(13);
  a.centralised = db::get_int(r, 14) != 0;
  a.capacity = static_cast<int>(db::get_int(r, 15));
  a.registered = static_cast<int>(db::get_int(r, 16));
  return a;
}

// Code points of a UTF-8 string (valid input: it comes from normalize()).
std::u32string chars_of(std::string_view s) {
  std::u32string out;
  for (std::size_t pos = 0; pos < s.size();) out.push_back(decode_at(s, pos));
  return out;
}

// Character-multiset Dice coefficient: 1 for the same name, 0.75 for one character wrong in four.
double similarity(std::string_view a, std::string_view b) {
  if (a == b) return 1;
  auto x = chars_of(a), y = chars_of(b);
  if (x.empty() || y.empty()) return 0;
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  std::size_t common = 0;
  for (std::size_t i = 0, j = 0; i < x.size() && j < y.size();) {
    if (x[i] == y[j]) ++common, ++i, ++j;
    else if (x[i] < y[j]) ++i;
    else ++j;
  }
  return 2.0 * double(common) / double(x.size() + y.size());
}

bool number_less(const std::string& a, const std::string& b) {
  return a.size() != b.size() ? a.size() < b.size() : a < b;
}

struct Level {
  std::string_view name, label;
  int weight;
  std::string StandardAddress::*field;
};
constexpr Level kNumbered[] = {
    {"road_number", "门牌号", 25, &StandardAddress::number}, {"lane", "弄号", 10, &StandardAddress::lane},
    {"building", "幢号", 10, &StandardAddress::building},    {"floor", "楼层", 5, &StandardAddress::floor},
    {"room", "室号", 10, &StandardAddress::room},
};
constexpr std::size_t kRoadNumber = 0, kBuilding = 2;  // positions in kNumbered
static_assert(kNumbered[kRoadNumber].name == "road_number" && kNumbered[kBuilding].name == "building");
constexpr int kRoadWeight = 30, kPoiWeight = 10, kTownWeight = 5;

}  // namespace

bool within(const StandardAddress& inner, const StandardAddress& outer) {
  if (inner.road != outer.road || inner.number != outer.number) return false;
  for (auto field : {&StandardAddress::lane, &StandardAddress::building, &StandardAddress::floor, &StandardAddress::room})
    if (!(outer.*field).empty() && outer.*field != inner.*field) return false;
  return true;
}

std::string_view to_string(Usage u) {
  switch (u) {
    case Usage::commercial: return "commercial";
    case Usage::office: return "office";
    case Usage::industrial: return "industrial";
    case Usage::residential: return "residential";
  }
  return "commercial";
}

std::string_view label(Usage u) {
  switch (u) {
    case Usage::commercial: return "商业";
    case Usage::office: return "办公";
    case Usage::industrial: return "工业";
    case Usage::residential: return "住宅";
  }
  return "商业";
}

std::optional<Usage> parse_usage(std::string_view s) {
  for (auto u : {Usage::commercial, Usage::office, Usage::industrial, Usage::residential})
    if (s == to_string(u) || s == label(u)) return u;
  return std::nullopt;
}

struct AddressBook::Index {
  std::vector<StandardAddress> all;
  std::unordered_map<std::string, std::uint32_t> by_id;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_road;  // in number order
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_road_number;
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_poi;
  std::vector<std::string> roads, pois;
};

struct AddressBook::Impl {
  Impl(db::Database& d, const Parser& p) : db(d), parser(p) {}
  db::Database& db;
  const Parser& parser;
  mutable std::shared_mutex mutex;
  std::shared_ptr<const Index> index = std::make_shared<Index>();

  std::shared_ptr<const Index> snapshot() const {
    std::shared_lock lock(mutex);
    return index;
  }

  // Roads the query's road may mean: itself, or names one or two characters off.
  std::vector<std::pair<std::string, double>> roads_like(const Index& ix, const std::string& road) const {
    std::vector<std::pair<std::string, double>> out;
    if (road.empty()) return out;
    if (ix.by_road.count(road)) return {{road, 1.0}};
    for (const auto& r : ix.roads)
      if (double s = similarity(road, r); s >= 0.7) out.emplace_back(r, s);
    std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.second > b.second; });
    if (out.size() > 3) out.resize(3);
    return out;
  }
};

AddressBook::AddressBook(db::Database& db, const Parser& parser) : impl_(std::make_unique<Impl>(db, parser)) {}
AddressBook::~AddressBook() = default;
std::span<const db::Migration> AddressBook::migrations() { return kMigrations; }
const Parser& AddressBook::parser() const { return impl_->parser; }

void AddressBook::reload() {
  auto ix = std::make_shared<Index>();
  impl_->db.read([&](soci::session& sql) {
    soci::rowset<soci::row> rs = (sql.prepare << fmt::format("SELECT {} FROM standard_addresses", kAddressColumns));
    for (const auto& r : rs) ix->all.push_back(address_of(r));
  });
  std::sort(ix->all.begin(), ix->all.end(), [](const StandardAddress& a, const StandardAddress& b) {
    if (a.road != b.road) return a.road < b.road;
    if (a.number != b.number) return number_less(a.number, b.number);
    return std::tie(a.lane, a.building, a.floor, a.room) < std::tie(b.lane, b.building, b.floor, b.room);
  });
  for (std::uint32_t i = 0; i < ix->all.size(); ++i) {
    const auto& a = ix->all[i];
    ix->by_id.emplace(a.id, i);
    auto& road = ix->by_road[a.road];
    if (road.empty()) ix->roads.push_back(a.road);
    road.push_back(i);
    ix->by_road_number[a.road + "#" + a.number].push_back(i);
    if (!a.poi.empty()) {
      auto& p = ix->by_poi[a.poi];
      if (p.empty()) ix->pois.push_back(a.poi);
      p.push_back(i);
    }
  }
  std::unique_lock lock(impl_->mutex);
  impl_->index = std::move(ix);
}

std::size_t AddressBook::size() const { return impl_->snapshot()->all.size(); }

void AddressBook::insert(const std::vector<StandardAddress>& addresses, const std::vector<Park>& parks,
                         const std::vector<Lease>& leases) {
  try {
    insert_rows(addresses, parks, leases);
  } catch (const soci::soci_error& e) {
    // A unique or foreign key refused a row: nothing was stored (one transaction).
    throw conflict("address-rows-refused", "地址数据与已有数据冲突", e.get_error_message());
  }
  reload();
}

void AddressBook::insert_rows(const std::vector<StandardAddress>& addresses, const std::vector<Park>& parks,
                              const std::vector<Lease>& leases) {
  impl_->db.write([&](db::Tx& tx) {
    auto& sql = tx.sql();
    for (const auto& p : parks) {
      json::array industries;
      for (const auto& i : p.industries) industries.emplace_back(i);
      std::string ind = json::serialize(industries);
      sql << "INSERT INTO parks (id, name, town_code, town, road, industries, vacancy_area, vacancy_units, contact)"
             " VALUES (:id, :name, :tc, :town, :road, :ind, :area, :units, :contact)",
          soci::use(p.id), soci::use(p.name), soci::use(p.town_code), soci::use(p.town), soci::use(p.road),
          soci::use(ind), soci::use(p.vacancy_area), soci::use(p.vacancy_units), soci::use(p.contact);
    }
    // In batches of vectors: one prepared statement for all rows.
    constexpr std::size_t batch = 2000;
    for (std::size_t from = 0; from < addresses.size(); from += batch) {
      std::size_t to = std::min(addresses.size(), from + batch);
      std::vector<std::string> c[14];
      std::vector<int> centralised, capacity, registered;
      for (std::size_t i = from; i < to; ++i) {
        const auto& a = addresses[i];
        const std::string* cols[] = {&a.id, &a.text, &a.town_code, &a.town, &a.community, &a.road, &a.number,
                                     &a.lane, &a.building, &a.floor, &a.room, &a.poi, nullptr, &a.park_id};
        for (std::size_t k = 0; k < 14; ++k) c[k].push_back(cols[k] ? *cols[k] : std::string(to_string(a.usage)));
        centralised.push_back(a.centralised ? 1 : 0);
        capacity.push_back(a.capacity);
        registered.push_back(a.registered);
      }
      sql << fmt::format("INSERT INTO standard_addresses ({}) VALUES (:c0, :c1, :c2, :c3, :c4, :c5, :c6, :c7, :c8, "
                         ":c9, :c10, :c11, :c12, :c13, :cen, :cap, :reg)",
                         kAddressColumns),
          soci::use(c[0]), soci::use(c[1]), soci::use(c[2]), soci::use(c[3]), soci::use(c[4]), soci::use(c[5]),
          soci::use(c[6]), soci::use(c[7]), soci::use(c[8]), soci::use(c[9]), soci::use(c[10]), soci::use(c[11]),
          soci::use(c[12]), soci::use(c[13]), soci::use(centralised), soci::use(capacity), soci::use(registered);
    }
    for (const auto& l : leases) {
      std::string from = format_date(l.starts_on), to = format_date(l.ends_on);
      sql << "INSERT INTO address_leases (record_no, address_id, lessee, starts_on, ends_on)"
             " VALUES (:no, :addr, :lessee, :from, :to)",
          soci::use(l.record_no), soci::use(l.address_id), soci::use(l.lessee), soci::use(from), soci::use(to);
    }
  });
}

std::vector<Candidate> AddressBook::match(std::string_view text, std::size_t limit) const {
  return match(impl_->parser.parse(text), limit);
}

std::vector<Candidate> AddressBook::match(const ParsedAddress& q, std::size_t limit) const {
  auto ix = impl_->snapshot();
  std::vector<Candidate> out;
  // Standard addresses are all in the home district: a province, city, district or street written
  // out that is not on its chain (浙江省杭州市…, 浦东新区…) rules them out.
  const auto& gazetteer = impl_->parser.gazetteer();
  if (auto home = impl_->parser.home()) {
    for (const auto& c : q.components) {
      if (c.inferred || c.code.empty()) continue;
      if (c.level != "province" && c.level != "city" && c.level != "district" && c.level != "town") continue;
      auto d = gazetteer.by_code(c.code);
      if (d && !gazetteer.within(*home, *d) && !gazetteer.within(*d, *home)) return out;
    }
  }
  std::string road = q.text("road");
  if (road.empty()) road = q.text("subroad");
  std::string poi = q.text("poi");
  if (poi.empty()) poi = q.text("devzone");  // parks are zones in the gazetteer and POIs here
  const Component* town = q.find("town");
  // The query's numbered levels, by kNumbered position: their digits, or as written when they are
  // not a plain number (xyz室 agrees with no room); "" when absent.
  std::array<std::string, std::size(kNumbered)> qv;
  for (std::size_t k = 0; k < qv.size(); ++k) {
    qv[k] = q.number(kNumbered[k].name);
    if (const auto* c = q.find(kNumbered[k].name); qv[k].empty() && c) qv[k] = c->text;
  }
  std::string& number = qv[kRoadNumber];

  // Without a road, the number after a name is the road number: 上海机器人产业园8号 (a park is
  // numbered on its road), 牡丹江璐13号 / 宝山区牡丹江13号 (a road misspelt or cut short, read as a
  // name): the name is also tried as a road.
  std::string road_guess;
  if (road.empty() && !poi.empty()) {
    road_guess = poi;
    // 8号 after a park is its road number; 3号楼, 3幢 stay buildings.
    std::string building = q.text("building");
    bool plain_number = building.ends_with("号") && !building.ends_with("号楼");
    if (number.empty() && !qv[kBuilding].empty() && plain_number) number = std::exchange(qv[kBuilding], {});
  }
  std::vector<std::pair<std::uint32_t, double>> ids;  // candidate, road similarity
  auto similar_roads = impl_->roads_like(*ix, road.empty() ? road_guess : road);
  if (road.empty())  // a guessed road is known only by similarity
    for (auto& r : similar_roads) r.second = std::min(r.second, 0.9);
  for (const auto& [r, sim] : similar_roads) {
    const std::vector<std::uint32_t>* list = nullptr;
    if (!number.empty()) {
      auto it = ix->by_road_number.find(r + "#" + number);
      if (it != ix->by_road_number.end()) list = &it->second;
    }
    if (!list) list = &ix->by_road.at(r);
    for (auto i : *list) ids.emplace_back(i, sim);
  }
  if (!poi.empty()) {
    for (const auto& p : ix->pois)
      if (similarity(poi, p) >= 0.7 || p.find(poi) != std::string::npos || poi.find(p) != std::string::npos)
        for (auto i : ix->by_poi.at(p)) ids.emplace_back(i, 0.0);
  }
  // One entry per address, with the best road similarity it was reached by.
  std::sort(ids.begin(), ids.end(), [](auto& a, auto& b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
  ids.erase(std::unique(ids.begin(), ids.end(), [](auto& a, auto& b) { return a.first == b.first; }), ids.end());

  // Scores a standard address; with `explain`, also says which levels agree and why not. Scoring
  // every candidate first and explaining only the best keeps a match at tens of microseconds.
  auto score = [&](const StandardAddress& a, double road_sim, Candidate* explain) -> std::optional<double> {
    double total = 0, max = 0;
    std::vector<std::string> agree, differ, coarser;
    bool finer = false;
    if (!road.empty()) {
      max += kRoadWeight;
      if (road_sim > 0) {
        total += kRoadWeight * road_sim;
        if (explain) {
          agree.push_back(road_sim == 1 ? std::string("道路") : fmt::format("道路（{}≈{}）", road, a.road));
          explain->matched.emplace_back("road");
        }
      } else {
        total -= kRoadWeight;
        if (explain) {
          differ.push_back(fmt::format("道路（{} / {}）", road, a.road));
          explain->differing.emplace_back("road");
        }
      }
    } else if (road_sim > 0) {  // a name taken for a road (牡丹江13号): only agreement counts
      max += kRoadWeight;
      total += kRoadWeight * road_sim;
      if (explain) {
        agree.push_back(fmt::format("道路（{}≈{}）", road_guess, a.road));
        explain->matched.emplace_back("road");
      }
    }
    for (std::size_t k = 0; k < qv.size(); ++k) {
      const auto& l = kNumbered[k];
      const std::string& have = a.*(l.field);
      if (qv[k].empty()) {
        if (!have.empty()) total -= 1, finer = true;  // a finer standard address than asked for ranks lower
        continue;
      }
      max += l.weight;
      if (have == qv[k]) {
        total += l.weight;
        if (explain) agree.emplace_back(l.label), explain->matched.emplace_back(l.name);
      } else if (have.empty()) {
        total += l.weight * 0.5;  // the standard address stops above this level
        coarser.emplace_back(l.label);
      } else {
        total -= l.weight;
        differ.emplace_back();
        if (explain) differ.back() = fmt::format("{}（{} / {}）", l.label, qv[k], have), explain->differing.emplace_back(l.name);
      }
    }
    if (!poi.empty() && !a.poi.empty()) {
      max += kPoiWeight;
      double sim = similarity(poi, a.poi);
      if (sim >= 0.7 || a.poi.find(poi) != std::string::npos) {
        total += kPoiWeight * std::max(sim, 0.8);
        if (explain) agree.emplace_back("楼宇/园区"), explain->matched.emplace_back("poi");
      }
    }
    if (town && !town->code.empty()) {
      max += kTownWeight;
      if (town->code == a.town_code) {
        total += kTownWeight;
        if (explain) agree.emplace_back("街道镇"), explain->matched.emplace_back("town");
      } else {
        total -= kTownWeight;
        differ.emplace_back();
        if (explain) differ.back() = fmt::format("街道镇（{} / {}）", town->text, a.town), explain->differing.emplace_back("town");
      }
    }
    if (max <= 0) return std::nullopt;
    double result = std::clamp(total / max, 0.0, 1.0);
    if (explain) {
      explain->score = result;
      // The same road, or (written without its road) the same park.
      bool place = road_sim == 1 || (road.empty() && !poi.empty() && a.poi == poi);
      explain->covers = differ.empty() && !finer && place && !number.empty();
      explain->exact = explain->covers && coarser.empty();
      auto join = [](const std::vector<std::string>& v) {
        std::string j;
        for (const auto& x : v) j += (j.empty() ? "" : "、") + x;
        return j;
      };
      if (!agree.empty()) explain->reason = join(agree) + "一致";
      if (!differ.empty()) explain->reason += (explain->reason.empty() ? "" : "；") + join(differ) + "不同";
      if (!coarser.empty())
        explain->reason += (explain->reason.empty() ? "" : "；") + std::string("标准地址未细化到") + join(coarser);
      explain->address = a;
    }
    return result;
  };

  struct Scored {
    std::uint32_t index;
    double road_sim, score;
  };
  std::vector<Scored> scored;
  scored.reserve(ids.size());
  // Below a fifth nothing but a shared word is left: not a candidate worth showing.
  constexpr double kLeast = 0.2;
  for (const auto& [i, road_sim] : ids)
    if (auto v = score(ix->all[i], road_sim, nullptr); v && *v >= kLeast) scored.push_back({i, road_sim, *v});
  auto better = [&](const Scored& x, const Scored& y) {
    if (x.score != y.score) return x.score > y.score;
    return ix->all[x.index].text.size() < ix->all[y.index].text.size();
  };
  std::size_t keep = std::min(limit, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<long>(keep), scored.end(), better);
  for (std::size_t k = 0; k < keep; ++k) {
    Candidate c;
    score(ix->all[scored[k].index], scored[k].road_sim, &c);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<StandardAddress> AddressBook::suggest(std::string_view typed, std::size_t limit) const {
  auto ix = impl_->snapshot();
  std::vector<StandardAddress> out;
  auto n = normalize(typed);
  std::string q = n.text;
  // The city and district people type first; 宝山 only when a road follows (宝山路 is a road).
  auto starts_a_road = [&](std::string_view s) {
    return std::any_of(ix->roads.begin(), ix->roads.end(), [&](const std::string& r) { return s.starts_with(r); });
  };
  for (auto group : {std::array<std::string_view, 2>{"上海市", "上海"}, std::array<std::string_view, 2>{"宝山区", "宝山"}})
    for (auto prefix : group)
      if (q.starts_with(prefix) && (prefix != "宝山" || starts_a_road(std::string_view(q).substr(prefix.size())))) {
        q.erase(0, prefix.size());
        break;
      }
  if (q.empty() || limit == 0) return out;
  // A road and the start of a number: 牡丹江路13 → 牡丹江路13号, 牡丹江路130号, … (the longest road
  // the text starts with).
  const std::string* longest = nullptr;
  for (const auto& road : ix->roads)
    if (q.starts_with(road) && (!longest || road.size() > longest->size())) longest = &road;
  if (longest) {
    const std::string& road = *longest;
    std::string rest = q.substr(road.size());
    std::string digits;
    for (char c : rest) {
      if (c < '0' || c > '9') break;
      digits.push_back(c);
    }
    std::string after = rest.substr(digits.size());
    if (after.starts_with("号")) after.erase(0, std::string_view("号").size());
    std::vector<std::uint32_t> hits;
    for (auto i : ix->by_road.at(road)) {
      const auto& a = ix->all[i];
      if (!a.number.starts_with(digits)) continue;
      if (!after.empty() && a.text.find(after) == std::string::npos) continue;
      hits.push_back(i);
    }
    // Exact numbers first, then the shortest (least specific) addresses.
    std::stable_sort(hits.begin(), hits.end(), [&](auto x, auto y) {
      const auto &a = ix->all[x], &b = ix->all[y];
      bool ea = a.number == digits, eb = b.number == digits;
      if (ea != eb) return ea;
      return number_less(a.number, b.number);
    });
    for (auto i : hits) {
      if (out.size() >= limit) break;
      out.push_back(ix->all[i]);
    }
    return out;
  }
  // Part of a road or park name: the first addresses of each.
  for (const auto* names : {&ix->roads, &ix->pois}) {
    for (const auto& name : *names) {
      if (name.find(q) == std::string::npos) continue;
      const auto& list = names == &ix->roads ? ix->by_road.at(name) : ix->by_poi.at(name);
      for (std::size_t k = 0; k < list.size() && k < 3 && out.size() < limit; ++k) out.push_back(ix->all[list[k]]);
      if (out.size() >= limit) return out;
    }
  }
  return out;
}

std::optional<StandardAddress> AddressBook::get(std::string_view id) const {
  auto ix = impl_->snapshot();
  auto it = ix->by_id.find(std::string(id));
  if (it == ix->by_id.end()) return std::nullopt;
  return ix->all[it->second];
}

std::vector<Park> AddressBook::parks() const {
  auto ix = impl_->snapshot();
  std::vector<Park> out;
  impl_->db.read([&](soci::session& sql) {
    soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, name, town_code, town, road, industries, vacancy_area, "
                                                 "vacancy_units, contact FROM parks ORDER BY id");
    for (const auto& r : rs) {
      Park p;
      p.id = r.get<std::string>(0);
      p.name = r.get<std::string>(1);
      p.town_code = r.get<std::string>(2);
      p.town = r.get<std::string>(3);
      p.road = r.get<std::string>(4);
      if (auto v = json::parse(r.get<std::string>(5)); v.is_array())
        for (const auto& i : v.as_array())
          if (i.is_string()) p.industries.emplace_back(i.as_string());
      p.vacancy_area = r.get<double>(6);
      p.vacancy_units = static_cast<int>(db::get_int(r, 7));
      p.contact = r.get<std::string>(8);
      out.push_back(std::move(p));
    }
  });
  for (auto& p : out)
    for (const auto& a : ix->all) {
      if (a.park_id != p.id) continue;
      ++p.addresses;
      if (a.centralised) p.centralised.push_back(a);
    }
  return out;
}

std::optional<Park> AddressBook::park(std::string_view id) const {
  for (auto& p : parks())
    if (p.id == id) return p;
  return std::nullopt;
}

namespace {
std::vector<Lease> leases_where(db::Database& db, std::string_view column, std::string_view value) {
  std::vector<Lease> out;
  std::string v(value);
  db.read([&](soci::session& sql) {
    soci::rowset<soci::row> rs =
        (sql.prepare << fmt::format("SELECT record_no, address_id, lessee, starts_on, ends_on FROM address_leases "
                                    "WHERE {} = :v ORDER BY starts_on",
                                    column),
         soci::use(v, "v"));
    for (const auto& r : rs) {
      auto from = parse_date(r.get<std::string>(3)), to = parse_date(r.get<std::string>(4));
      if (!from || !to) continue;
      out.push_back(Lease{r.get<std::string>(0), r.get<std::string>(1), r.get<std::string>(2), *from, *to});
    }
  });
  return out;
}
}  // namespace

std::vector<Lease> AddressBook::leases_of(std::string_view lessee) const { return leases_where(impl_->db, "lessee", lessee); }
std::vector<Lease> AddressBook::leases_at(std::string_view address_id) const {
  return leases_where(impl_->db, "address_id", address_id);
}

}  // namespace haoban::address
