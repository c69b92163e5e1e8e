// Private to src/defs: reading YAML nodes into values while collecting problems with positions.
// yaml-cpp marks are 0-based with byte columns; Source turns them into 1-based character columns.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "defs/defs.h"

namespace haoban::defs::detail {

// One definition file's text, for turning byte offsets into line/column positions.
class Source {
 public:
  Source(std::string file, std::string text);
  const std::string& file() const { return file_; }
  const std::string& text() const { return text_; }
  Pos at_offset(std::size_t byte_offset) const;
  Pos at(const YAML::Mark& m) const;
  Pos at(const YAML::Node& n) const { return at(n.Mark()); }
  Pos start() const { return {file_, 1, 1}; }
  // Where each line of the scalar `n` (whose value is `value`) starts in the file: after the
  // opening quote of a quoted scalar, at the content indentation of a block scalar (| or >).
  std::vector<Pos> scalar_lines(const YAML::Node& n, std::string_view value) const;

 private:
  std::string file_;
  std::string text_;
  std::vector<std::size_t> line_starts_;  // byte offset of each line
};

// Typed reads of scalar and list nodes; each reports a problem and returns nullopt (or empty) when
// the node has the wrong shape. `what` names the key in messages.
class Reader {
 public:
  Reader(const Source& src, std::vector<Problem>& problems) : src_(src), problems_(problems) {}
  const Source& source() const { return src_; }
  void error(const Pos& at, std::string message);
  void error(const YAML::Node& at, std::string message) { error(src_.at(at), std::move(message)); }

  // A non-empty scalar, trimmed of surrounding whitespace and newlines.
  std::optional<std::string> text(const YAML::Node& n, std::string_view what);
  std::optional<std::string> identifier(const YAML::Node& n, std::string_view what);  // [a-z][a-z0-9_]*
  std::optional<std::string> code(const YAML::Node& n, std::string_view what);  // [A-Za-z0-9][A-Za-z0-9._-]*
  std::optional<long long> integer(const YAML::Node& n, std::string_view what, long long min, long long max);
  std::optional<bool> boolean(const YAML::Node& n, std::string_view what);
  std::optional<expr::Decimal> decimal(const YAML::Node& n, std::string_view what);
  std::optional<Expression> expression(const YAML::Node& n, std::string_view what);
  std::optional<Ref> ref(const YAML::Node& n, std::string_view what);
  // A sequence; a missing node is an empty list. Reports a non-sequence.
  std::vector<YAML::Node> list(const YAML::Node& n, std::string_view what);
  std::vector<std::string> text_list(const YAML::Node& n, std::string_view what);

 private:
  const Source& src_;
  std::vector<Problem>& problems_;
};

// The keys of one mapping node: reports a non-mapping, unknown keys (at the key) and repeated keys.
class MapReader {
 public:
  MapReader(Reader& r, const YAML::Node& node, std::string_view what,
            std::initializer_list<std::string_view> allowed);
  bool ok() const { return ok_; }
  Pos pos() const { return pos_; }
  bool has(std::string_view key) const { return values_.count(std::string(key)) > 0; }
  // The value node, or an undefined node when absent.
  YAML::Node get(std::string_view key) const;
  // Reports "missing required key" at the mapping and returns false when absent.
  bool require(std::string_view key);

  // Shorthands: read `key` with Reader; required_* report a missing key.
  std::string required_text(std::string_view key);
  std::string optional_text(std::string_view key);
  std::optional<std::string> required_identifier(std::string_view key);
  std::optional<std::string> required_code(std::string_view key);
  std::optional<Ref> required_ref(std::string_view key);
  bool optional_bool(std::string_view key, bool fallback);
  std::optional<long long> required_integer(std::string_view key, long long min, long long max);
  std::optional<long long> optional_integer(std::string_view key, long long min, long long max);
  std::optional<expr::Decimal> optional_decimal(std::string_view key);
  std::optional<Expression> optional_expression(std::string_view key);
  std::vector<YAML::Node> list(std::string_view key);
  std::vector<std::string> text_list(std::string_view key);
  std::vector<Ref> ref_list(std::string_view key);

 private:
  Reader& r_;
  bool ok_ = false;
  Pos pos_;
  std::map<std::string, YAML::Node, std::less<>> values_;
};

// ---- files (load.cpp) ----------------------------------------------------------------------------

// Reads and parses one file (shown in problems as `shown`); reports unreadable files, invalid UTF-8
// and YAML syntax errors. `src` keeps the text for positions.
std::optional<YAML::Node> parse_file(const std::filesystem::path& path, const std::string& shown,
                                     std::unique_ptr<Source>& src, std::vector<Problem>& problems);
// The same for a text that is not (yet) a file, e.g. a policy being written in the workbench.
std::optional<YAML::Node> parse_text(const std::string& shown, std::string text, std::unique_ptr<Source>& src,
                                     std::vector<Problem>& problems);
// The *.yaml files of `dir/sub`, sorted, as (path, shown name); a missing directory is a problem
// unless `optional`.
std::vector<std::pair<std::filesystem::path, std::string>> yaml_files(const std::filesystem::path& dir,
                                                                      std::string_view sub,
                                                                      std::vector<Problem>& problems,
                                                                      bool optional = false);

// ---- policies (policies.cpp) ------------------------------------------------------------------------

// entities.yaml into d.entities (a missing file is an empty model).
void read_entities(const std::filesystem::path& dir, Definitions& d, std::vector<Problem>& problems);
// One policy file; its tests' entities are checked against d.entities.
std::optional<Policy> read_policy(Reader& r, const YAML::Node& root, const Definitions& d);
// Attribute sources, policy departments, test expectations naming criteria that exist.
void resolve_policies(const Definitions& d, std::vector<Problem>& problems);

}  // namespace haoban::defs::detail
