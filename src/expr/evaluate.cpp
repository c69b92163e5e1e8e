// The evaluator: one switch per node over the flat node array; unknowns carry a bit mask of the
// program inputs that made them unknown, so missing-input reporting costs nothing when all is known.
#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "core/error.h"
#include "expr/machine.h"

namespace haoban::expr {
namespace {

using std::chrono::sys_days;

constexpr std::uint64_t input_bit(int input) {
  return input < 63 ? (std::uint64_t{1} << input) : (std::uint64_t{1} << 63);
}

constexpr std::int32_t kMinDay = static_cast<std::int32_t>(
    sys_days{std::chrono::year{1} / std::chrono::January / 1}.time_since_epoch().count());
constexpr std::int32_t kMaxDay = static_cast<std::int32_t>(
    sys_days{std::chrono::year{9999} / std::chrono::December / 31}.time_since_epoch().count());

[[noreturn, gnu::cold]] void fail(const Node& n, std::string message) {
  throw EvalError{std::move(message), n.at};
}

bool unknown(const Value& v) { return v.is_unknown(); }

Value either_unknown(const Value& l, const Value& r) {
  return Raw::unknown(Raw::unknown_mask(l) | Raw::unknown_mask(r));
}

Int128 as_units(const Value& v) {
  return Raw::tag(v) == Raw::Tag::integer ? Int128{Raw::integer(v)} * Decimal::kOne : Raw::units(v);
}

// Equality of two known scalars of comparable kinds (int and decimal compare numerically).
bool equal(const Value& a, const Value& b) {
  const auto ta = Raw::tag(a);
  const auto tb = Raw::tag(b);
  if (ta == tb) {
    switch (ta) {
      case Raw::Tag::boolean:
        return a.as_bool() == b.as_bool();
      case Raw::Tag::integer:
        return Raw::integer(a) == Raw::integer(b);
      case Raw::Tag::decimal:
        return Raw::units(a) == Raw::units(b);
      case Raw::Tag::string:
        return a.as_string() == b.as_string();
      case Raw::Tag::date:
        return Raw::days(a) == Raw::days(b);
      default:
        return false;
    }
  }
  return as_units(a) == as_units(b);  // int vs decimal; other mixes are rejected at compile time
}

template <typename T>
bool relate(Relation rel, const T& a, const T& b) {
  switch (rel) {
    case Relation::eq:
      return a == b;
    case Relation::ne:
      return a != b;
    case Relation::lt:
      return a < b;
    case Relation::le:
      return a <= b;
    case Relation::gt:
      return a > b;
    case Relation::ge:
      return a >= b;
  }
  return false;
}

std::int64_t whole_years(Date from, Date to) {  // from <= to
  std::int64_t y = static_cast<int>(to.year()) - static_cast<int>(from.year());
  const unsigned fm = static_cast<unsigned>(from.month());
  const unsigned tm = static_cast<unsigned>(to.month());
  if (tm < fm || (tm == fm && static_cast<unsigned>(to.day()) < static_cast<unsigned>(from.day()))) --y;
  return y;
}

std::int64_t count_chars(std::string_view s) {
  std::int64_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

std::int32_t to_days(Date d) { return static_cast<std::int32_t>(sys_days{d}.time_since_epoch().count()); }

Date to_date(std::int32_t days) { return Date{sys_days{std::chrono::days{days}}}; }

bool days_in_range(std::int64_t days) { return days >= kMinDay && days <= kMaxDay; }

void* Arena::allocate(std::size_t n, std::size_t align) {
  if (block_ < blocks_.size()) {
    const std::size_t start = (used_ + align - 1) & ~(align - 1);
    if (start + n <= blocks_[block_].size) {
      used_ = start + n;
      return blocks_[block_].data.get() + start;
    }
    for (++block_; block_ < blocks_.size(); ++block_) {
      if (n <= blocks_[block_].size) {
        used_ = n;
        return blocks_[block_].data.get();
      }
    }
  }
  const std::size_t size = std::max<std::size_t>({n, 4096, blocks_.empty() ? 0 : 2 * blocks_.back().size});
  blocks_.push_back(Block{std::make_unique<std::byte[]>(size), size});
  block_ = blocks_.size() - 1;
  used_ = n;
  return blocks_.back().data.get();
}

void Machine::start(const Program& program, const Bindings& bindings, const Context& context) {
  const Program::Impl& impl = *program.impl_;
  if (bindings.schema_id() != impl.schema_id) {
    throw invalid("expression-bindings", "表达式输入与模式不符",
                  "the bindings were made from a different Schema than the program");
  }
  if (bindings.size() < impl.slots_needed) {
    throw invalid("expression-bindings", "表达式输入与模式不符",
                  "the bindings were made before the schema declared a path the program reads");
  }
  start(impl, &bindings, context);
}

void Machine::start(const Program::Impl& impl, const Bindings* bindings, const Context& context) {
  p_ = &impl;
  b_ = bindings;
  ctx_ = &context;
  arena_.reset();
}

void Machine::missing_slots(std::uint64_t mask, std::vector<int>& out) const {
  const int n = static_cast<int>(p_->input_slots.size());
  for (int i = 0; i < std::min(n, 63); ++i) {
    if (mask & (std::uint64_t{1} << i)) out.push_back(p_->input_slots[static_cast<std::size_t>(i)]);
  }
  if ((mask >> 63) == 0 || b_ == nullptr) return;
  // Inputs past 63 share one bit: report those that are unknown or hold unknown elements.
  for (int i = 63; i < n; ++i) {
    const int slot = p_->input_slots[static_cast<std::size_t>(i)];
    const Value& v = b_->get(slot);
    bool open = v.is_unknown();
    for (std::size_t k = 0; !open && Raw::tag(v) == Raw::Tag::list && k < v.size(); ++k) {
      const Value& e = v[k];
      open = e.is_unknown();
      for (std::size_t f = 0; !open && Raw::tag(e) == Raw::Tag::record && f < e.size(); ++f)
        open = e[f].is_unknown();
    }
    if (open) out.push_back(slot);
  }
}

Value Machine::eval(int i) {
  const Node& n = p_->nodes[static_cast<std::size_t>(i)];
  switch (n.op) {
    case Op::constant:
      return p_->constants[static_cast<std::size_t>(n.x)];
    case Op::input: {
      Value v = b_->get(n.x);
      Raw::set_mask(v, input_bit(n.y));
      return v;
    }
    case Op::var:
      return vars_[static_cast<std::size_t>(n.x)];
    case Op::field: {
      Value r = eval(n.a);
      if (unknown(r)) return r;
      Value f = Raw::items(r)[n.x];
      if (unknown(f)) return Raw::unknown(Raw::mask(f) | Raw::mask(r));
      return f;
    }
    case Op::and_: {
      Value l = eval(n.a);
      if (!unknown(l) && !l.as_bool()) return l;
      Value r = eval(n.b);
      if (!unknown(r) && !r.as_bool()) return r;
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      return r;
    }
    case Op::or_: {
      Value l = eval(n.a);
      if (!unknown(l) && l.as_bool()) return l;
      Value r = eval(n.b);
      if (!unknown(r) && r.as_bool()) return r;
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      return r;
    }
    case Op::not_: {
      Value v = eval(n.a);
      return unknown(v) ? v : Raw::boolean(!v.as_bool());
    }
    case Op::cond: {
      Value c = eval(n.a);
      if (unknown(c)) return c;
      return eval(c.as_bool() ? n.b : n.c);
    }
    case Op::to_decimal: {
      Value v = eval(n.a);
      return unknown(v) ? v : Raw::decimal(Int128{Raw::integer(v)} * Decimal::kOne);
    }
    case Op::neg_int: {
      Value v = eval(n.a);
      if (unknown(v)) return v;
      if (Raw::integer(v) == std::numeric_limits<std::int64_t>::min()) fail(n, "integer overflow");
      return Raw::integer(-Raw::integer(v));
    }
    case Op::neg_dec: {
      Value v = eval(n.a);
      return unknown(v) ? v : Raw::decimal(-Raw::units(v));
    }
    case Op::abs_int: {
      Value v = eval(n.a);
      if (unknown(v)) return v;
      const std::int64_t x = Raw::integer(v);
      if (x == std::numeric_limits<std::int64_t>::min()) fail(n, "integer overflow");
      return Raw::integer(x < 0 ? -x : x);
    }
    case Op::abs_dec: {
      Value v = eval(n.a);
      return unknown(v) ? v : Raw::decimal(Raw::units(v) < 0 ? -Raw::units(v) : Raw::units(v));
    }
    case Op::add_int:
    case Op::sub_int:
    case Op::mul_int:
    case Op::div_int:
    case Op::rem_int: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      const std::int64_t x = Raw::integer(l);
      const std::int64_t y = Raw::integer(r);
      std::int64_t out = 0;
      bool overflow = false;
      switch (n.op) {
        case Op::add_int:
          overflow = __builtin_add_overflow(x, y, &out);
          break;
        case Op::sub_int:
          overflow = __builtin_sub_overflow(x, y, &out);
          break;
        case Op::mul_int:
          overflow = __builtin_mul_overflow(x, y, &out);
          break;
        case Op::div_int:
          if (y == 0) fail(n, "division by zero");
          overflow = x == std::numeric_limits<std::int64_t>::min() && y == -1;
          if (!overflow) out = x / y;
          break;
        default:
          if (y == 0) fail(n, "division by zero");
          out = y == -1 ? 0 : x % y;
          break;
      }
      if (overflow) fail(n, "integer overflow");
      return Raw::integer(out);
    }
    case Op::add_dec:
    case Op::sub_dec:
    case Op::mul_dec:
    case Op::div_dec:
    case Op::rem_dec: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      const Decimal x = *Decimal::from_units(Raw::units(l));
      const Decimal y = *Decimal::from_units(Raw::units(r));
      std::optional<Decimal> out;
      switch (n.op) {
        case Op::add_dec:
          out = Decimal::add(x, y);
          break;
        case Op::sub_dec:
          out = Decimal::sub(x, y);
          break;
        case Op::mul_dec:
          out = Decimal::mul(x, y);
          break;
        case Op::div_dec:
          if (y == Decimal()) fail(n, "division by zero");
          out = Decimal::div(x, y);
          break;
        default:
          if (y == Decimal()) fail(n, "division by zero");
          out = Decimal::rem(x, y);
          break;
      }
      if (!out) fail(n, "decimal overflow");
      return Raw::decimal(out->units());
    }
    case Op::concat: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      const std::size_t size = l.size() + r.size();
      if (size > std::numeric_limits<std::uint32_t>::max()) fail(n, "string too long");
      char* out = static_cast<char*>(arena_.allocate(size == 0 ? 1 : size, 1));
      if (l.size() != 0) std::memcpy(out, l.as_string().data(), l.size());
      if (r.size() != 0) std::memcpy(out + l.size(), r.as_string().data(), r.size());
      return Raw::string(out, static_cast<std::uint32_t>(size));
    }
    case Op::compare: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      switch (static_cast<Kind>(n.x)) {
        case Kind::integer:
          return Raw::boolean(relate(n.rel, Raw::integer(l), Raw::integer(r)));
        case Kind::decimal:
          return Raw::boolean(relate(n.rel, Raw::units(l), Raw::units(r)));
        case Kind::date:
          return Raw::boolean(relate(n.rel, Raw::days(l), Raw::days(r)));
        case Kind::string:
          return Raw::boolean(relate(n.rel, l.as_string(), r.as_string()));
        default:
          return Raw::boolean(relate(n.rel, l.as_bool(), r.as_bool()));
      }
    }
    case Op::in: {
      Value x = eval(n.a);
      Value list = eval(n.b);
      if (unknown(list)) return either_unknown(x, list);
      if (list.size() == 0) return Raw::boolean(false);
      std::uint64_t open = Raw::unknown_mask(x);
      bool any_unknown = unknown(x);
      const Value* items = Raw::items(list);
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (unknown(items[k])) {
          any_unknown = true;
          open |= Raw::mask(items[k]) | Raw::mask(list);
        } else if (!unknown(x) && equal(x, items[k])) {
          return Raw::boolean(true);
        }
      }
      return any_unknown ? Raw::unknown(open) : Raw::boolean(false);
    }
    case Op::list: {
      Value* items = arena_.values(static_cast<std::size_t>(n.y));
      for (int k = 0; k < n.y; ++k)
        items[k] = eval(p_->child_lists[static_cast<std::size_t>(n.x) + static_cast<std::size_t>(k)]);
      return Raw::list(items, static_cast<std::uint32_t>(n.y), 0);
    }
    case Op::len_string: {
      Value v = eval(n.a);
      return unknown(v) ? v : Raw::integer(count_chars(v.as_string()));
    }
    case Op::len_list: {
      Value v = eval(n.a);
      return unknown(v) ? v : Raw::integer(static_cast<std::int64_t>(v.size()));
    }
    case Op::contains:
    case Op::starts_with:
    case Op::ends_with: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      const std::string_view s = l.as_string();
      const std::string_view t = r.as_string();
      if (n.op == Op::contains) return Raw::boolean(s.find(t) != std::string_view::npos);
      if (n.op == Op::starts_with) return Raw::boolean(s.starts_with(t));
      return Raw::boolean(s.ends_with(t));
    }
    case Op::matches: {
      Value v = eval(n.a);
      if (unknown(v)) return v;
      const std::string_view s = v.as_string();
      return Raw::boolean(std::regex_search(s.begin(), s.end(), p_->regexes[static_cast<std::size_t>(n.x)]));
    }
    case Op::min:
    case Op::max: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      bool left_smaller = false;
      switch (n.kind) {
        case Kind::integer:
          left_smaller = Raw::integer(l) < Raw::integer(r);
          break;
        case Kind::decimal:
          left_smaller = Raw::units(l) < Raw::units(r);
          break;
        default:
          left_smaller = Raw::days(l) < Raw::days(r);
          break;
      }
      return (left_smaller == (n.op == Op::min)) ? l : r;
    }
    case Op::round: {
      Value v = eval(n.a);
      Value d = eval(n.b);
      if (unknown(v) || unknown(d)) return either_unknown(v, d);
      const std::int64_t digits = Raw::integer(d);
      if (digits < 0 || digits > Decimal::kScale) {
        fail(n, fmt::format("round() needs 0 to 6 digits, got {}", digits));
      }
      auto r = Decimal::from_units(Raw::units(v))->rounded(static_cast<int>(digits));
      if (!r) fail(n, "decimal overflow");
      return Raw::decimal(r->units());
    }
    case Op::today: {
      if (!ctx_->today.ok()) fail(n, "today() needs a date in the evaluation context");
      return Raw::date(to_days(ctx_->today));
    }
    case Op::parse_date: {
      Value v = eval(n.a);
      if (unknown(v)) return v;
      auto d = parse_date(v.as_string());
      if (!d) fail(n, fmt::format("invalid date \"{}\" (expected YYYY-MM-DD)", v.as_string()));
      return Raw::date(to_days(*d));
    }
    case Op::years_between:
    case Op::days_between:
    case Op::working_days_between: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      const std::int32_t from = Raw::days(l);
      const std::int32_t to = Raw::days(r);
      if (n.op == Op::days_between) return Raw::integer(std::int64_t{to} - from);
      if (n.op == Op::years_between) {
        return Raw::integer(from <= to ? whole_years(to_date(from), to_date(to))
                                       : -whole_years(to_date(to), to_date(from)));
      }
      if (ctx_->calendar == nullptr)
        fail(n, "working_days_between() needs a working calendar in the evaluation context");
      try {
        return Raw::integer(ctx_->calendar->working_days_between(to_date(from), to_date(to)));
      } catch (const std::exception& e) {
        fail(n, e.what());
      }
    }
    case Op::add_days:
    case Op::add_working_days: {
      Value l = eval(n.a);
      Value r = eval(n.b);
      if (unknown(l) || unknown(r)) return either_unknown(l, r);
      const std::int64_t count = Raw::integer(r);
      if (n.op == Op::add_days) {
        if (count > kMaxDay - kMinDay || count < kMinDay - kMaxDay || !days_in_range(Raw::days(l) + count)) {
          fail(n, "date out of range (years 1 to 9999)");
        }
        return Raw::date(static_cast<std::int32_t>(Raw::days(l) + count));
      }
      if (ctx_->calendar == nullptr)
        fail(n, "add_working_days() needs a working calendar in the evaluation context");
      if (count > kMaxDay - kMinDay || count < kMinDay - kMaxDay)
        fail(n, "date out of range (years 1 to 9999)");
      try {
        return Raw::date(
            to_days(ctx_->calendar->add_working_days(to_date(Raw::days(l)), static_cast<int>(count))));
      } catch (const std::exception&) {
        fail(n, "date out of range (years 1 to 9999)");
      }
    }
    case Op::exists:
    case Op::all:
    case Op::filter: {
      Value list = eval(n.a);
      if (unknown(list)) return list;
      const Value* items = Raw::items(list);
      Value* kept = n.op == Op::filter ? arena_.values(list.size()) : nullptr;
      std::uint32_t count = 0;
      std::uint64_t open = 0;
      bool any_unknown = false;
      for (std::size_t k = 0; k < list.size(); ++k) {
        Value element = items[k];
        Raw::add_mask(element, Raw::mask(list));
        vars_[static_cast<std::size_t>(n.x)] = element;
        Value r = eval(n.b);
        if (unknown(r)) {
          any_unknown = true;
          open |= Raw::mask(r);
        } else if (n.op == Op::exists) {
          if (r.as_bool()) return r;
        } else if (n.op == Op::all) {
          if (!r.as_bool()) return r;
        } else if (r.as_bool()) {
          kept[count++] = items[k];
        }
      }
      if (any_unknown) return Raw::unknown(open);
      if (n.op == Op::filter) return Raw::list(kept, count, Raw::mask(list));
      return Raw::boolean(n.op == Op::all);
    }
  }
  fail(n, "internal error: unknown operation");
}

Evaluator::Evaluator() : machine_(std::make_unique<Machine>()) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

const Outcome& Evaluator::evaluate(const Program& program, const Bindings& bindings, const Context& context) {
  Machine& m = *machine_;
  m.start(program, bindings, context);
  Outcome& o = m.outcome;
  o.missing.clear();
  o.error.clear();
  try {
    Value v = m.eval(program.impl_->root);
    if (v.is_unknown()) {
      o.status = Status::unknown;
      o.value = Value();
      m.missing_slots(Raw::mask(v), o.missing);
    } else {
      o.status = Status::known;
      o.value = v;
    }
  } catch (const EvalError& e) {
    o.status = Status::error;
    o.value = Value();
    auto [line, column] = line_column(program.source(), e.at);
    o.error = fmt::format("{}:{}: {}", line, column, e.message);
  }
  return o;
}

}  // namespace haoban::expr
