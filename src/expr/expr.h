// The expression language (表达式语言): one small, safe, statically typed, CEL-like language for
// situations (情形), form field visibility and computed values, validation and pre-review rules, and
// policy eligibility/benefit formulas. Compiled once against a Schema of declared inputs, evaluated
// many times without heap allocation, and able to explain every result.
//
// Language summary (docs live here; the tests in src/expr/*_test.cpp are the executable spec):
//   literals   42   12.50 (decimal: exact, 6 fractional digits)   'text' "text" r"raw\d"   true false
//              date("2026-01-01") (the only date literal form)   [1, 2, 3] (non-empty, of scalars)
//              — there is no null: a missing input is unknown
//              escapes in '..' and "..": \\ \' \" \n \t \r \uXXXX; r".." / r'..' take no escapes
//   paths      enterprise.employees, form.company_name — declared in the Schema; identifiers are
//              ASCII letters, digits, '_' or any non-ASCII letter (form.公司名称 works)
//   operators  by falling precedence:  postfix . and calls;  unary ! -;  * / %;  + -;
//              == != < <= > >= in (not chainable);  &&;  ||;  c ? a : b (right-associative; the
//              branches must have one type, int and decimal mix as decimal)
//              + - * / % on int and decimal (int is promoted to decimal when mixed); int / int and
//              int % int truncate toward zero; decimal / rounds half-even to 6 digits; string + string
//              concatenates. < <= > >= order numbers and dates; == != compare any two scalars of one
//              type (int and decimal compare numerically). `x in list` is list membership only.
//   functions  len(string|list)  (string length in characters, not bytes)
//              contains(s, sub)  starts_with(s, prefix)  ends_with(s, suffix)
//              matches(s, "regex")  (ECMAScript syntax, search semantics: anchor with ^...$; the
//                                    pattern must be a string literal and is compiled once)
//              min(a, b)  max(a, b)  abs(x)  (numbers; min/max also dates)
//              round(x, digits)      (decimal rounded half away from zero — 四舍五入 — digits 0..6)
//              date("YYYY-MM-DD")    (a literal argument is checked at compile time)
//              today()               (Context::today, never the system clock)
//              years_between(d1, d2) (whole years from d1 to d2, as age: 周岁; negative if d2 < d1)
//              days_between(d1, d2)  (d2 - d1 in days)
//              working_days_between(d1, d2)  (working days d with d1 < d <= d2, Context::calendar)
//              add_days(d, n)   add_working_days(d, n)  (WorkingCalendar::add_working_days)
//   macros     list.exists(x, pred)   list.all(x, pred)   list.filter(x, pred)
//              x is bound to each element; for lists of records, x.field reads a field:
//              enterprise.shareholders.exists(s, s.ratio > 0.5)
//
// Unknowns (three-valued logic): an input that is not set is unknown. Arithmetic, comparisons,
// functions and `c ? a : b` with an unknown operand (condition) are unknown; && and || follow Kleene
// logic (false && unknown == false, true || unknown == true); `x in list`, exists and all are Kleene
// over the elements (a match decides even if other elements are unknown); filter with an unknown
// predicate is unknown. When the result is unknown, Outcome::missing lists the inputs whose values
// could still change it — inputs not needed for the result (short-circuited, or decided anyway) are
// not listed; for `c ? a : b` with unknown c only c's inputs are listed. An unknown element or field
// inside a list input is attributed to that list input.
//
// Evaluation errors (overflow, division by zero, an invalid runtime date, a date out of range,
// round() digits out of 0..6, no calendar or no `today` in the Context) end the evaluation with
// Status::error, unless an operand that decides the result first short-circuits them away: with
// b == 0, `false && a / b > 1` is false but `a / b > 1 && false` is an error. The same errors in
// constant sub-expressions (1 / 0, date("2026-02-30")) are compile errors.
//
// Limits: source up to 1 MiB; syntax trees up to 200 levels deep (nesting, or chains such as
// a + b + c + …); exists/all/filter nested up to 16 deep; strings and lists under 4 GiB.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/calendar.h"
#include "expr/decimal.h"

namespace haoban::expr {

// ---- Types -------------------------------------------------------------------------------------

enum class Kind : std::uint8_t { boolean, integer, decimal, string, date, list, record };

// "bool", "int", "decimal", "string", "date", "list", "record".
std::string_view kind_name(Kind k);

struct Field;

// A static type: a scalar, a list of scalars, a list of records, or a record (only as a list
// element). Records hold scalar fields only. Copies are cheap (shared, immutable parts).
class Type {
 public:
  Type() = default;  // bool
  static Type boolean() { return Type(Kind::boolean); }
  static Type integer() { return Type(Kind::integer); }
  static Type decimal() { return Type(Kind::decimal); }
  static Type string() { return Type(Kind::string); }
  static Type date() { return Type(Kind::date); }
  // Throws Error(invalid) unless `element` is a scalar or a record.
  static Type list_of(Type element);
  // Throws Error(invalid) for an empty field list, a non-scalar field, a repeated name or a name
  // that is not an identifier.
  static Type record(std::vector<Field> fields);

  Kind kind() const { return kind_; }
  bool is_scalar() const { return kind_ != Kind::list && kind_ != Kind::record; }
  bool is_numeric() const { return kind_ == Kind::integer || kind_ == Kind::decimal; }
  const Type& element() const;                                  // lists only (precondition)
  const std::vector<Field>& fields() const;                     // records only (precondition)
  std::optional<int> field_index(std::string_view name) const;  // records; nullopt otherwise

  // "int", "list<string>", "record{name: string, ratio: decimal}".
  std::string to_string() const;

  friend bool operator==(const Type& a, const Type& b);

 private:
  explicit Type(Kind k) : kind_(k) {}
  Kind kind_ = Kind::boolean;
  std::shared_ptr<const Type> element_;
  std::shared_ptr<const std::vector<Field>> fields_;
};

struct Field {
  std::string name;
  Type type;
};

// The declared inputs (数据项) that programs may read: dotted paths with a type, each given a slot
// number in the order added. Slots never change once given, so adding paths later keeps programs
// and bindings made earlier valid (bindings cannot hold values for paths added after them).
// Each Schema has an identity; programs and bindings check they were made from the same one.
// A copy gets a new identity; a move keeps it. Bindings keep a pointer to their Schema, so it must
// outlive them without moving. Thread-safety: const members may run concurrently.
class Schema {
 public:
  Schema();
  Schema(const Schema& other);
  Schema& operator=(const Schema& other);
  Schema(Schema&&) noexcept = default;
  Schema& operator=(Schema&&) noexcept = default;

  // Declares `path` (identifiers joined by '.', e.g. "enterprise.employees") and returns its slot.
  // Throws Error(invalid) for a malformed path, a path declared twice, or a record type (records
  // only appear as list elements).
  int add(std::string_view path, Type type);

  std::optional<int> find(std::string_view path) const;
  const std::string& path(int slot) const;
  const Type& type(int slot) const;
  int size() const { return static_cast<int>(paths_.size()); }
  std::uint64_t id() const { return id_; }

 private:
  std::uint64_t id_;
  std::vector<std::string> paths_;
  std::vector<Type> types_;
  std::map<std::string, int, std::less<>> index_;
};

// ---- Values ------------------------------------------------------------------------------------

// A runtime value: unknown, or a scalar, list or record. A small trivially-copyable handle: strings,
// lists and records are views into storage owned elsewhere (Bindings, a Program's constants or an
// Evaluator's scratch), valid as long as that owner and its contents are.
class Value {
 public:
  constexpr Value() = default;  // unknown
  static Value unknown() { return {}; }
  static Value of_bool(bool v);
  static Value of_int(std::int64_t v);
  static Value of_decimal(Decimal v);
  static Value of_string(std::string_view v);          // views v
  static Value of_date(Date v);                        // precondition: v.ok(), years 1..9999
  static Value of_list(std::span<const Value> items);  // views items

  bool is_unknown() const { return tag_ == Tag::unknown; }
  Kind kind() const { return static_cast<Kind>(static_cast<int>(tag_) - 1); }  // precondition: known

  // Preconditions: the value has that kind.
  bool as_bool() const { return u_.b; }
  std::int64_t as_int() const { return u_.i; }
  Decimal as_decimal() const { return *Decimal::from_units(u_.d); }
  std::string_view as_string() const { return {u_.s, size_}; }
  Date as_date() const;
  // Lists: number of elements; records: number of fields.
  std::size_t size() const { return size_; }
  // A list element or a record field (in the record type's field order). Precondition: i < size().
  const Value& operator[](std::size_t i) const { return u_.items[i]; }

  // In expression syntax: true, 42, 12.5, "text", date("2026-01-01"), [1, 2], unknown; a record
  // as {"x", 0.6} (values do not carry field names; explanations show them).
  std::string to_string() const;

 private:
  friend struct Raw;  // the evaluator's access to the representation (private header)
  enum class Tag : std::uint8_t { unknown, boolean, integer, decimal, string, date, list, record };
  union Payload {
    bool b;
    std::int64_t i;
    Int128 d;            // Decimal units
    std::int32_t days;   // days since 1970-01-01
    const char* s;       // size_ bytes
    const Value* items;  // size_ elements or fields
  };
  Tag tag_ = Tag::unknown;
  std::uint32_t size_ = 0;
  // Unknown: bit i set when program input i (bit 63: any input >= 63) made it unknown.
  // List or record read from an input: that input's bit, to attribute unknown elements.
  std::uint64_t mask_ = 0;
  Payload u_{};
};

class ListWriter;

// Input values for one evaluation, one per Schema slot, all unknown at first. Reusable: refilling
// with values of similar sizes does not allocate. Values are copied in (strings included).
// Not thread-safe; one Bindings may be read by many concurrent evaluations while nobody writes it.
// The Schema must outlive the Bindings.
class Bindings {
 public:
  explicit Bindings(const Schema& schema);
  Bindings(const Bindings&) = delete;  // values point into their own slot's buffers
  Bindings& operator=(const Bindings&) = delete;
  Bindings(Bindings&&) noexcept = default;
  Bindings& operator=(Bindings&&) noexcept = default;

  const Schema& schema() const { return *schema_; }
  // The slot of `path`; throws Error(invalid) if the schema has no such path.
  int slot(std::string_view path) const;

  void clear();  // every slot back to unknown; keeps buffers
  // Setters throw Error(invalid) for a slot out of range or a value of the wrong type for the slot;
  // set_int also fills decimal slots.
  void set_unknown(int slot);
  void set_bool(int slot, bool v);
  void set_int(int slot, std::int64_t v);
  void set_decimal(int slot, Decimal v);
  void set_string(int slot, std::string_view v);
  void set_date(int slot, Date v);  // throws Error(invalid) unless v.ok() and in years 1..9999
  // Starts filling a list slot; the slot is unknown until the writer is destroyed, which publishes
  // the list. Do not touch the same slot while a writer for it is alive.
  ListWriter set_list(int slot);
  // Zero-copy setters for callers that keep values in columns of their own (the policy engine): the
  // slot views `v` / `items`, which must stay alive and unchanged while evaluations read the slot.
  // Same type checks as the copying setters; set_string_list_view's elements must be known strings
  // (Value::of_string), as a list<string> slot holds.
  void set_string_view(int slot, std::string_view v);
  void set_string_list_view(int slot, std::span<const Value> items);

  const Value& get(int slot) const { return slots_[static_cast<std::size_t>(slot)].value; }
  int size() const { return static_cast<int>(slots_.size()); }
  std::uint64_t schema_id() const { return schema_id_; }

 private:
  friend class ListWriter;
  friend class RecordWriter;
  struct Slot {
    Value value;
    std::string text;           // a string value
    std::vector<Value> items;   // list elements
    std::vector<Value> fields;  // record fields, element-major
    std::string chars;          // strings inside the list
  };
  Slot& writable(int slot, Kind kind, bool decimal_ok = false);

  const Schema* schema_;
  std::uint64_t schema_id_;
  std::vector<Slot> slots_;
  std::vector<Type> types_;
};

// Sets the fields of one record in a list being written. Unset fields stay unknown. Setters throw
// Error(invalid) for an unknown field name or a value of the wrong type.
class RecordWriter {
 public:
  RecordWriter& set_bool(std::string_view field, bool v);
  RecordWriter& set_int(std::string_view field, std::int64_t v);
  RecordWriter& set_decimal(std::string_view field, Decimal v);
  RecordWriter& set_string(std::string_view field, std::string_view v);
  RecordWriter& set_date(std::string_view field, Date v);

 private:
  friend class ListWriter;
  RecordWriter(Bindings::Slot& slot, const Type& record, std::size_t index)
      : slot_(&slot), record_(&record), index_(index) {}
  Value& field(std::string_view name, Kind kind, bool decimal_ok = false);
  Bindings::Slot* slot_;
  const Type* record_;
  std::size_t index_;
};

// Appends elements to a list slot (see Bindings::set_list). Adders throw Error(invalid) for a value
// that is not of the list's element type (add_int also fills list<decimal>).
class ListWriter {
 public:
  ListWriter(const ListWriter&) = delete;
  ListWriter& operator=(const ListWriter&) = delete;
  ~ListWriter();  // publishes the list (unless an exception is unwinding: then the slot stays unknown)

  ListWriter& add_unknown();
  ListWriter& add_bool(bool v);
  ListWriter& add_int(std::int64_t v);
  ListWriter& add_decimal(Decimal v);
  ListWriter& add_string(std::string_view v);
  ListWriter& add_date(Date v);
  RecordWriter add_record();  // lists of records: a new record with every field unknown

 private:
  friend class Bindings;
  ListWriter(Bindings::Slot& slot, const Type& element);
  void check(Kind kind, bool decimal_ok = false) const;
  Bindings::Slot* slot_;
  const Type* element_;
  int uncaught_;
};

// ---- Programs ----------------------------------------------------------------------------------

struct CompileError {
  int line = 0;    // 1-based
  int column = 0;  // 1-based, in characters (Unicode code points), not bytes
  std::string message;
  std::string to_string() const;  // "1:17: operator '>' needs numbers or dates, got string and int"
};

// A compiled, type-checked expression. Immutable; copies share it; evaluating one Program from many
// threads at once is safe (each thread with its own Evaluator).
class Program {
 public:
  // Parses and type-checks `source` against `schema`. With `expected`, the result must have that
  // kind (an int result is accepted, and converted, where decimal is expected). Returns the first
  // error found, with its position. Constant sub-expressions are evaluated now, so 1 / 0 or
  // date("2026-02-30") are compile errors.
  static std::variant<Program, CompileError> try_compile(std::string_view source, const Schema& schema,
                                                         std::optional<Kind> expected = std::nullopt);
  // The same, throwing Error(invalid) with type "expression-invalid" and detail
  // "<line>:<column>: <message>" on error.
  static Program compile(std::string_view source, const Schema& schema,
                         std::optional<Kind> expected = std::nullopt);

  const Type& result_type() const;
  const std::string& source() const;
  // The schema paths the program reads, in order of first appearance, and their slots.
  const std::vector<std::string>& inputs() const;
  const std::vector<int>& input_slots() const;

  struct Impl;  // private to src/expr

 private:
  explicit Program(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  friend class Machine;
  friend class Compiler;
  friend class Evaluator;
  std::shared_ptr<const Impl> impl_;
};

// What an evaluation may read besides its inputs.
struct Context {
  Date today{};                               // for today(); evaluation error if not ok()
  const WorkingCalendar* calendar = nullptr;  // for working-day functions; error if needed but null
};

enum class Status { known, unknown, error };

struct Outcome {
  Status status = Status::unknown;
  Value value;               // the result when known (unknown otherwise)
  std::vector<int> missing;  // Status::unknown: schema slots still needed, in program input order
  std::string error;         // Status::error: "<line>:<column>: <message>", e.g. "1:9: division by zero"
};

// How a sub-expression came out, for people: which clause held, which failed, which was unknown.
struct Explanation {
  enum class Verdict { held, failed, unknown, value, error };
  std::string text;  // the sub-expression's source text, or an input path / bound variable
  int line = 0;      // where `text` starts in the source (1-based; column in characters)
  int column = 0;
  Verdict verdict = Verdict::value;  // held/failed for known bool results, value for other kinds
  // The result in expression syntax ("true", "5", "\"310113\"", "unknown"; records with their field
  // names), or "error: <line>:<column>: <message>".
  std::string value;
  std::string binding;   // inside exists/all/filter: the element, e.g. "s = {name: \"张三\", ratio: 0.6}"
  bool decisive = true;  // false: evaluate() short-circuits this part; shown for information only
  std::vector<std::string> missing;  // unknown result: the input paths still needed
  // &&/|| chains: each clause; c ? a : b: the condition and the branch taken; macros: the list and
  // one child per element (at most 20, then a note); other expressions: the inputs they read.
  std::vector<Explanation> children;

  // One line per node, indented two spaces per level:
  //   "✗ a >= 10 && b → false", "✓ …", "? … → unknown  [missing: a]", "= a → 5", "! … → error"
  // with "  (not needed)" on non-decisive nodes.
  std::string to_string() const;
};

class Machine;

// Evaluates programs. Holds reusable scratch memory (computed strings and lists), so once warm
// evaluate() does not allocate — except inside matches() (std::regex), inside the working-day
// functions when the dates span years without holiday data (WorkingCalendar notes and logs them),
// when the missing list or the scratch outgrow earlier evaluations, and for error messages.
// Not thread-safe: use one Evaluator per thread.
class Evaluator {
 public:
  Evaluator();
  ~Evaluator();
  Evaluator(Evaluator&&) noexcept;
  Evaluator& operator=(Evaluator&&) noexcept;

  // The returned Outcome (and views in its value) stay valid until the next call on this Evaluator
  // and while `program` and `bindings` live unchanged. Throws Error(invalid) if `bindings` were not
  // made from the program's Schema or lack a slot the program reads.
  const Outcome& evaluate(const Program& program, const Bindings& bindings, const Context& context);

  // Evaluates again, recording every clause (see Explanation). The root's value and missing inputs
  // match what evaluate() returns. Same preconditions as evaluate().
  Explanation explain(const Program& program, const Bindings& bindings, const Context& context);

 private:
  std::unique_ptr<Machine> machine_;
};

// Convenience for one-off explanations (allocates its own Evaluator).
Explanation explain(const Program& program, const Bindings& bindings, const Context& context);

}  // namespace haoban::expr
