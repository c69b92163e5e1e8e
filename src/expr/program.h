// Private to src/expr: the compiled form of a Program — a flat array of typed nodes, children before
// parents, evaluated by Machine with one switch per node (no virtual calls, no per-node allocation).
#pragma once

#include <cstdint>
#include <deque>
#include <regex>
#include <string>
#include <vector>

#include "expr/expr.h"

namespace haoban::expr {

enum class Op : std::uint8_t {
  constant,  // x: constant index
  input,     // x: schema slot, y: program input index
  var,       // x: variable index (macro nesting depth)
  field,     // a: record, x: field index
  and_,      // a, b
  or_,
  not_,
  cond,        // a ? b : c
  to_decimal,  // a: int
  neg_int,
  neg_dec,
  add_int,
  sub_int,
  mul_int,
  div_int,
  rem_int,
  add_dec,
  sub_dec,
  mul_dec,
  div_dec,
  rem_dec,
  concat,
  compare,  // a, b: same kind (after promotion); rel: relation
  in,       // a: element, b: list
  list,     // x: offset in child_lists, y: count
  len_string,
  len_list,
  contains,
  starts_with,
  ends_with,
  matches,  // a: string, x: regex index
  min,      // a, b: same kind (int, decimal or date)
  max,
  abs_int,
  abs_dec,
  round,  // a: decimal, b: int digits
  today,
  parse_date,  // a: string
  years_between,
  days_between,
  working_days_between,
  add_days,
  add_working_days,
  exists,  // a: list, b: predicate, x: variable index
  all,
  filter,
};

enum class Relation : std::uint8_t { eq, ne, lt, le, gt, ge };

struct Node {
  Op op = Op::constant;
  Kind kind = Kind::boolean;  // static result kind
  Relation rel = Relation::eq;
  std::int32_t a = -1;
  std::int32_t b = -1;
  std::int32_t c = -1;
  std::int32_t x = 0;
  std::int32_t y = 0;
  std::uint32_t begin = 0;  // source bytes [begin, end) of the whole sub-expression
  std::uint32_t end = 0;
  std::uint32_t at = 0;  // where an evaluation error is reported (operator or function name)
};

struct Program::Impl {
  std::string source;
  std::uint64_t schema_id = 0;
  int slots_needed = 0;  // 1 + the highest schema slot read
  std::vector<Node> nodes;
  std::vector<Type> types;  // static type of each node
  int root = -1;
  std::vector<Value> constants;
  std::deque<std::string> strings;            // storage of string constants (stable addresses)
  std::deque<std::vector<Value>> list_store;  // storage of list constants
  std::vector<std::regex> regexes;
  std::vector<std::int32_t> child_lists;  // children of list literals
  std::vector<std::string> var_names;     // by variable index, for explanations (last binding)
  Type result_type;
  std::vector<std::string> inputs;
  std::vector<int> input_slots;
};

// 1-based line and column (in code points) of byte offset `offset` in `source`.
std::pair<int, int> line_column(std::string_view source, std::size_t offset);

}  // namespace haoban::expr
