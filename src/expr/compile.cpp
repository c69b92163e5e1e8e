// Type checking and code generation: walks the syntax tree once, resolving paths against the
// Schema, choosing a typed operation for every node (int vs decimal arithmetic, promotions) and
// folding constant sub-expressions by running the evaluator on them.
#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "core/error.h"
#include "expr/machine.h"
#include "expr/parse.h"

namespace haoban::expr {
namespace {

[[noreturn]] void error_at(std::uint32_t at, std::string message) {
  throw SyntaxError{at, std::move(message)};
}

// Optimal string alignment distance: Levenshtein plus adjacent transpositions ("ratoi" → "ratio").
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] =
          std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// " (did you mean 'x'?)" for the closest candidate within a small edit distance, else "".
std::string suggestion(std::string_view name, const std::vector<std::string_view>& candidates) {
  std::string_view best;
  std::size_t best_distance = std::max<std::size_t>(1, name.size() / 3) + 1;
  for (std::string_view c : candidates) {
    const std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  for (std::string_view c : candidates) {  // "lenght" → "len"
    if (best.empty() && c.size() >= 3 && name.starts_with(c)) best = c;
  }
  return best.empty() ? std::string() : fmt::format(" (did you mean '{}'?)", best);
}

struct Function {
  std::string_view name;
  int arity;
};

constexpr Function kFunctions[] = {
    {"len", 1},
    {"contains", 2},
    {"starts_with", 2},
    {"ends_with", 2},
    {"matches", 2},
    {"min", 2},
    {"max", 2},
    {"abs", 1},
    {"round", 2},
    {"today", 0},
    {"date", 1},
    {"years_between", 2},
    {"days_between", 2},
    {"add_days", 2},
    {"working_days_between", 2},
    {"add_working_days", 2},
};

constexpr std::string_view kMethods[] = {"exists", "all", "filter"};

bool foldable(Op op) {
  switch (op) {
    case Op::input:
    case Op::var:
    case Op::field:
    case Op::today:
    case Op::working_days_between:
    case Op::add_working_days:
      return false;
    default:
      return true;
  }
}

std::string plural(int n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

}  // namespace

class Compiler {
 public:
  Compiler(Program::Impl& p, const Schema& schema) : p_(p), schema_(schema) {}

  void run(std::optional<Kind> expected) {
    const Ast ast = parse(p_.source);
    int root = compile(ast);
    const Type& t = type(root);
    if (expected && t.kind() != *expected) {
      if (*expected == Kind::decimal && t.kind() == Kind::integer) {
        root = promote(root);
      } else {
        error_at(ast.begin, fmt::format("expected {} result, got {}",
                                        article(std::string(kind_name(*expected))), t.to_string()));
      }
    }
    p_.root = root;
    p_.result_type = type(root);
  }

  static Program make(std::shared_ptr<const Program::Impl> impl) { return Program(std::move(impl)); }

 private:
  struct Var {
    std::string name;
    Type type;
    int index;
  };

  static std::string article(const std::string& noun) {
    return (noun[0] == 'a' || noun[0] == 'i' ? "an " : "a ") + noun;
  }

  const Type& type(int i) const { return p_.types[static_cast<std::size_t>(i)]; }
  Node& node(int i) { return p_.nodes[static_cast<std::size_t>(i)]; }
  Kind kind(int i) const { return type(i).kind(); }
  bool numeric(int i) const { return type(i).is_numeric(); }
  bool is_constant(int i) const { return p_.nodes[static_cast<std::size_t>(i)].op == Op::constant; }
  std::string name(int i) const { return type(i).to_string(); }

  int emit(Op op, const Ast& e, Type t, int a = -1, int b = -1, int c = -1) {
    Node n;
    n.op = op;
    n.kind = t.kind();
    n.a = a;
    n.b = b;
    n.c = c;
    n.begin = e.begin;
    n.end = e.end;
    n.at = e.at;
    p_.nodes.push_back(n);
    p_.types.push_back(std::move(t));
    return static_cast<int>(p_.nodes.size()) - 1;
  }

  int constant(const Ast& e, Value v, Type t) {
    const int i = emit(Op::constant, e, std::move(t));
    node(i).x = store(v);
    return i;
  }

  // Copies a value computed at compile time into the program's own storage.
  int store(const Value& v) {
    p_.constants.push_back(own(v));
    return static_cast<int>(p_.constants.size()) - 1;
  }
  Value own(const Value& v) {
    switch (Raw::tag(v)) {
      case Raw::Tag::string: {
        const std::string& s = p_.strings.emplace_back(v.as_string());
        return Raw::string(s.data(), static_cast<std::uint32_t>(s.size()));
      }
      case Raw::Tag::list: {
        std::vector<Value>& items = p_.list_store.emplace_back();
        items.reserve(v.size());
        for (std::size_t k = 0; k < v.size(); ++k) items.push_back(own(v[k]));
        return Raw::list(items.data(), static_cast<std::uint32_t>(items.size()), 0);
      }
      default:
        return v;
    }
  }

  // Replaces node i by its value when it is pure and all its operands are constants.
  int fold(int i) {
    const Node& n = node(i);
    if (!foldable(n.op)) return i;
    for (int k : {n.a, n.b, n.c}) {
      if (k >= 0 && !is_constant(k)) return i;
    }
    if (n.op == Op::list) {
      for (int k = 0; k < n.y; ++k) {
        if (!is_constant(p_.child_lists[static_cast<std::size_t>(n.x) + static_cast<std::size_t>(k)]))
          return i;
      }
    }
    if (n.op == Op::exists || n.op == Op::all || n.op == Op::filter) return i;  // predicates read a variable
    Machine m;
    const Context none;
    m.start(p_, nullptr, none);
    Value v;
    try {
      v = m.eval(i);
    } catch (const EvalError& e) {
      error_at(e.at, e.message);
    }
    Node& out = node(i);
    out.op = Op::constant;
    out.a = out.b = out.c = -1;
    out.x = store(v);
    return i;
  }

  // An int operand used where a decimal is needed.
  int promote(int i) {
    if (kind(i) != Kind::integer) return i;
    const Node& n = node(i);
    Ast where{.begin = n.begin, .end = n.end, .at = n.at};
    return fold(emit(Op::to_decimal, where, Type::decimal(), i));
  }

  int input(const Ast& e, int slot) {
    const int i = emit(Op::input, e, schema_.type(slot));
    node(i).x = slot;
    const auto found = std::find(p_.input_slots.begin(), p_.input_slots.end(), slot);
    node(i).y = static_cast<int>(found - p_.input_slots.begin());
    if (found == p_.input_slots.end()) {
      p_.input_slots.push_back(slot);
      p_.inputs.push_back(schema_.path(slot));
    }
    p_.slots_needed = std::max(p_.slots_needed, slot + 1);
    return i;
  }

  const Var* variable(std::string_view name) const {
    for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
      if (it->name == name) return &*it;
    }
    return nullptr;
  }

  int compile(const Ast& e) {
    switch (e.form) {
      case Ast::Form::integer:
        return integer_literal(e, e.text);
      case Ast::Form::decimal: {
        auto d = Decimal::parse(e.text);
        if (!d) {
          const auto dot = e.text.find('.');
          if (e.text.size() - dot - 1 > static_cast<std::size_t>(Decimal::kScale)) {
            error_at(e.at, fmt::format("decimal literal {} has more than {} fractional digits", e.text,
                                       Decimal::kScale));
          }
          error_at(e.at, fmt::format("decimal literal {} is out of range", e.text));
        }
        return constant(e, Value::of_decimal(*d), Type::decimal());
      }
      case Ast::Form::string:
        return constant(e, Value::of_string(e.text), Type::string());
      case Ast::Form::boolean:
        return constant(e, Value::of_bool(e.text == "true"), Type::boolean());
      case Ast::Form::ident:
      case Ast::Form::select:
        return path(e);
      case Ast::Form::call:
        return call(e);
      case Ast::Form::method:
        return method(e);
      case Ast::Form::list:
        return list(e);
      case Ast::Form::unary:
        return unary(e);
      case Ast::Form::binary:
        return binary(e);
      case Ast::Form::ternary:
        return ternary(e);
    }
    error_at(e.at, "internal error: unknown syntax");
  }

  int integer_literal(const Ast& e, std::string_view digits) {
    std::int64_t v = 0;
    const bool negative = digits.starts_with('-');
    for (char c : digits.substr(negative ? 1 : 0)) {
      if (__builtin_mul_overflow(v, 10, &v) ||
          __builtin_add_overflow(v, negative ? -(c - '0') : (c - '0'), &v)) {
        error_at(e.at, fmt::format("integer literal {} is out of range", digits));
      }
    }
    return constant(e, Value::of_int(v), Type::integer());
  }

  // ident or a chain of selects: a macro variable (and its field), a schema path, or a field of a
  // record-valued expression.
  int path(const Ast& e) {
    std::vector<const Ast*> chain;  // outermost first
    const Ast* root = &e;
    while (root->form == Ast::Form::select) {
      chain.push_back(root);
      root = &root->kids[0];
    }
    std::reverse(chain.begin(), chain.end());  // innermost select first
    int base = -1;
    std::size_t used = 0;  // selects consumed by the base
    if (root->form == Ast::Form::ident) {
      if (const Var* v = variable(root->text)) {
        base = emit(Op::var, *root, v->type);
        node(base).x = v->index;
      } else {
        std::string dotted = root->text;
        std::optional<int> slot = schema_.find(dotted);
        std::optional<int> last_slot = slot;
        std::size_t last_used = 0;
        for (std::size_t k = 0; k < chain.size(); ++k) {
          dotted += '.';
          dotted += chain[k]->text;
          if (auto s = schema_.find(dotted)) {
            last_slot = s;
            last_used = k + 1;
          }
        }
        if (!last_slot) unknown_path(*root, dotted);
        const Ast& whole = last_used == 0 ? *root : *chain[last_used - 1];
        base = input(whole, *last_slot);
        used = last_used;
      }
    } else {
      base = compile(*root);
    }
    for (std::size_t k = used; k < chain.size(); ++k) base = field(*chain[k], base);
    return base;
  }

  [[noreturn]] void unknown_path(const Ast& root, const std::string& dotted) {
    std::vector<std::string_view> candidates;
    candidates.reserve(static_cast<std::size_t>(schema_.size()) + scope_.size());
    for (int s = 0; s < schema_.size(); ++s) candidates.push_back(schema_.path(s));
    for (const Var& v : scope_) candidates.push_back(v.name);
    error_at(root.at, fmt::format("unknown path '{}'{}", dotted, suggestion(dotted, candidates)));
  }

  int field(const Ast& select, int base) {
    const Type& t = type(base);
    const Node& b = node(base);
    const std::string_view shown(p_.source.data() + b.begin, b.end - b.begin);
    if (t.kind() == Kind::list) {
      error_at(select.at,
               fmt::format("'{}' is {}, which has no field '{}'; use exists(), all() or filter() to look "
                           "inside a list",
                           shown, t.to_string(), select.text));
    }
    if (t.kind() != Kind::record) {
      error_at(select.at,
               fmt::format("'{}' is {}, which has no field '{}'", shown, t.to_string(), select.text));
    }
    auto index = t.field_index(select.text);
    if (!index) {
      std::vector<std::string_view> names;
      for (const Field& f : t.fields()) names.push_back(f.name);
      error_at(select.at, fmt::format("{} has no field '{}'{}", t.to_string(), select.text,
                                      suggestion(select.text, names)));
    }
    const int i = emit(Op::field, select, t.fields()[static_cast<std::size_t>(*index)].type, base);
    node(i).x = *index;
    return i;
  }

  int list(const Ast& e) {
    if (e.kids.empty()) error_at(e.at, "an empty list has no element type; test emptiness with len(x) == 0");
    std::vector<int> items;
    bool any_decimal = false;
    for (const Ast& k : e.kids) {
      const int i = compile(k);
      if (!type(i).is_scalar())
        error_at(k.begin, fmt::format("lists of {} are not supported", kind_name(kind(i))));
      if (!items.empty() && kind(i) != kind(items[0]) && !(numeric(i) && numeric(items[0]))) {
        error_at(k.begin,
                 fmt::format("list elements have different types: {} and {}", name(items[0]), name(i)));
      }
      any_decimal = any_decimal || kind(i) == Kind::decimal;
      items.push_back(i);
    }
    if (any_decimal) {
      for (int& i : items) i = promote(i);
    }
    const int i = emit(Op::list, e, Type::list_of(type(items[0])));
    node(i).x = static_cast<int>(p_.child_lists.size());
    node(i).y = static_cast<int>(items.size());
    p_.child_lists.insert(p_.child_lists.end(), items.begin(), items.end());
    return fold(i);
  }

  int unary(const Ast& e) {
    const Ast& operand = e.kids[0];
    if (e.text == "-" && operand.form == Ast::Form::integer) return integer_literal(e, "-" + operand.text);
    const int a = compile(operand);
    if (e.text == "!") {
      if (kind(a) != Kind::boolean) error_at(e.at, fmt::format("operator '!' needs a bool, got {}", name(a)));
      return fold(emit(Op::not_, e, Type::boolean(), a));
    }
    if (!numeric(a)) error_at(e.at, fmt::format("operator '-' needs a number, got {}", name(a)));
    return fold(emit(kind(a) == Kind::integer ? Op::neg_int : Op::neg_dec, e, type(a), a));
  }

  int binary(const Ast& e) {
    int a = compile(e.kids[0]);
    int b = compile(e.kids[1]);
    const std::string& op = e.text;
    const std::string got = fmt::format("{} and {}", name(a), name(b));
    if (op == "&&" || op == "||") {
      if (kind(a) != Kind::boolean || kind(b) != Kind::boolean) {
        error_at(e.at, fmt::format("operator '{}' needs bool operands, got {}", op, got));
      }
      return fold(emit(op == "&&" ? Op::and_ : Op::or_, e, Type::boolean(), a, b));
    }
    if (op == "+" && kind(a) == Kind::string && kind(b) == Kind::string) {
      return fold(emit(Op::concat, e, Type::string(), a, b));
    }
    if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") {
      if (!numeric(a) || !numeric(b)) {
        error_at(e.at, fmt::format("operator '{}' needs numbers{}, got {}", op,
                                   op == "+" ? " or strings" : "", got));
      }
      const bool integers = kind(a) == Kind::integer && kind(b) == Kind::integer;
      static constexpr std::pair<char, std::pair<Op, Op>> kArith[] = {{'+', {Op::add_int, Op::add_dec}},
                                                                      {'-', {Op::sub_int, Op::sub_dec}},
                                                                      {'*', {Op::mul_int, Op::mul_dec}},
                                                                      {'/', {Op::div_int, Op::div_dec}},
                                                                      {'%', {Op::rem_int, Op::rem_dec}}};
      Op chosen = Op::add_int;
      for (const auto& [c, ops] : kArith) {
        if (c == op[0]) chosen = integers ? ops.first : ops.second;
      }
      if (!integers) {
        a = promote(a);
        b = promote(b);
      }
      return fold(emit(chosen, e, integers ? Type::integer() : Type::decimal(), a, b));
    }
    if (op == "in") return membership(e, a, b);
    // Comparisons.
    const bool equality = op == "==" || op == "!=";
    const bool both_numeric = numeric(a) && numeric(b);
    if (equality) {
      if (!type(a).is_scalar() || !type(b).is_scalar()) {
        error_at(e.at, fmt::format("operator '{}' cannot compare {}", op, got));
      }
      if (kind(a) != kind(b) && !both_numeric)
        error_at(e.at, fmt::format("operator '{}' cannot compare {}", op, got));
    } else if (!both_numeric && !(kind(a) == Kind::date && kind(b) == Kind::date)) {
      error_at(e.at, fmt::format("operator '{}' needs numbers or dates, got {}", op, got));
    }
    if (both_numeric && kind(a) != kind(b)) {
      a = promote(a);
      b = promote(b);
    }
    const int i = emit(Op::compare, e, Type::boolean(), a, b);
    node(i).x = static_cast<int>(kind(a));
    static constexpr std::pair<std::string_view, Relation> kRelations[] = {
        {"==", Relation::eq}, {"!=", Relation::ne}, {"<", Relation::lt},
        {"<=", Relation::le}, {">", Relation::gt},  {">=", Relation::ge}};
    for (const auto& [spelling, rel] : kRelations) {
      if (spelling == op) node(i).rel = rel;
    }
    return fold(i);
  }

  int membership(const Ast& e, int a, int b) {
    if (kind(b) != Kind::list) {
      error_at(e.at, fmt::format("operator 'in' needs a list on the right, got {}{}", name(b),
                                 kind(b) == Kind::string ? "; use contains(s, sub) for substrings" : ""));
    }
    const Type& element = type(b).element();
    if (!type(a).is_scalar() || !element.is_scalar()) {
      error_at(e.at, fmt::format("operator 'in' cannot look for {} in {}", name(a), name(b)));
    }
    if (kind(a) != element.kind() && !(numeric(a) && element.is_numeric())) {
      error_at(e.at, fmt::format("operator 'in' cannot look for {} in {}", name(a), name(b)));
    }
    return fold(emit(Op::in, e, Type::boolean(), a, b));
  }

  int ternary(const Ast& e) {
    const int c = compile(e.kids[0]);
    if (kind(c) != Kind::boolean) {
      error_at(e.at, fmt::format("the condition of '?:' must be bool, got {}", name(c)));
    }
    int a = compile(e.kids[1]);
    int b = compile(e.kids[2]);
    if (!(type(a) == type(b))) {
      if (!(numeric(a) && numeric(b))) {
        error_at(e.at, fmt::format("the branches of '?:' have different types: {} and {}", name(a), name(b)));
      }
      a = promote(a);
      b = promote(b);
    }
    return fold(emit(Op::cond, e, type(a), c, a, b));
  }

  int method(const Ast& e) {
    const std::string& m = e.text;
    if (std::find(std::begin(kMethods), std::end(kMethods), m) == std::end(kMethods)) {
      for (const Function& f : kFunctions) {
        if (f.name == m)
          error_at(e.at, fmt::format("'{}' is a function, not a method: call it as {}(...)", m, m));
      }
      error_at(e.at, fmt::format("unknown method '{}' (lists have exists, all and filter)", m));
    }
    const int args = static_cast<int>(e.kids.size()) - 1;
    if (args != 2)
      error_at(e.at, fmt::format("'{}' takes 2 arguments (a variable and a condition), got {}", m, args));
    const Ast& var = e.kids[1];
    if (var.form != Ast::Form::ident) {
      error_at(
          var.begin,
          fmt::format("the first argument of '{}' must be a variable name, as in list.{}(x, x > 0)", m, m));
    }
    const int list = compile(e.kids[0]);
    if (kind(list) != Kind::list) error_at(e.at, fmt::format("'{}' needs a list, got {}", m, name(list)));
    if (scope_.size() >= static_cast<std::size_t>(Machine::kMaxVars)) {
      error_at(e.at, fmt::format("more than {} nested exists/all/filter", Machine::kMaxVars));
    }
    const int index = static_cast<int>(scope_.size());
    scope_.push_back(Var{var.text, type(list).element(), index});
    const int pred = compile(e.kids[2]);
    scope_.pop_back();
    if (kind(pred) != Kind::boolean) {
      error_at(e.kids[2].begin, fmt::format("the condition of '{}' must be bool, got {}", m, name(pred)));
    }
    const Op op = m == "exists" ? Op::exists : m == "all" ? Op::all : Op::filter;
    const int i = emit(op, e, op == Op::filter ? type(list) : Type::boolean(), list, pred);
    node(i).x = index;
    node(i).y = static_cast<int>(p_.var_names.size());
    p_.var_names.push_back(var.text);
    return i;
  }

  int call(const Ast& e) {
    const std::string& f = e.text;
    const Function* fn = nullptr;
    for (const Function& candidate : kFunctions) {
      if (candidate.name == f) fn = &candidate;
    }
    if (fn == nullptr) {
      if (std::find(std::begin(kMethods), std::end(kMethods), f) != std::end(kMethods)) {
        error_at(e.at, fmt::format("'{}' is a list method: write list.{}(x, condition)", f, f));
      }
      std::vector<std::string_view> names;
      for (const Function& candidate : kFunctions) names.push_back(candidate.name);
      error_at(e.at, fmt::format("unknown function '{}'{}", f, suggestion(f, names)));
    }
    const int given = static_cast<int>(e.kids.size());
    if (given != fn->arity) {
      error_at(e.at, fmt::format("function '{}' takes {}, got {}", f, plural(fn->arity, "argument"), given));
    }
    if (f == "matches") return matches(e);
    std::vector<int> args;
    for (const Ast& k : e.kids) args.push_back(compile(k));
    auto arg = [&](std::size_t k) { return args[k]; };
    auto got = [&] {
      std::string s;
      for (std::size_t k = 0; k < args.size(); ++k) s += (k == 0 ? "" : " and ") + name(args[k]);
      return s;
    };
    auto need = [&](bool ok, std::string_view what) {
      if (!ok) error_at(e.at, fmt::format("{}() needs {}, got {}", f, what, got()));
    };
    if (f == "len") {
      need(kind(arg(0)) == Kind::string || kind(arg(0)) == Kind::list, "a string or a list");
      return fold(
          emit(kind(arg(0)) == Kind::string ? Op::len_string : Op::len_list, e, Type::integer(), arg(0)));
    }
    if (f == "contains" || f == "starts_with" || f == "ends_with") {
      need(kind(arg(0)) == Kind::string && kind(arg(1)) == Kind::string, "two strings");
      const Op op = f == "contains" ? Op::contains : f == "starts_with" ? Op::starts_with : Op::ends_with;
      return fold(emit(op, e, Type::boolean(), arg(0), arg(1)));
    }
    if (f == "min" || f == "max") {
      const bool numbers = numeric(arg(0)) && numeric(arg(1));
      need(numbers || (kind(arg(0)) == Kind::date && kind(arg(1)) == Kind::date), "two numbers or two dates");
      int a = arg(0);
      int b = arg(1);
      if (numbers && kind(a) != kind(b)) {
        a = promote(a);
        b = promote(b);
      }
      return fold(emit(f == "min" ? Op::min : Op::max, e, type(a), a, b));
    }
    if (f == "abs") {
      need(numeric(arg(0)), "a number");
      return fold(emit(kind(arg(0)) == Kind::integer ? Op::abs_int : Op::abs_dec, e, type(arg(0)), arg(0)));
    }
    if (f == "round") {
      need(numeric(arg(0)) && kind(arg(1)) == Kind::integer, "a number and an int count of digits");
      const int digits = arg(1);
      if (is_constant(digits)) {
        const std::int64_t d = p_.constants[static_cast<std::size_t>(node(digits).x)].as_int();
        if (d < 0 || d > Decimal::kScale)
          error_at(e.kids[1].begin, fmt::format("round() needs 0 to 6 digits, got {}", d));
      }
      return fold(emit(Op::round, e, Type::decimal(), promote(arg(0)), digits));
    }
    if (f == "today") return emit(Op::today, e, Type::date());
    if (f == "date") {
      need(kind(arg(0)) == Kind::string, "a string \"YYYY-MM-DD\"");
      return fold(emit(Op::parse_date, e, Type::date(), arg(0)));
    }
    if (f == "years_between" || f == "days_between" || f == "working_days_between") {
      need(kind(arg(0)) == Kind::date && kind(arg(1)) == Kind::date, "two dates");
      const Op op = f == "years_between"  ? Op::years_between
                    : f == "days_between" ? Op::days_between
                                          : Op::working_days_between;
      return fold(emit(op, e, Type::integer(), arg(0), arg(1)));
    }
    // add_days, add_working_days
    need(kind(arg(0)) == Kind::date && kind(arg(1)) == Kind::integer, "a date and an int");
    return fold(emit(f == "add_days" ? Op::add_days : Op::add_working_days, e, Type::date(), arg(0), arg(1)));
  }

  int matches(const Ast& e) {
    const int s = compile(e.kids[0]);
    if (kind(s) != Kind::string)
      error_at(e.at, fmt::format("matches() needs a string to search, got {}", name(s)));
    const Ast& pattern = e.kids[1];
    if (pattern.form != Ast::Form::string) {
      error_at(pattern.begin,
               "the pattern of matches() must be a string literal, so it is checked and compiled once");
    }
    try {
      p_.regexes.emplace_back(pattern.text, std::regex::ECMAScript);
    } catch (const std::regex_error& err) {
      error_at(pattern.begin, fmt::format("invalid regular expression: {}", err.what()));
    }
    const int i = emit(Op::matches, e, Type::boolean(), s);
    node(i).x = static_cast<int>(p_.regexes.size()) - 1;
    return fold(i);
  }

  Program::Impl& p_;
  const Schema& schema_;
  std::vector<Var> scope_;
};

std::string CompileError::to_string() const { return fmt::format("{}:{}: {}", line, column, message); }

std::variant<Program, CompileError> Program::try_compile(std::string_view source, const Schema& schema,
                                                         std::optional<Kind> expected) {
  auto impl = std::make_shared<Impl>();
  impl->source = std::string(source);
  impl->schema_id = schema.id();
  try {
    Compiler(*impl, schema).run(expected);
  } catch (const SyntaxError& e) {
    const auto [line, column] = line_column(source, e.at);
    return CompileError{line, column, e.message};
  }
  return Compiler::make(std::move(impl));
}

Program Program::compile(std::string_view source, const Schema& schema, std::optional<Kind> expected) {
  auto result = try_compile(source, schema, expected);
  if (auto* e = std::get_if<CompileError>(&result)) {
    throw invalid("expression-invalid", "表达式有误", e->to_string());
  }
  return std::get<Program>(std::move(result));
}

const Type& Program::result_type() const { return impl_->result_type; }
const std::string& Program::source() const { return impl_->source; }
const std::vector<std::string>& Program::inputs() const { return impl_->inputs; }
const std::vector<int>& Program::input_slots() const { return impl_->input_slots; }

}  // namespace haoban::expr
