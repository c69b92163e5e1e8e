#include "defs/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

namespace haoban::defs::detail {

namespace {

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

std::string_view trim(std::string_view s) {
  constexpr std::string_view ws = " \t\r\n";
  auto b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(ws);
  return s.substr(b, e - b + 1);
}

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(s[0] >= 'a' && s[0] <= 'z')) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

bool is_code(std::string_view s) {
  auto alnum = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  };
  if (s.empty() || s.size() > 64 || !alnum(s[0])) return false;
  return std::all_of(s.begin(), s.end(),
                     [&](char c) { return alnum(c) || c == '.' || c == '_' || c == '-'; });
}

std::string describe(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Null:
      return "nothing";
    default:
      return "'" + n.Scalar() + "'";
  }
}

}  // namespace

// ---- Source -------------------------------------------------------------------------------------

Source::Source(std::string file, std::string text) : file_(std::move(file)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::size_t i = 0; i < text_.size(); ++i)
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
}

Pos Source::at_offset(std::size_t off) const {
  off = std::min(off, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), off);
  std::size_t line = static_cast<std::size_t>(it - line_starts_.begin()) - 1;
  int col = 1;
  for (std::size_t i = line_starts_[line]; i < off; ++i)
    if (!is_continuation(static_cast<unsigned char>(text_[i]))) ++col;
  return {file_, static_cast<int>(line) + 1, col};
}

Pos Source::at(const YAML::Mark& m) const {
  if (m.pos >= 0) return at_offset(static_cast<std::size_t>(m.pos));
  if (m.line >= 0) return {file_, m.line + 1, m.column + 1};
  return start();
}

std::vector<Pos> Source::scalar_lines(const YAML::Node& n, std::string_view value) const {
  const YAML::Mark m = n.Mark();
  if (m.pos < 0 || static_cast<std::size_t>(m.pos) >= text_.size()) return {at(m)};
  const auto off = static_cast<std::size_t>(m.pos);
  const char style = text_[off];
  std::vector<Pos> out;
  if (style == '|' || style == '>') {
    // Content starts on the next line at the indentation of its first non-blank line.
    auto line = static_cast<std::size_t>(at_offset(off).line);  // 1-based → index of the next line
    std::size_t indent = 0;
    for (std::size_t l = line; l < line_starts_.size(); ++l) {
      std::size_t b = line_starts_[l], e = l + 1 < line_starts_.size() ? line_starts_[l + 1] : text_.size();
      std::string_view s(text_.data() + b, e - b);
      auto first = s.find_first_not_of(' ');
      if (first != std::string_view::npos && s[first] != '\n' && s[first] != '\r') {
        indent = first;
        break;
      }
    }
    std::size_t lines = static_cast<std::size_t>(std::count(value.begin(), value.end(), '\n')) + 1;
    for (std::size_t k = 0; k < lines && line + k < line_starts_.size(); ++k)
      out.push_back({file_, static_cast<int>(line + k) + 1, static_cast<int>(indent) + 1});
    if (out.empty()) out.push_back(at(m));
    return out;
  }
  Pos p = at_offset(style == '"' || style == '\'' ? off + 1 : off);
  out.push_back(p);
  return out;
}

// ---- Reader -------------------------------------------------------------------------------------

void Reader::error(const Pos& at, std::string message) { problems_.push_back({at, std::move(message)}); }

std::optional<std::string> Reader::text(const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar()) {
    error(n, fmt::format("'{}' must be text, got {}", what, describe(n)));
    return std::nullopt;
  }
  std::string_view v = trim(n.Scalar());
  if (v.empty()) {
    error(n, fmt::format("'{}' must not be empty", what));
    return std::nullopt;
  }
  return std::string(v);
}

std::optional<std::string> Reader::identifier(const YAML::Node& n, std::string_view what) {
  auto v = text(n, what);
  if (v && !is_identifier(*v)) {
    error(n, fmt::format(
                 "'{}' must be an identifier (a-z, 0-9, _; starting with a letter; at most 64), got '{}'",
                 what, *v));
    return std::nullopt;
  }
  return v;
}

std::optional<std::string> Reader::code(const YAML::Node& n, std::string_view what) {
  auto v = text(n, what);
  if (v && !is_code(*v)) {
    error(n, fmt::format("'{}' must be a code (letters, digits, '.', '_', '-'; at most 64), got '{}'", what,
                         *v));
    return std::nullopt;
  }
  return v;
}

std::optional<long long> Reader::integer(const YAML::Node& n, std::string_view what, long long min,
                                         long long max) {
  long long v = 0;
  bool ok = false;
  if (n.IsScalar()) {
    std::string_view s = n.Scalar();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    ok = ec == std::errc() && p == s.data() + s.size() && !s.empty();
  }
  if (!ok || v < min || v > max) {
    error(n, fmt::format("'{}' must be an integer from {} to {}, got {}", what, min, max, describe(n)));
    return std::nullopt;
  }
  return v;
}

std::optional<bool> Reader::boolean(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar() && (n.Scalar() == "true" || n.Scalar() == "false")) return n.Scalar() == "true";
  error(n, fmt::format("'{}' must be true or false, got {}", what, describe(n)));
  return std::nullopt;
}

std::optional<expr::Decimal> Reader::decimal(const YAML::Node& n, std::string_view what) {
  if (n.IsScalar())
    if (auto d = expr::Decimal::parse(n.Scalar())) return d;
  error(n, fmt::format("'{}' must be a number (at most 6 decimals), got {}", what, describe(n)));
  return std::nullopt;
}

std::optional<Expression> Reader::expression(const YAML::Node& n, std::string_view what) {
  if (!n.IsScalar() || trim(n.Scalar()).empty()) {
    error(n, fmt::format("'{}' must be an expression, got {}", what, describe(n)));
    return std::nullopt;
  }
  // Keep the scalar as written (no trimming) so positions inside it stay exact; drop only a final
  // newline of a block scalar.
  std::string s = n.Scalar();
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  Expression e{std::move(s), {}};
  e.lines = src_.scalar_lines(n, e.source);
  return e;
}

std::optional<Ref> Reader::ref(const YAML::Node& n, std::string_view what) {
  auto v = text(n, what);
  if (!v) return std::nullopt;
  return Ref{*v, src_.at(n)};
}

std::vector<YAML::Node> Reader::list(const YAML::Node& n, std::string_view what) {
  std::vector<YAML::Node> out;
  if (!n.IsDefined() || n.IsNull()) return out;
  if (!n.IsSequence()) {
    error(n, fmt::format("'{}' must be a list, got {}", what, describe(n)));
    return out;
  }
  for (const auto& e : n) out.push_back(e);
  return out;
}

std::vector<std::string> Reader::text_list(const YAML::Node& n, std::string_view what) {
  std::vector<std::string> out;
  for (const auto& e : list(n, what))
    if (auto v = text(e, what)) out.push_back(std::move(*v));
  return out;
}

// ---- MapReader ----------------------------------------------------------------------------------

MapReader::MapReader(Reader& r, const YAML::Node& node, std::string_view what,
                     std::initializer_list<std::string_view> allowed)
    : r_(r), pos_(r.source().at(node)) {
  if (!node.IsMap()) {
    r_.error(node, fmt::format("{} must be a mapping, got {}", what, describe(node)));
    return;
  }
  ok_ = true;
  for (const auto& kv : node) {
    if (!kv.first.IsScalar()) {
      r_.error(kv.first, fmt::format("{}: keys must be text", what));
      continue;
    }
    const std::string& key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string known;
      for (auto a : allowed) known += (known.empty() ? "" : ", ") + std::string(a);
      r_.error(kv.first, fmt::format("unknown key '{}' in {} (known: {})", key, what, known));
      continue;
    }
    if (!values_.emplace(key, kv.second).second) r_.error(kv.first, fmt::format("key '{}' is repeated", key));
  }
}

YAML::Node MapReader::get(std::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? YAML::Node(YAML::NodeType::Undefined) : it->second;
}

bool MapReader::require(std::string_view key) {
  if (!ok_) return false;
  if (has(key)) return true;
  r_.error(pos_, fmt::format("missing required key '{}'", key));
  return false;
}

std::string MapReader::required_text(std::string_view key) {
  if (!require(key)) return {};
  return r_.text(get(key), key).value_or("");
}

std::string MapReader::optional_text(std::string_view key) {
  if (!has(key) || get(key).IsNull()) return {};
  return r_.text(get(key), key).value_or("");
}

std::optional<std::string> MapReader::required_identifier(std::string_view key) {
  if (!require(key)) return std::nullopt;
  return r_.identifier(get(key), key);
}

std::optional<std::string> MapReader::required_code(std::string_view key) {
  if (!require(key)) return std::nullopt;
  return r_.code(get(key), key);
}

std::optional<Ref> MapReader::required_ref(std::string_view key) {
  if (!require(key)) return std::nullopt;
  return r_.ref(get(key), key);
}

bool MapReader::optional_bool(std::string_view key, bool fallback) {
  if (!has(key)) return fallback;
  return r_.boolean(get(key), key).value_or(fallback);
}

std::optional<long long> MapReader::required_integer(std::string_view key, long long min, long long max) {
  if (!require(key)) return std::nullopt;
  return r_.integer(get(key), key, min, max);
}

std::optional<long long> MapReader::optional_integer(std::string_view key, long long min, long long max) {
  if (!has(key)) return std::nullopt;
  return r_.integer(get(key), key, min, max);
}

std::optional<expr::Decimal> MapReader::optional_decimal(std::string_view key) {
  if (!has(key)) return std::nullopt;
  return r_.decimal(get(key), key);
}

std::optional<Expression> MapReader::optional_expression(std::string_view key) {
  if (!has(key)) return std::nullopt;
  return r_.expression(get(key), key);
}

std::vector<YAML::Node> MapReader::list(std::string_view key) { return r_.list(get(key), key); }

std::vector<std::string> MapReader::text_list(std::string_view key) { return r_.text_list(get(key), key); }

std::vector<Ref> MapReader::ref_list(std::string_view key) {
  std::vector<Ref> out;
  for (const auto& n : r_.list(get(key), key))
    if (auto v = r_.ref(n, key)) out.push_back(std::move(*v));
  return out;
}

}  // namespace haoban::defs::detail
