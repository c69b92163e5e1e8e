#include "address/local.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "core/error.h"

namespace haoban::address {

namespace fs = std::filesystem;

namespace {

Error malformed(const fs::path& file, const YAML::Node& at, std::string_view what) {
  return invalid("address-data-malformed", "地址数据格式错误",
                 fmt::format("{}:{}: {}", file.string(), at.Mark().line + 1, what));
}

std::vector<std::string> names(const fs::path& file, const YAML::Node& list, std::string_view what) {
  std::vector<std::string> out;
  if (!list) return out;
  if (!list.IsSequence()) throw malformed(file, list, fmt::format("'{}' should be a list of names", what));
  for (const auto& n : list) {
    auto s = n.as<std::string>("");
    if (s.empty()) throw malformed(file, n, fmt::format("an empty name in '{}'", what));
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

LocalData load_local_data(const fs::path& resources) {
  LocalData out;
  std::vector<fs::path> files;
  if (fs::is_directory(resources / "address"))
    for (const auto& e : fs::directory_iterator(resources / "address"))
      if (e.path().extension() == ".yaml") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    YAML::Node doc;
    try {
      doc = YAML::LoadFile(file.string());
    } catch (const YAML::Exception& e) {
      throw invalid("address-data-malformed", "地址数据格式错误",
                    fmt::format("{}:{}:{}: {}", file.string(), e.mark.line + 1, e.mark.column + 1, e.msg));
    }
    try {
      auto towns = doc["towns"];
      if (!towns || !towns.IsSequence()) throw malformed(file, doc, "expected a list 'towns'");
      for (const auto& t : towns) {
        LocalTown town{t["code"].as<std::string>(""), names(file, t["roads"], "roads"),
                       names(file, t["communities"], "communities")};
        if (town.code.empty()) throw malformed(file, t, "a town without 'code'");
        out.towns.push_back(std::move(town));
      }
      for (const auto& p : doc["parks"]) {
        LocalPark park;
        park.id = p["id"].as<std::string>("");
        park.name = p["name"].as<std::string>("");
        park.town_code = p["town"].as<std::string>("");
        park.road = p["road"].as<std::string>("");
        if (park.id.empty() || park.name.empty() || park.town_code.empty() || park.road.empty())
          throw malformed(file, p, "a park needs id, name, town and road");
        auto numbers = p["numbers"];
        if (!numbers || !numbers.IsSequence() || numbers.size() != 2)
          throw malformed(file, p, "'numbers' should be [first, last]");
        park.first_number = numbers[0].as<int>();
        park.last_number = numbers[1].as<int>();
        if (park.first_number < 1 || park.last_number < park.first_number)
          throw malformed(file, numbers, "'numbers' should be [first, last] with 1 <= first <= last");
        park.industries = names(file, p["industries"], "industries");
        park.vacancy_area = p["vacancy_area"].as<double>(0);
        park.vacancy_units = p["vacancy_units"].as<int>(0);
        park.contact = p["contact"].as<std::string>("");
        if (auto c = p["centralised"]) {
          park.centralised_number = c["number"].as<int>();
          park.centralised_capacity = c["capacity"].as<int>(0);
          if (*park.centralised_number < park.first_number || *park.centralised_number > park.last_number)
            throw malformed(file, c, "the centralised registration number lies outside the park's numbers");
        }
        out.parks.push_back(std::move(park));
      }
    } catch (const YAML::Exception& e) {
      throw invalid("address-data-malformed", "地址数据格式错误",
                    fmt::format("{}:{}:{}: {}", file.string(), e.mark.line + 1, e.mark.column + 1, e.msg));
    }
  }
  return out;
}

}  // namespace haoban::address
