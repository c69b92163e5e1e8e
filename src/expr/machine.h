// Private to src/expr: the evaluator behind Evaluator (and the compiler's constant folding).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "expr/expr.h"
#include "expr/program.h"

namespace haoban::expr {

// The representation of Value, for the evaluator and bindings only.
struct Raw {
  using Tag = Value::Tag;
  static Tag tag(const Value& v) { return v.tag_; }
  static std::uint64_t mask(const Value& v) { return v.mask_; }
  // The mask if v is unknown, else 0: the inputs that made v unknown.
  static std::uint64_t unknown_mask(const Value& v) { return v.tag_ == Tag::unknown ? v.mask_ : 0; }
  static void add_mask(Value& v, std::uint64_t m) { v.mask_ |= m; }
  static void set_mask(Value& v, std::uint64_t m) { v.mask_ = m; }
  static Value unknown(std::uint64_t mask) {
    Value v;
    v.mask_ = mask;
    return v;
  }
  static Value boolean(bool b) {
    Value v;
    v.tag_ = Tag::boolean;
    v.u_.b = b;
    return v;
  }
  static Value integer(std::int64_t i) {
    Value v;
    v.tag_ = Tag::integer;
    v.u_.i = i;
    return v;
  }
  static Value decimal(Int128 units) {
    Value v;
    v.tag_ = Tag::decimal;
    v.u_.d = units;
    return v;
  }
  static Value string(const char* s, std::uint32_t n) {
    Value v;
    v.tag_ = Tag::string;
    v.size_ = n;
    v.u_.s = s;
    return v;
  }
  static Value date(std::int32_t days) {
    Value v;
    v.tag_ = Tag::date;
    v.u_.days = days;
    return v;
  }
  static Value list(const Value* items, std::uint32_t n, std::uint64_t mask) {
    Value v;
    v.tag_ = Tag::list;
    v.size_ = n;
    v.u_.items = items;
    v.mask_ = mask;
    return v;
  }
  static Value record(const Value* fields, std::uint32_t n) {
    Value v;
    v.tag_ = Tag::record;
    v.size_ = n;
    v.u_.items = fields;
    return v;
  }
  static std::int64_t integer(const Value& v) { return v.u_.i; }
  static Int128 units(const Value& v) { return v.u_.d; }
  static std::int32_t days(const Value& v) { return v.u_.days; }
  static const Value* items(const Value& v) { return v.u_.items; }
  // Bindings write strings and records as offsets into their buffers first, and turn them into
  // pointers once the buffers stop growing.
  static std::size_t offset(const Value& v) { return static_cast<std::size_t>(v.u_.i); }
  static void set_offset(Value& v, std::size_t offset) { v.u_.i = static_cast<std::int64_t>(offset); }
  static void relocate_string(Value& v, const char* base) { v.u_.s = base + offset(v); }
  static void relocate_items(Value& v, const Value* base) { v.u_.items = base + offset(v); }
};

// Days since 1970-01-01 <-> Date, and the supported range (years 1..9999).
std::int32_t to_days(Date d);
Date to_date(std::int32_t days);
bool days_in_range(std::int64_t days);

// Bump allocator for values computed during one evaluation; reset() keeps its blocks, so a warm
// arena does not allocate.
class Arena {
 public:
  void reset() {
    block_ = 0;
    used_ = 0;
  }
  void* allocate(std::size_t n, std::size_t align);
  Value* values(std::size_t n) { return static_cast<Value*>(allocate(n * sizeof(Value), alignof(Value))); }

 private:
  struct Block {
    std::unique_ptr<std::byte[]> data;
    std::size_t size = 0;
  };
  std::vector<Block> blocks_;
  std::size_t block_ = 0;
  std::size_t used_ = 0;
};

// Thrown inside the machine only; becomes Status::error (or an error node in an explanation).
struct EvalError {
  std::string message;
  std::uint32_t at = 0;  // source byte offset
};

class Machine {
 public:
  static constexpr int kMaxVars = 16;  // macro nesting limit

  // Binds the program, inputs and context for the next eval()/explain(); checks the bindings.
  void start(const Program& program, const Bindings& bindings, const Context& context);
  void start(const Program::Impl& impl, const Bindings* bindings, const Context& context);

  Value eval(int node);
  // Appends the schema slots of the inputs in `mask` (see Value::mask_), in program input order.
  void missing_slots(std::uint64_t mask, std::vector<int>& out) const;
  Explanation explain_root();

  Outcome outcome;

 private:
  Value explain(int node, Explanation& out);
  bool explain_child(int node, Explanation& out, Value& v, EvalError& error);
  void explain_reads(int node, Explanation& out);
  void describe(Explanation& e, const Value& v, int node) const;
  std::string render(const Value& v, const Type& type) const;

  const Program::Impl* p_ = nullptr;
  const Bindings* b_ = nullptr;
  const Context* ctx_ = nullptr;
  Arena arena_;
  std::array<Value, kMaxVars> vars_{};
};

}  // namespace haoban::expr
