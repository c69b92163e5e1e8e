// The standard address database (标准地址库) of 无忧快注: the district's standard premises addresses
// with their levels, usage, park and whether they are a centralised registration address (集中登记地);
// the parks (园区) with their industries and vacancies; registered leases (租赁备案). Free text is
// matched to ranked standard addresses with a score and the levels that agreed.
//
// Storage is the platform's database (tables standard_addresses, parks, address_leases); matching
// runs on an in-memory index rebuilt by reload() — 100k addresses take well under a second and
// about 40 MB. Thread-safe: lookups read an immutable snapshot; reload() swaps it.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "address/parser.h"
#include "core/calendar.h"
#include "db/db.h"

namespace haoban::address {

enum class Usage { commercial, office, industrial, residential };
std::string_view to_string(Usage u);  // "commercial", …
std::string_view label(Usage u);      // 商业, 办公, 工业, 住宅
std::optional<Usage> parse_usage(std::string_view s);

struct StandardAddress {
  std::string id;    // BS-<town code>-<serial>
  std::string text;  // 上海市宝山区牡丹江路1325号3号楼5层501室
  std::string town_code, town, community;
  std::string road;
  std::string number, lane, building, floor, room;  // digits; "" when the address stops above
  std::string poi;                                  // the building's or park's name, if any
  Usage usage = Usage::commercial;
  std::string park_id;
  bool centralised = false;  // 集中登记地
  int capacity = 1;          // enterprises that may register here
  int registered = 0;        // enterprises registered here now
};

struct Park {
  std::string id, name, town_code, town, road;
  std::vector<std::string> industries;
  double vacancy_area = 0;  // m²
  int vacancy_units = 0;
  std::string contact;
  int addresses = 0;  // standard addresses in the park
  std::vector<StandardAddress> centralised;  // its centralised registration addresses
};

// A registered lease (租赁备案): the lessee may use the address between the dates.
struct Lease {
  std::string record_no;   // 备案编号
  std::string address_id;
  std::string lessee;      // 统一社会信用代码
  Date starts_on, ends_on;
};

struct Candidate {
  StandardAddress address;
  double score = 0;                   // 0..1
  std::vector<std::string> matched;   // levels that agree: road, road_number, …
  std::vector<std::string> differing; // levels both have with different values
  std::string reason;                 // 道路、门牌号一致；室号不同（501 / 502）
  // The query lies within the standard address: the same road (or park) and number, nothing
  // differing, the standard address no finer than the query (it may stop above it: 301室 in a
  // building-level standard address).
  bool covers = false;
  // Covers, and the standard address goes as far as the query: every level the query gives agrees.
  bool exact = false;
};

// Whether `inner` lies within `outer`: the same road and number, and every finer level `outer`
// names (lane, building, floor, room) the same in `inner` (a room lies within its building).
bool within(const StandardAddress& inner, const StandardAddress& outer);

class AddressBook {
 public:
  AddressBook(db::Database& db, const Parser& parser);
  ~AddressBook();
  static std::span<const db::Migration> migrations();

  // Rebuilds the index from the database.
  void reload();
  std::size_t size() const;

  // Adds addresses, parks and leases in one transaction (the seed) and reloads. Throws
  // Error(conflict) when an id exists.
  void insert(const std::vector<StandardAddress>& addresses, const std::vector<Park>& parks,
              const std::vector<Lease>& leases);

  // Ranked candidates, best first; empty when nothing shares a road, a POI or a park.
  std::vector<Candidate> match(std::string_view text, std::size_t limit = 5) const;
  std::vector<Candidate> match(const ParsedAddress& parsed, std::size_t limit = 5) const;
  // Addresses that continue what has been typed (autocomplete).
  std::vector<StandardAddress> suggest(std::string_view typed, std::size_t limit = 10) const;

  std::optional<StandardAddress> get(std::string_view id) const;
  std::vector<Park> parks() const;
  std::optional<Park> park(std::string_view id) const;
  std::vector<Lease> leases_of(std::string_view lessee) const;
  std::vector<Lease> leases_at(std::string_view address_id) const;

  const Parser& parser() const;

 private:
  void insert_rows(const std::vector<StandardAddress>& addresses, const std::vector<Park>& parks,
                   const std::vector<Lease>& leases);
  struct Index;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::address
