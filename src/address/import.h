// Reading a district's standard address register and registered leases from CSV, for
// `haoban address import` (an operator loading the real register instead of the demo seed).
//
// addresses.csv — a header line, then one address per line (UTF-8, RFC 4180 quoting):
//   id,town_code,community,road,number,lane,building,floor,room,poi,usage,park_id,centralised,capacity,registered
// `usage` is commercial|office|industrial|residential (or 商业|办公|工业|住宅); number, lane,
// building, floor and room are digits or empty; centralised is 0/1 (or true/false); capacity and
// registered are non-negative integers (capacity ≥ 1). The standard text is built from the levels.
//
// leases.csv — record_no,address_id,lessee,starts_on,ends_on (dates YYYY-MM-DD, lessee a 统一社会信用代码).
//
// Everything is checked before anything is stored; every problem is reported as FILE:LINE: what.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "address/gazetteer.h"
#include "address/standard.h"

namespace haoban::address {

struct ImportProblems {
  std::vector<std::string> problems;  // "addresses.csv:12: usage 'shop' is not one of …"
  bool ok() const { return problems.empty(); }
};

// The addresses of `file`; problems (at most 50 reported) instead of a partial list.
std::vector<StandardAddress> read_addresses_csv(const std::filesystem::path& file, const Gazetteer& gazetteer,
                                                ImportProblems& problems);
std::vector<Lease> read_leases_csv(const std::filesystem::path& file, ImportProblems& problems);

// The standard text of an address from its levels: 上海市宝山区牡丹江路1325号3号楼5层501室.
std::string standard_text(const StandardAddress& a, const Gazetteer& gazetteer);

}  // namespace haoban::address
