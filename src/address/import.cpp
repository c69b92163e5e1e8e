#include "address/import.h"

#include <fmt/format.h>

#include <fstream>
#include <set>

#include "address/csv.h"
#include "core/id_codes.h"
#include "core/utf8.h"

namespace haoban::address {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMostProblems = 50;

bool digits(const std::string& s) {
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

std::optional<int> count_of(const std::string& s) {
  if (s.empty() || s.size() > 9 || !digits(s)) return std::nullopt;
  return std::stoi(s);
}

// Calls row(fields, line) for every record after the header; reports files that cannot be read,
// bad UTF-8 and wrong field counts.
template <class F>
void each_record(const fs::path& file, std::size_t columns, ImportProblems& problems, F&& row) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    problems.problems.push_back(fmt::format("{}: cannot open", file.string()));
    return;
  }
  std::string line;
  std::size_t n = 0;
  while (std::getline(in, line) && problems.problems.size() < kMostProblems) {
    ++n;
    if (n == 1) continue;  // header
    if (line.empty() || line == "\r") continue;
    if (first_invalid_utf8(line)) {
      problems.problems.push_back(fmt::format("{}:{}: not valid UTF-8", file.string(), n));
      continue;
    }
    auto fields = split_csv_record(line);
    if (fields.size() != columns) {
      problems.problems.push_back(
          fmt::format("{}:{}: {} fields, expected {}", file.string(), n, fields.size(), columns));
      continue;
    }
    row(fields, n);
  }
  if (n <= 1 && problems.ok()) problems.problems.push_back(fmt::format("{}: no records after the header", file.string()));
}

}  // namespace

std::string standard_text(const StandardAddress& a, const Gazetteer& gazetteer) {
  std::string prefix = "上海市宝山区";
  if (auto t = gazetteer.by_code(a.town_code)) {
    auto chain = gazetteer.chain(*t);
    prefix.clear();
    for (int d : chain) {
      const auto& div = gazetteer.division(d);
      if (div.kind == Kind::prov || div.kind == Kind::district) prefix += div.name;
      if (div.kind == Kind::city && !placeholder_city(div.name)) prefix += div.name;
    }
  }
  std::string text = prefix + a.road;
  if (!a.number.empty()) text += a.number + "号";
  if (!a.lane.empty()) text += a.lane + "弄";
  if (!a.building.empty()) text += a.building + "号楼";
  if (!a.floor.empty()) text += a.floor + "层";
  if (!a.room.empty()) text += a.room + "室";
  return text;
}

std::vector<StandardAddress> read_addresses_csv(const fs::path& file, const Gazetteer& gazetteer,
                                                ImportProblems& problems) {
  std::vector<StandardAddress> out;
  std::set<std::string> ids;
  each_record(file, 15, problems, [&](const std::vector<std::string>& f, std::size_t line) {
    auto bad = [&](std::string what) { problems.problems.push_back(fmt::format("{}:{}: {}", file.string(), line, what)); };
    StandardAddress a;
    a.id = f[0];
    a.town_code = f[1];
    a.community = f[2];
    a.road = f[3];
    a.number = f[4];
    a.lane = f[5];
    a.building = f[6];
    a.floor = f[7];
    a.room = f[8];
    a.poi = f[9];
    a.park_id = f[11];
    if (a.id.empty()) return bad("id is empty");
    if (!ids.insert(a.id).second) return bad(fmt::format("id {} appears twice", a.id));
    auto town = gazetteer.by_code(a.town_code);
    if (!town || gazetteer.division(*town).kind != Kind::town)
      return bad(fmt::format("town_code '{}' is not a street/town of the gazetteer", a.town_code));
    a.town = gazetteer.division(*town).name;
    if (a.road.empty()) return bad("road is empty");
    if (a.number.empty()) return bad("number is empty: a standard address has at least a road number");
    for (auto [name, value] : {std::pair{"number", &a.number}, {"lane", &a.lane}, {"building", &a.building},
                               {"floor", &a.floor}, {"room", &a.room}})
      if (!digits(*value)) return bad(fmt::format("{} '{}' should be digits", name, *value));
    auto usage = parse_usage(f[10]);
    if (!usage) return bad(fmt::format("usage '{}' is not commercial, office, industrial or residential", f[10]));
    a.usage = *usage;
    if (f[12] == "1" || f[12] == "true") a.centralised = true;
    else if (f[12] != "0" && f[12] != "false" && !f[12].empty())
      return bad(fmt::format("centralised '{}' should be 0 or 1", f[12]));
    auto capacity = count_of(f[13]), registered = count_of(f[14]);
    if (!capacity || *capacity < 1) return bad(fmt::format("capacity '{}' should be a whole number ≥ 1", f[13]));
    if (!registered) return bad(fmt::format("registered '{}' should be a whole number ≥ 0", f[14]));
    a.capacity = *capacity;
    a.registered = *registered;
    a.text = standard_text(a, gazetteer);
    out.push_back(std::move(a));
  });
  if (!problems.ok()) out.clear();
  return out;
}

std::vector<Lease> read_leases_csv(const fs::path& file, ImportProblems& problems) {
  std::vector<Lease> out;
  std::set<std::string> numbers;
  each_record(file, 5, problems, [&](const std::vector<std::string>& f, std::size_t line) {
    auto bad = [&](std::string what) { problems.problems.push_back(fmt::format("{}:{}: {}", file.string(), line, what)); };
    if (f[0].empty()) return bad("record_no is empty");
    if (!numbers.insert(f[0]).second) return bad(fmt::format("record_no {} appears twice", f[0]));
    if (f[1].empty()) return bad("address_id is empty");
    if (!check_credit_code(f[2]).ok) return bad(fmt::format("lessee '{}' is not a valid 统一社会信用代码", f[2]));
    auto from = parse_date(f[3]), to = parse_date(f[4]);
    if (!from || !to) return bad("starts_on and ends_on should be YYYY-MM-DD dates");
    if (*to < *from) return bad("ends_on is before starts_on");
    out.push_back(Lease{f[0], f[1], f[2], *from, *to});
  });
  if (!problems.ok()) out.clear();
  return out;
}

}  // namespace haoban::address
