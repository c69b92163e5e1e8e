#include <fmt/format.h>

#include <atomic>
#include <set>

#include "core/error.h"
#include "core/utf8.h"
#include "expr/expr.h"

namespace haoban::expr {
namespace {

std::uint64_t next_schema_id() {
  static std::atomic<std::uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

bool is_identifier(std::string_view s) {
  if (s.empty() || first_invalid_utf8(s)) return false;
  if (s == "true" || s == "false" || s == "in" || s == "null") return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    if (!letter && !(i > 0 && c >= '0' && c <= '9')) return false;
  }
  return true;
}

Error schema_error(std::string detail) {
  return invalid("expression-schema", "表达式数据项定义有误", std::move(detail));
}

}  // namespace

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::boolean:
      return "bool";
    case Kind::integer:
      return "int";
    case Kind::decimal:
      return "decimal";
    case Kind::string:
      return "string";
    case Kind::date:
      return "date";
    case Kind::list:
      return "list";
    case Kind::record:
      return "record";
  }
  return "?";
}

Type Type::list_of(Type element) {
  if (element.kind() == Kind::list) throw schema_error("lists of lists are not supported");
  Type t(Kind::list);
  t.element_ = std::make_shared<const Type>(std::move(element));
  return t;
}

Type Type::record(std::vector<Field> fields) {
  if (fields.empty()) throw schema_error("a record needs at least one field");
  std::set<std::string_view> seen;
  for (const Field& f : fields) {
    if (!is_identifier(f.name)) throw schema_error(fmt::format("'{}' is not a valid field name", f.name));
    if (!f.type.is_scalar()) throw schema_error(fmt::format("record field '{}' must be a scalar", f.name));
    if (!seen.insert(f.name).second)
      throw schema_error(fmt::format("record field '{}' declared twice", f.name));
  }
  Type t(Kind::record);
  t.fields_ = std::make_shared<const std::vector<Field>>(std::move(fields));
  return t;
}

const Type& Type::element() const { return *element_; }

const std::vector<Field>& Type::fields() const { return *fields_; }

std::optional<int> Type::field_index(std::string_view name) const {
  if (kind_ != Kind::record) return std::nullopt;
  for (std::size_t i = 0; i < fields_->size(); ++i) {
    if ((*fields_)[i].name == name) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::string Type::to_string() const {
  if (kind_ == Kind::list) return fmt::format("list<{}>", element_->to_string());
  if (kind_ == Kind::record) {
    std::string s = "record{";
    for (std::size_t i = 0; i < fields_->size(); ++i) {
      s += fmt::format("{}{}: {}", i == 0 ? "" : ", ", (*fields_)[i].name, (*fields_)[i].type.to_string());
    }
    return s + "}";
  }
  return std::string(kind_name(kind_));
}

bool operator==(const Type& a, const Type& b) {
  if (a.kind_ != b.kind_) return false;
  if (a.kind_ == Kind::list) return *a.element_ == *b.element_;
  if (a.kind_ == Kind::record) {
    if (a.fields_ == b.fields_) return true;
    if (a.fields_->size() != b.fields_->size()) return false;
    for (std::size_t i = 0; i < a.fields_->size(); ++i) {
      if ((*a.fields_)[i].name != (*b.fields_)[i].name || !((*a.fields_)[i].type == (*b.fields_)[i].type))
        return false;
    }
  }
  return true;
}

Schema::Schema() : id_(next_schema_id()) {}

Schema::Schema(const Schema& other)
    : id_(next_schema_id()), paths_(other.paths_), types_(other.types_), index_(other.index_) {}

Schema& Schema::operator=(const Schema& other) {
  if (this != &other) {
    id_ = next_schema_id();
    paths_ = other.paths_;
    types_ = other.types_;
    index_ = other.index_;
  }
  return *this;
}

int Schema::add(std::string_view path, Type type) {
  if (path.empty()) throw schema_error("an empty path");
  for (std::size_t start = 0;;) {
    const std::size_t dot = path.find('.', start);
    const std::string_view segment = path.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!is_identifier(segment)) {
      throw schema_error(fmt::format("'{}' is not a valid path: '{}' is not an identifier", path, segment));
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (type.kind() == Kind::record) {
    throw schema_error(fmt::format("'{}': records can only be list elements (list<record{{…}}>)", path));
  }
  if (find(path)) throw schema_error(fmt::format("path '{}' declared twice", path));
  const int slot = static_cast<int>(paths_.size());
  paths_.emplace_back(path);
  types_.push_back(std::move(type));
  index_.emplace(path, slot);
  return slot;
}

std::optional<int> Schema::find(std::string_view path) const {
  const auto it = index_.find(path);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const std::string& Schema::path(int slot) const { return paths_.at(static_cast<std::size_t>(slot)); }

const Type& Schema::type(int slot) const { return types_.at(static_cast<std::size_t>(slot)); }

}  // namespace haoban::expr
