// The demo's standard address database (无忧快注): every road of data/address/*.yaml numbered, its
// numbers split between the streets/towns it crosses; the parks' buildings with floors and rooms;
// centralised registration addresses; registered leases for about half of the enterprises.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>
#include <set>

#include "address/local.h"
#include "app/rng.h"
#include "app/seed.h"
#include "core/error.h"

namespace haoban::app {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

namespace {

constexpr int kNumbersOnBusyRoads = 2000;  // roads the demo enterprises are registered on
constexpr int kNumbersOnOtherRoads = 400;

// "上海市宝山区牡丹江路1325号" → ("牡丹江路", "1325"), for the seeded enterprises' addresses.
std::optional<std::pair<std::string, std::string>> road_and_number(std::string_view text) {
  for (std::string_view prefix : {"上海市", "宝山区"})
    if (text.starts_with(prefix)) text.remove_prefix(prefix.size());
  auto road_end = text.find("路");
  auto hao = text.find("号");
  if (road_end == std::string_view::npos || hao == std::string_view::npos) return std::nullopt;
  road_end += std::string_view("路").size();
  return std::pair{std::string(text.substr(0, road_end)), std::string(text.substr(road_end, hao - road_end))};
}

}  // namespace

void seed_addresses(App& app, const std::vector<identity::Enterprise>& enterprises) {
  Rng rng(0x5A5A2026);
  auto local = address::load_local_data(app.config().resources);
  const auto& gazetteer = *app.address_resources().gazetteer;
  auto town_name = [&](const std::string& code) {
    auto d = gazetteer.by_code(code);
    return d ? gazetteer.division(*d).name : code;
  };

  std::map<std::pair<std::string, std::string>, int> registered;  // (road, number) → enterprises there
  std::set<std::string> busy_roads;
  for (const auto& e : enterprises)
    if (auto rn = road_and_number(e.address)) {
      ++registered[*rn];
      busy_roads.insert(rn->first);
    }

  // Which towns each road crosses, in the order listed.
  std::vector<std::string> roads;
  std::map<std::string, std::vector<const address::LocalTown*>> towns_of;
  for (const auto& t : local.towns)
    for (const auto& r : t.roads) {
      if (towns_of[r].empty()) roads.push_back(r);
      towns_of[r].push_back(&t);
    }
  std::map<std::pair<std::string, int>, const address::LocalPark*> park_at;
  for (const auto& p : local.parks)
    for (int n = p.first_number; n <= p.last_number; ++n) park_at[{p.road, n}] = &p;

  std::vector<address::StandardAddress> out;
  std::map<std::string, int> serial;
  auto add = [&](address::StandardAddress a) {
    a.id = fmt::format("BS-{}-{:06}", a.town_code.substr(6), ++serial[a.town_code]);
    a.text = fmt::format("上海市宝山区{}{}号", a.road, a.number);
    if (!a.building.empty()) a.text += a.building + "号楼";
    if (!a.floor.empty()) a.text += a.floor + "层";
    if (!a.room.empty()) a.text += a.room + "室";
    out.push_back(std::move(a));
  };
  std::map<std::string, std::string> id_at;  // (road#number) → the 号-level address id
  for (const auto& road : roads) {
    const auto& towns = towns_of[road];
    int numbers = busy_roads.count(road) ? kNumbersOnBusyRoads : kNumbersOnOtherRoads;
    for (int n = 1; n <= numbers; ++n) {
      const auto* town = towns[static_cast<std::size_t>((n - 1) * static_cast<int>(towns.size()) / numbers)];
      const address::LocalPark* park = nullptr;
      if (auto it = park_at.find({road, n}); it != park_at.end()) park = it->second;
      address::StandardAddress a;
      a.town_code = park ? park->town_code : town->code;
      a.town = town_name(a.town_code);
      if (!town->communities.empty())
        a.community = town->communities[static_cast<std::size_t>(n / 50) % town->communities.size()];
      a.road = road;
      a.number = std::to_string(n);
      int u = rng.below(100);
      a.usage = park ? (u < 60 ? address::Usage::industrial : address::Usage::office)
                     : u < 45 ? address::Usage::commercial
                     : u < 70 ? address::Usage::office
                     : u < 90 ? address::Usage::residential
                              : address::Usage::industrial;
      if (park) {
        a.park_id = park->id;
        a.poi = park->name;
      }
      if (auto it = registered.find({road, a.number}); it != registered.end()) {
        a.registered = it->second;
        if (a.usage == address::Usage::residential) a.usage = address::Usage::commercial;
      }
      a.capacity = std::max(1, a.registered);
      if (park && park->centralised_number == n) {
        a.centralised = true;
        a.capacity = park->centralised_capacity;
        a.registered = park->centralised_capacity * (40 + rng.below(50)) / 100;
      }
      auto base = a;
      add(a);
      id_at[road + "#" + a.number] = out.back().id;
      // Every fourth number in a park is a multi-storey building: floors and rooms.
      if (park && n % 4 == 0) {
        for (int b = 1; b <= 3; ++b)
          for (int f = 1; f <= 5; ++f)
            for (int r = 1; r <= 3; ++r) {
              auto unit = base;
              unit.centralised = false;
              unit.registered = 0;
              unit.capacity = 1;
              unit.building = std::to_string(b);
              unit.floor = std::to_string(f);
              unit.room = std::to_string(f * 100 + r);
              add(unit);
            }
      }
    }
  }

  for (const auto& p : local.parks) {
    bool any = std::any_of(out.begin(), out.end(), [&](const address::StandardAddress& a) { return a.park_id == p.id; });
    if (!any)
      throw invalid("address-data-malformed", "地址数据格式错误",
                    fmt::format("park {} ({}): {} numbers {}–{} are not standard addresses", p.id, p.name, p.road,
                                p.first_number, p.last_number));
  }
  std::vector<address::Park> parks;
  for (const auto& p : local.parks)
    parks.push_back(address::Park{p.id, p.name, p.town_code, town_name(p.town_code), p.road, p.industries,
                                  p.vacancy_area, p.vacancy_units, p.contact, 0, {}});

  // Registered leases (租赁备案) for every other enterprise, one in ten of them expired.
  std::vector<address::Lease> leases;
  for (std::size_t i = 1; i < enterprises.size(); i += 2) {
    auto rn = road_and_number(enterprises[i].address);
    if (!rn) continue;
    auto id = id_at.find(rn->first + "#" + rn->second);
    if (id == id_at.end()) continue;
    bool expired = i % 10 == 3;
    leases.push_back(address::Lease{fmt::format("BSZL{:08}", 20250000 + i), id->second, enterprises[i].credit_code,
                                    year{2024} / month{expired ? 1u : 7u} / day{1},
                                    expired ? year{2026} / month{6} / day{30} : year{2028} / month{6} / day{30}});
  }
  app.addresses().insert(out, parks, leases);
  spdlog::info("seeded {} standard addresses, {} parks, {} registered leases", out.size(), parks.size(), leases.size());
}

}  // namespace haoban::app
