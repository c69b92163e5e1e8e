// A district's local address data (data/address/*.yaml): its streets/towns with their roads and
// neighbourhoods, and its parks. The gazetteer indexes the names; the seed builds the standard
// address database on them. Format: data/address/baoshan.yaml's header.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace haoban::address {

struct LocalTown {
  std::string code;  // official street/town code, e.g. 310113003
  std::vector<std::string> roads, communities;
};

struct LocalPark {
  std::string id, name, town_code, road;
  int first_number = 1, last_number = 1;  // the road numbers the park occupies
  std::vector<std::string> industries;
  double vacancy_area = 0;
  int vacancy_units = 0;
  std::string contact;
  std::optional<int> centralised_number;  // its 集中登记地, a road number in the park
  int centralised_capacity = 0;
};

struct LocalData {
  std::vector<LocalTown> towns;
  std::vector<LocalPark> parks;
};

// Every <resources>/address/*.yaml, in name order. Throws Error(invalid) naming file and line.
LocalData load_local_data(const std::filesystem::path& resources);

}  // namespace haoban::address
