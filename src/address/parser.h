// Parsing free-text addresses into levels: normalise (text.h), label each token (the trained
// labeller, or the shipped rules when no model is installed), then tidy with the gazetteer — attach
// official codes, infer missing higher levels (a Baoshan street implies 上海市宝山区), expand short
// names (宝山 → 宝山区, 沪 → 上海市) — and report what could not be recognised.
//
// Thread-safe once constructed.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "address/gazetteer.h"
#include "address/labeller.h"

namespace haoban::address {

// The levels a parse reports, in address order; JSON keys of `levels`.
//   province city district devzone town community road subroad road_number lane poi subpoi
//   building unit floor room occupant assist redundant other
const std::vector<std::string>& level_names();
std::string_view level_label(std::string_view level);  // 省 市 区县 开发区 街道镇 … for people

struct Component {
  std::string level;  // one of level_names()
  std::string text;   // as normalised: 牡丹江路, 1325号
  std::string code;   // official division code when the gazetteer knows it
  bool inferred = false;  // filled from the gazetteer, not written in the input
};

struct ParsedAddress {
  std::string input;
  std::string normalized;
  std::vector<Component> components;     // in address order; inferred ones first
  std::vector<std::string> unrecognised;  // dropped characters and spans no level fits
  std::vector<std::string> changes;       // normalisation applied (全角→半角, 一百二十三号→123号)
  std::string method;                     // "model" or "rules"
  // The first component of `level`, or nullptr.
  const Component* find(std::string_view level) const;
  std::string text(std::string_view level) const;  // "" when absent
  // The digits of a numbered level (1325号 → 1325, 3号楼 → 3, 301室 → 301); "" when none.
  std::string number(std::string_view level) const;
};

struct ParserOptions {
  // Where an ambiguous short name resolves when nothing else decides (宝山 → 上海市宝山区, not
  // 双鸭山市宝山区): the home district's code.
  std::string home_district = "310113";
};

class Parser {
 public:
  // `labeller` may be null: the rules alone. Both must outlive the parser.
  Parser(const Gazetteer& gazetteer, const Labeller* labeller, ParserOptions options = {});
  ParsedAddress parse(std::string_view text) const;
  const Gazetteer& gazetteer() const { return gazetteer_; }
  bool has_model() const { return labeller_ != nullptr; }
  // The home district's division index, when the gazetteer has it.
  std::optional<int> home() const { return home_; }

 private:
  std::vector<std::string> rule_tags(std::string_view text, const std::vector<Token>& tokens) const;
  void resolve_divisions(ParsedAddress& p) const;

  const Gazetteer& gazetteer_;
  const Labeller* labeller_;
  ParserOptions options_;
  std::optional<int> home_;
};

// The gazetteer every part of the platform uses: the national divisions in
// <resources>/gazetteer plus the local names in <resources>/address/*.yaml. A labeller must be
// trained and used with the same one.
Gazetteer load_gazetteer(const std::filesystem::path& resources);

// Where `make` and `haoban address train` put the model: <resources>/address/labeller.model.
std::filesystem::path default_model(const std::filesystem::path& resources);

// The gazetteer, the labeller when default_model(resources) (or `model`) exists and fits,
// and a parser over them; the unit the CLI and the server hold.
struct AddressResources {
  std::unique_ptr<Gazetteer> gazetteer;
  std::unique_ptr<Labeller> labeller;  // null: rules only
  std::unique_ptr<Parser> parser;
  std::string model_problem;  // why no model was loaded, for the log
};
AddressResources load_resources(const std::filesystem::path& resources, const std::filesystem::path& model = {});

}  // namespace haoban::address
