// Values and the input bindings they are read from.
#include <fmt/format.h>

#include <exception>
#include <limits>

#include "core/error.h"
#include "expr/machine.h"

namespace haoban::expr {
namespace {

Error binding_error(std::string detail) {
  return invalid("expression-binding", "表达式输入的类型不符", std::move(detail));
}

std::uint32_t checked_size(std::size_t n) {
  if (n > std::numeric_limits<std::uint32_t>::max()) throw binding_error("a string or list of 4 GiB or more");
  return static_cast<std::uint32_t>(n);
}

std::int32_t checked_days(Date d) {
  if (!d.ok() || static_cast<int>(d.year()) < 1 || static_cast<int>(d.year()) > 9999) {
    throw binding_error("a date must be a real date in years 1 to 9999");
  }
  return to_days(d);
}

bool fits(const Type& t, Kind kind, bool decimal_ok) {
  return t.kind() == kind || (decimal_ok && t.kind() == Kind::decimal);
}

Value number(const Type& t, std::int64_t v) {
  return t.kind() == Kind::decimal ? Raw::decimal(Int128{v} * Decimal::kOne) : Raw::integer(v);
}

// A string stored as an offset into `chars` until the list is published.
Value pending_string(std::string& chars, std::string_view v) {
  Value s = Raw::string(nullptr, checked_size(v.size()));
  Raw::set_offset(s, chars.size());
  chars.append(v);
  return s;
}

void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

Value Value::of_bool(bool v) { return Raw::boolean(v); }
Value Value::of_int(std::int64_t v) { return Raw::integer(v); }
Value Value::of_decimal(Decimal v) { return Raw::decimal(v.units()); }
Value Value::of_string(std::string_view v) { return Raw::string(v.data(), checked_size(v.size())); }
Value Value::of_date(Date v) { return Raw::date(to_days(v)); }
Value Value::of_list(std::span<const Value> items) {
  return Raw::list(items.data(), checked_size(items.size()), 0);
}

Date Value::as_date() const { return to_date(u_.days); }

std::string Value::to_string() const {
  std::string out;
  switch (tag_) {
    case Tag::unknown:
      return "unknown";
    case Tag::boolean:
      return u_.b ? "true" : "false";
    case Tag::integer:
      return std::to_string(u_.i);
    case Tag::decimal:
      return as_decimal().to_string();
    case Tag::string:
      append_quoted(out, as_string());
      return out;
    case Tag::date:
      return fmt::format("date(\"{}\")", format_date(as_date()));
    case Tag::list:
    case Tag::record:
      out += tag_ == Tag::list ? '[' : '{';
      for (std::size_t i = 0; i < size_; ++i) {
        if (i != 0) out += ", ";
        out += u_.items[i].to_string();
      }
      out += tag_ == Tag::list ? ']' : '}';
      return out;
  }
  return out;
}

Bindings::Bindings(const Schema& schema)
    : schema_(&schema), schema_id_(schema.id()), slots_(static_cast<std::size_t>(schema.size())) {
  types_.reserve(slots_.size());
  for (int s = 0; s < schema.size(); ++s) types_.push_back(schema.type(s));
}

int Bindings::slot(std::string_view path) const {
  auto s = schema_->find(path);
  if (!s || *s >= size()) throw binding_error(fmt::format("no input '{}' in the schema", path));
  return *s;
}

void Bindings::clear() {
  for (Slot& s : slots_) s.value = Value();
}

Bindings::Slot& Bindings::writable(int slot, Kind kind, bool decimal_ok) {
  if (slot < 0 || slot >= size()) throw binding_error(fmt::format("no input slot {}", slot));
  const Type& t = types_[static_cast<std::size_t>(slot)];
  if (!fits(t, kind, decimal_ok)) {
    throw binding_error(
        fmt::format("input '{}' is {}, not {}", schema_->path(slot), t.to_string(), kind_name(kind)));
  }
  return slots_[static_cast<std::size_t>(slot)];
}

void Bindings::set_unknown(int slot) {
  if (slot < 0 || slot >= size()) throw binding_error(fmt::format("no input slot {}", slot));
  slots_[static_cast<std::size_t>(slot)].value = Value();
}

void Bindings::set_bool(int slot, bool v) { writable(slot, Kind::boolean).value = Raw::boolean(v); }

void Bindings::set_int(int slot, std::int64_t v) {
  Slot& s = writable(slot, Kind::integer, true);  // checks the slot before types_ is indexed
  s.value = number(types_[static_cast<std::size_t>(slot)], v);
}

void Bindings::set_decimal(int slot, Decimal v) {
  writable(slot, Kind::decimal).value = Raw::decimal(v.units());
}

void Bindings::set_string(int slot, std::string_view v) {
  Slot& s = writable(slot, Kind::string);
  const std::uint32_t n = checked_size(v.size());
  s.text.assign(v);
  s.value = Raw::string(s.text.data(), n);
}

void Bindings::set_string_view(int slot, std::string_view v) {
  Slot& s = writable(slot, Kind::string);
  s.value = Raw::string(v.data(), checked_size(v.size()));
}

void Bindings::set_string_list_view(int slot, std::span<const Value> items) {
  Slot& s = writable(slot, Kind::list);
  if (types_[static_cast<std::size_t>(slot)].element().kind() != Kind::string)
    throw binding_error(fmt::format("input '{}' is {}, not list<string>", schema_->path(slot),
                                    types_[static_cast<std::size_t>(slot)].to_string()));
  s.value = Raw::list(items.data(), checked_size(items.size()), 0);
}

void Bindings::set_date(int slot, Date v) {
  Slot& s = writable(slot, Kind::date);
  s.value = Raw::date(checked_days(v));
}

ListWriter Bindings::set_list(int slot) {
  Slot& s = writable(slot, Kind::list);
  s.value = Value();
  s.items.clear();
  s.fields.clear();
  s.chars.clear();
  return ListWriter(s, types_[static_cast<std::size_t>(slot)].element());
}

ListWriter::ListWriter(Bindings::Slot& slot, const Type& element)
    : slot_(&slot), element_(&element), uncaught_(std::uncaught_exceptions()) {}

ListWriter::~ListWriter() {
  if (std::uncaught_exceptions() > uncaught_) return;
  Bindings::Slot& s = *slot_;
  for (Value& v : s.items) {
    if (Raw::tag(v) == Raw::Tag::string) Raw::relocate_string(v, s.chars.data());
    if (Raw::tag(v) == Raw::Tag::record) Raw::relocate_items(v, s.fields.data());
  }
  for (Value& v : s.fields) {
    if (Raw::tag(v) == Raw::Tag::string) Raw::relocate_string(v, s.chars.data());
  }
  s.value = Raw::list(s.items.data(), static_cast<std::uint32_t>(s.items.size()), 0);
}

void ListWriter::check(Kind kind, bool decimal_ok) const {
  if (!fits(*element_, kind, decimal_ok)) {
    throw binding_error(fmt::format("a list of {} cannot hold {}", element_->to_string(), kind_name(kind)));
  }
  if (slot_->items.size() >= std::numeric_limits<std::uint32_t>::max())
    throw binding_error("a list of 2^32 elements");
}

ListWriter& ListWriter::add_unknown() {
  check(element_->kind());
  slot_->items.emplace_back();
  return *this;
}

ListWriter& ListWriter::add_bool(bool v) {
  check(Kind::boolean);
  slot_->items.push_back(Raw::boolean(v));
  return *this;
}

ListWriter& ListWriter::add_int(std::int64_t v) {
  check(Kind::integer, true);
  slot_->items.push_back(number(*element_, v));
  return *this;
}

ListWriter& ListWriter::add_decimal(Decimal v) {
  check(Kind::decimal);
  slot_->items.push_back(Raw::decimal(v.units()));
  return *this;
}

ListWriter& ListWriter::add_string(std::string_view v) {
  check(Kind::string);
  slot_->items.push_back(pending_string(slot_->chars, v));
  return *this;
}

ListWriter& ListWriter::add_date(Date v) {
  check(Kind::date);
  slot_->items.push_back(Raw::date(checked_days(v)));
  return *this;
}

RecordWriter ListWriter::add_record() {
  check(Kind::record);
  const std::size_t n = element_->fields().size();
  Value r = Raw::record(nullptr, static_cast<std::uint32_t>(n));
  Raw::set_offset(r, slot_->fields.size());
  slot_->fields.resize(slot_->fields.size() + n);
  slot_->items.push_back(r);
  return RecordWriter(*slot_, *element_, slot_->items.size() - 1);
}

Value& RecordWriter::field(std::string_view name, Kind kind, bool decimal_ok) {
  auto index = record_->field_index(name);
  if (!index) throw binding_error(fmt::format("{} has no field '{}'", record_->to_string(), name));
  const Type& t = record_->fields()[static_cast<std::size_t>(*index)].type;
  if (!fits(t, kind, decimal_ok)) {
    throw binding_error(fmt::format("field '{}' is {}, not {}", name, t.to_string(), kind_name(kind)));
  }
  return slot_->fields[Raw::offset(slot_->items[index_]) + static_cast<std::size_t>(*index)];
}

RecordWriter& RecordWriter::set_bool(std::string_view name, bool v) {
  field(name, Kind::boolean) = Raw::boolean(v);
  return *this;
}

RecordWriter& RecordWriter::set_int(std::string_view name, std::int64_t v) {
  Value& f = field(name, Kind::integer, true);  // checks the name before it is looked up again
  f = number(record_->fields()[static_cast<std::size_t>(*record_->field_index(name))].type, v);
  return *this;
}

RecordWriter& RecordWriter::set_decimal(std::string_view name, Decimal v) {
  field(name, Kind::decimal) = Raw::decimal(v.units());
  return *this;
}

RecordWriter& RecordWriter::set_string(std::string_view name, std::string_view v) {
  Value& f = field(name, Kind::string);
  f = pending_string(slot_->chars, v);
  return *this;
}

RecordWriter& RecordWriter::set_date(std::string_view name, Date v) {
  Value& f = field(name, Kind::date);
  f = Raw::date(checked_days(v));
  return *this;
}

}  // namespace haoban::expr
