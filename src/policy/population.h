// The entities policies are evaluated over, stored by column: one column per attribute of
// entities.yaml, so a criterion reads only the columns it needs. An entity is one row; an attribute
// nobody holds is unknown in that row (never false or zero).
//
// Entities arrive as JSON objects nested by attribute path, the shape of `haoban policy eval
// --entities FILE.jsonl` lines: {"id": "9131…", "kind": "enterprise", "name": "…", "employees": 50,
// "credit": {"dishonest": false}}. Types: bool, int (a JSON integer), decimal (a JSON number or a
// string holding one, kept exact), string, date ("YYYY-MM-DD"), list<string> (an array of strings).
// null means unknown, as does a missing key.
//
// Thread-safety: a Population is immutable once read; share it const across threads.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "defs/defs.h"
#include "expr/expr.h"

namespace haoban::policy {

using defs::EntityKind;

class Population {
 public:
  // An empty population of `kind`, with one column per attribute of that kind in `model`.
  Population(const defs::EntityModel& model, EntityKind kind);
  // Bound values view the columns' storage: moving keeps it, copying would not.
  Population(const Population&) = delete;
  Population& operator=(const Population&) = delete;
  Population(Population&&) noexcept = default;
  Population& operator=(Population&&) noexcept = default;

  // Appends one entity. Throws Error(invalid, "entity-invalid") naming the attribute for an
  // unknown attribute or a value of the wrong type, and appends nothing then.
  void add(std::string_view id, const boost::json::object& attributes);

  EntityKind kind() const { return kind_; }
  std::size_t size() const { return ids_.size(); }
  const std::string& id(std::size_t row) const { return ids_[row]; }
  // The row of `id`, or npos.
  std::size_t find(std::string_view id) const;
  const std::vector<defs::Attribute>& attributes() const { return model_->of(kind_); }

  // Sets `slot` of `bindings` to attribute `column`'s value in `row` (unknown when not held). Strings
  // and lists are bound as views into the population, which must outlive the evaluations.
  void bind(std::size_t row, int column, int slot, expr::Bindings& bindings) const;
  // The value of attribute `column` in `row` as JSON (null when unknown), for decision records.
  boost::json::value value_json(std::size_t row, int column) const;

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

 private:
  struct Column {
    defs::AttributeType type;
    std::vector<std::uint8_t> known;
    std::vector<std::int64_t> numbers;  // bool, int, date (days since 1970-01-01)
    std::vector<expr::Decimal> decimals;
    std::vector<std::string> strings;
    std::vector<std::vector<std::string>> lists;
    std::vector<std::vector<expr::Value>> list_values;  // views of `lists`' strings, for binding
  };
  void push_unknown(Column& c);
  // Reads `value` into a new row of `c`; false when it does not have the column's type.
  bool push(Column& c, const boost::json::value& value);

  EntityKind kind_;
  const defs::EntityModel* model_;
  std::vector<Column> columns_;
  std::vector<std::string> ids_;
};

// Reads entity lines (JSON Lines, one object per line; blank lines skipped) into one population
// per kind. `file` names the input in errors. Throws Error(invalid, "entities-invalid") with detail
// "FILE:LINE: …" at the first bad line (not JSON, not an object, no "id" or "kind", an unknown kind,
// a repeated id, an unknown attribute or a wrongly typed value); nothing is returned then.
struct Populations {
  Population enterprises;
  Population persons;
  Population& of(EntityKind k) { return k == EntityKind::enterprise ? enterprises : persons; }
  const Population& of(EntityKind k) const { return k == EntityKind::enterprise ? enterprises : persons; }
};
Populations read_entities(std::istream& in, std::string_view file, const defs::EntityModel& model);

}  // namespace haoban::policy
