#include "policy/population.h"

#include <fmt/format.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <unordered_set>

#include "core/error.h"

namespace haoban::policy {

namespace json = boost::json;
using defs::AttributeType;

namespace {

std::int64_t days_of(Date d) { return std::chrono::sys_days{d}.time_since_epoch().count(); }
Date date_of(std::int64_t days) { return Date{std::chrono::sys_days{std::chrono::days{days}}}; }

std::optional<expr::Decimal> decimal_of(const json::value& v) {
  if (v.is_int64()) return expr::Decimal::from_int(v.get_int64());
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return expr::Decimal::from_int(static_cast<std::int64_t>(v.get_uint64()));
  if (v.is_string()) return expr::Decimal::parse(std::string_view(v.get_string()));
  if (v.is_double()) return expr::Decimal::parse(fmt::format("{}", v.get_double()));
  return std::nullopt;
}

std::string_view expected(AttributeType t) {
  switch (t) {
    case AttributeType::boolean: return "true or false";
    case AttributeType::integer: return "a whole number";
    case AttributeType::decimal: return "a number";
    case AttributeType::string: return "a string";
    case AttributeType::date: return "a date \"YYYY-MM-DD\"";
    case AttributeType::string_list: return "a list of strings";
  }
  return "?";
}

// Walks `o` by attribute path, calling visit(column, path, value) for each attribute's value;
// reports keys that are neither an attribute nor a group of attributes.
template <class F>
void walk(const json::object& o, const std::string& prefix, const defs::EntityModel& model, EntityKind kind,
          F&& visit) {
  for (const auto& kv : o) {
    std::string path = prefix.empty() ? std::string(kv.key()) : prefix + "." + std::string(kv.key());
    if (const defs::Attribute* a = model.find(kind, path)) {
      visit(static_cast<std::size_t>(a - model.of(kind).data()), path, kv.value());
    } else if (model.has_below(kind, path) && kv.value().is_object()) {
      walk(kv.value().get_object(), path, model, kind, visit);
    } else if (!(model.has_below(kind, path) && kv.value().is_null())) {  // null: a whole group unknown
      throw invalid("entity-invalid", "实体数据有误",
                    fmt::format("unknown attribute '{}.{}' (see entities.yaml)", defs::to_string(kind), path));
    }
  }
}

}  // namespace

Population::Population(const defs::EntityModel& model, EntityKind kind)
    : kind_(kind), model_(&model) {
  for (const auto& a : model.of(kind)) columns_.push_back(Column{a.type, {}, {}, {}, {}, {}, {}});
}

void Population::push_unknown(Column& c) {
  c.known.push_back(0);
  switch (c.type) {
    case AttributeType::decimal: c.decimals.emplace_back(); break;
    case AttributeType::string: c.strings.emplace_back(); break;
    case AttributeType::string_list:
      c.lists.emplace_back();
      c.list_values.emplace_back();
      break;
    default: c.numbers.push_back(0); break;
  }
}

bool Population::push(Column& c, const json::value& v) {
  if (v.is_null()) {
    push_unknown(c);
    return true;
  }
  switch (c.type) {
    case AttributeType::boolean:
      if (!v.is_bool()) return false;
      c.numbers.push_back(v.get_bool() ? 1 : 0);
      break;
    case AttributeType::integer:
      if (v.is_int64()) c.numbers.push_back(v.get_int64());
      else if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
        c.numbers.push_back(static_cast<std::int64_t>(v.get_uint64()));
      else return false;
      break;
    case AttributeType::decimal: {
      auto d = decimal_of(v);
      if (!d) return false;
      c.decimals.push_back(*d);
      break;
    }
    case AttributeType::string:
      if (!v.is_string()) return false;
      c.strings.emplace_back(v.get_string());
      break;
    case AttributeType::date: {
      if (!v.is_string()) return false;
      auto d = parse_date(std::string_view(v.get_string()));
      if (!d) return false;
      c.numbers.push_back(days_of(*d));
      break;
    }
    case AttributeType::string_list: {
      if (!v.is_array()) return false;
      std::vector<std::string> items;
      for (const auto& e : v.get_array()) {
        if (!e.is_string()) return false;
        items.emplace_back(e.get_string());
      }
      // The strings stay where they are from here on (moving a vector keeps its buffer), so the
      // values may view them.
      c.lists.push_back(std::move(items));
      std::vector<expr::Value> views;
      for (const auto& item : c.lists.back()) views.push_back(expr::Value::of_string(item));
      c.list_values.push_back(std::move(views));
      break;
    }
  }
  c.known.push_back(1);
  return true;
}

void Population::add(std::string_view id, const json::object& attributes) {
  // Validate first, so a bad entity leaves every column as it was.
  std::vector<const json::value*> values(columns_.size(), nullptr);
  walk(attributes, "", *model_, kind_, [&](std::size_t i, const std::string& path, const json::value& v) {
    Column probe{columns_[i].type, {}, {}, {}, {}, {}, {}};
    if (!push(probe, v))
      throw invalid("entity-invalid", "实体数据有误",
                    fmt::format("{}.{} must be {}, got {}", defs::to_string(kind_), path, expected(columns_[i].type),
                                json::serialize(v)));
    values[i] = &v;
  });
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (values[i]) push(columns_[i], *values[i]);
    else push_unknown(columns_[i]);
  }
  ids_.emplace_back(id);
}

std::size_t Population::find(std::string_view id) const {
  for (std::size_t i = 0; i < ids_.size(); ++i)
    if (ids_[i] == id) return i;
  return npos;
}

void Population::bind(std::size_t row, int column, int slot, expr::Bindings& b) const {
  const Column& c = columns_[static_cast<std::size_t>(column)];
  if (!c.known[row]) {
    b.set_unknown(slot);
    return;
  }
  switch (c.type) {
    case AttributeType::boolean: b.set_bool(slot, c.numbers[row] != 0); break;
    case AttributeType::integer: b.set_int(slot, c.numbers[row]); break;
    case AttributeType::decimal: b.set_decimal(slot, c.decimals[row]); break;
    case AttributeType::string: b.set_string_view(slot, c.strings[row]); break;
    case AttributeType::date: b.set_date(slot, date_of(c.numbers[row])); break;
    case AttributeType::string_list: b.set_string_list_view(slot, c.list_values[row]); break;
  }
}

json::value Population::value_json(std::size_t row, int column) const {
  const Column& c = columns_[static_cast<std::size_t>(column)];
  if (!c.known[row]) return nullptr;
  switch (c.type) {
    case AttributeType::boolean: return json::value(c.numbers[row] != 0);
    case AttributeType::integer: return json::value(c.numbers[row]);
    case AttributeType::decimal: return json::value(c.decimals[row].to_string());
    case AttributeType::string: return json::value(c.strings[row]);
    case AttributeType::date: return json::value(format_date(date_of(c.numbers[row])));
    case AttributeType::string_list: {
      json::array a;
      for (const auto& s : c.lists[row]) a.push_back(json::value(s));
      return a;
    }
  }
  return nullptr;
}

Populations read_entities(std::istream& in, std::string_view file, const defs::EntityModel& model) {
  Populations out{Population(model, EntityKind::enterprise), Population(model, EntityKind::person)};
  std::unordered_set<std::string> ids;
  std::string line;
  int number = 0;
  auto fail = [&](std::string_view message) {
    return invalid("entities-invalid", "实体数据文件有误", fmt::format("{}:{}: {}", file, number, message));
  };
  while (std::getline(in, line)) {
    ++number;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    boost::system::error_code ec;
    json::value v = json::parse(line, ec);
    if (ec) throw fail("not valid JSON: " + ec.message());
    if (!v.is_object()) throw fail("each line must be a JSON object");
    json::object o = std::move(v.get_object());
    const json::value* id = o.if_contains("id");
    const json::value* kind = o.if_contains("kind");
    if (!id || !id->is_string() || id->get_string().empty()) throw fail("\"id\" must be a non-empty string");
    if (!kind || !kind->is_string()) throw fail("\"kind\" must be \"enterprise\" or \"person\"");
    auto k = defs::entity_kind_from_string(std::string_view(kind->get_string()));
    if (!k) throw fail(fmt::format("unknown kind {} (enterprise or person)", json::serialize(*kind)));
    std::string key = std::string(id->get_string());
    if (!ids.insert(key).second) throw fail(fmt::format("entity '{}' appears twice", key));
    o.erase("id");
    o.erase("kind");
    try {
      out.of(*k).add(key, o);
    } catch (const Error& e) {
      throw fail(e.detail());
    }
  }
  if (in.bad()) throw invalid("entities-invalid", "实体数据文件有误", fmt::format("{}: read error", file));
  return out;
}

}  // namespace haoban::policy
