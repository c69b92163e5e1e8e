// Explanations: evaluates the program again node by node, keeping what each clause came to. The
// result is computed with exactly evaluate()'s rules; parts that evaluate() would skip are still
// shown, marked not decisive, because "which other conditions fail" is what applicants ask next.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

#include "expr/machine.h"

namespace haoban::expr {
namespace {

constexpr std::size_t kShownElements = 20;
constexpr std::size_t kRenderedElements = 10;

bool is_read(Op op) { return op == Op::input || op == Op::var || op == Op::field; }

void write(const Explanation& e, int depth, std::string& out) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  switch (e.verdict) {
    case Explanation::Verdict::held:
      out += "✓ ";
      break;
    case Explanation::Verdict::failed:
      out += "✗ ";
      break;
    case Explanation::Verdict::unknown:
      out += "? ";
      break;
    case Explanation::Verdict::value:
      out += "= ";
      break;
    case Explanation::Verdict::error:
      out += "! ";
      break;
  }
  if (!e.binding.empty()) out += fmt::format("[{}] ", e.binding);
  out += e.text;
  if (!e.value.empty()) out += " → " + e.value;
  if (!e.missing.empty()) out += fmt::format("  [missing: {}]", fmt::join(e.missing, ", "));
  if (!e.decisive) out += "  (not needed)";
  out += '\n';
  for (const Explanation& c : e.children) write(c, depth + 1, out);
}

}  // namespace

std::string Explanation::to_string() const {
  std::string out;
  write(*this, 0, out);
  return out;
}

Explanation Evaluator::explain(const Program& program, const Bindings& bindings, const Context& context) {
  machine_->start(program, bindings, context);
  return machine_->explain_root();
}

Explanation explain(const Program& program, const Bindings& bindings, const Context& context) {
  Evaluator evaluator;
  return evaluator.explain(program, bindings, context);
}

Explanation Machine::explain_root() {
  Explanation e;
  Value v;
  EvalError error;
  explain_child(p_->root, e, v, error);
  return e;
}

bool Machine::explain_child(int node, Explanation& out, Value& v, EvalError& error) {
  try {
    v = explain(node, out);
    return true;
  } catch (EvalError& e) {
    const auto [line, column] = line_column(p_->source, e.at);
    out.verdict = Explanation::Verdict::error;
    out.value = fmt::format("error: {}:{}: {}", line, column, e.message);
    out.missing.clear();
    error = std::move(e);
    return false;
  }
}

std::string Machine::render(const Value& v, const Type& type) const {
  if (v.is_unknown()) return "unknown";
  if (Raw::tag(v) == Raw::Tag::record && type.kind() == Kind::record) {
    std::string out = "{";
    for (std::size_t i = 0; i < v.size(); ++i) {
      const Field& f = type.fields()[i];
      out += fmt::format("{}{}: {}", i == 0 ? "" : ", ", f.name, render(v[i], f.type));
    }
    return out + "}";
  }
  if (Raw::tag(v) == Raw::Tag::list) {
    const Type element = type.kind() == Kind::list ? type.element() : Type();
    std::string out = "[";
    for (std::size_t i = 0; i < v.size() && i < kRenderedElements; ++i) {
      out += (i == 0 ? "" : ", ") + render(v[i], element);
    }
    if (v.size() > kRenderedElements) out += fmt::format(", … {} elements in all", v.size());
    return out + "]";
  }
  return v.to_string();
}

void Machine::describe(Explanation& e, const Value& v, int node) const {
  if (v.is_unknown()) {
    e.verdict = Explanation::Verdict::unknown;
    e.value = "unknown";
    std::vector<int> slots;
    missing_slots(Raw::mask(v), slots);
    for (int s : slots) e.missing.push_back(b_->schema().path(s));
  } else if (Raw::tag(v) == Raw::Tag::boolean) {
    e.verdict = v.as_bool() ? Explanation::Verdict::held : Explanation::Verdict::failed;
    e.value = v.as_bool() ? "true" : "false";
  } else {
    e.verdict = Explanation::Verdict::value;
    e.value = render(v, p_->types[static_cast<std::size_t>(node)]);
  }
}

// Children for the inputs and variables a plain sub-expression reads, each with its value.
void Machine::explain_reads(int node, Explanation& out) {
  std::set<std::string> seen;
  std::vector<int> bound;  // variables bound by macros inside the sub-expression
  auto visit = [&](auto& self, int i) -> void {
    if (i < 0) return;
    const Node& n = p_->nodes[static_cast<std::size_t>(i)];
    const bool read = n.op == Op::input || n.op == Op::var ||
                      (n.op == Op::field && p_->nodes[static_cast<std::size_t>(n.a)].op == Op::var);
    if (read) {
      const int var = n.op == Op::input ? -1
                      : n.op == Op::var ? n.x
                                        : p_->nodes[static_cast<std::size_t>(n.a)].x;
      if (var >= 0 && std::find(bound.begin(), bound.end(), var) != bound.end()) return;
      std::string text = p_->source.substr(n.begin, n.end - n.begin);
      if (!seen.insert(text).second) return;
      Explanation c;
      c.text = std::move(text);
      std::tie(c.line, c.column) = line_column(p_->source, n.begin);
      describe(c, eval(i), i);
      out.children.push_back(std::move(c));
      return;
    }
    if (n.op == Op::list) {
      for (int k = 0; k < n.y; ++k)
        self(self, p_->child_lists[static_cast<std::size_t>(n.x) + static_cast<std::size_t>(k)]);
      return;
    }
    self(self, n.a);
    if (n.op == Op::exists || n.op == Op::all || n.op == Op::filter) {
      bound.push_back(n.x);
      self(self, n.b);
      bound.pop_back();
      return;
    }
    self(self, n.b);
    self(self, n.c);
  };
  visit(visit, node);
}

Value Machine::explain(int node, Explanation& e) {
  const Node& n = p_->nodes[static_cast<std::size_t>(node)];
  e.text = p_->source.substr(n.begin, n.end - n.begin);
  std::tie(e.line, e.column) = line_column(p_->source, n.begin);
  switch (n.op) {
    case Op::and_:
    case Op::or_: {
      std::vector<int> operands;
      auto flatten = [&](auto& self, int i) -> void {
        const Node& k = p_->nodes[static_cast<std::size_t>(i)];
        if (k.op == n.op) {
          self(self, k.a);
          self(self, k.b);
        } else {
          operands.push_back(i);
        }
      };
      flatten(flatten, node);
      const std::size_t count = operands.size();
      e.children.resize(count);
      std::vector<Value> values(count);
      std::vector<EvalError> errors(count);
      std::vector<char> ok(count);
      for (std::size_t k = 0; k < count; ++k)
        ok[k] = explain_child(operands[k], e.children[k], values[k], errors[k]) ? 1 : 0;
      // Fold exactly as evaluate() does: left to right, the first deciding operand wins.
      const bool deciding = n.op == Op::or_;
      std::uint64_t open = 0;
      bool any_unknown = false;
      for (std::size_t k = 0; k < count; ++k) {
        if (!ok[k] || (!values[k].is_unknown() && values[k].as_bool() == deciding)) {
          for (std::size_t r = k + 1; r < count; ++r) e.children[r].decisive = false;
          if (!ok[k]) throw errors[k];
          describe(e, values[k], node);
          return values[k];
        }
        if (values[k].is_unknown()) {
          any_unknown = true;
          open |= Raw::mask(values[k]);
        }
      }
      const Value result = any_unknown ? Raw::unknown(open) : Raw::boolean(!deciding);
      describe(e, result, node);
      return result;
    }
    case Op::not_: {
      e.children.resize(1);
      Value v;
      EvalError error;
      if (!explain_child(n.a, e.children[0], v, error)) throw error;
      const Value result = v.is_unknown() ? v : Raw::boolean(!v.as_bool());
      describe(e, result, node);
      return result;
    }
    case Op::cond: {
      e.children.resize(1);
      Value c;
      EvalError error;
      if (!explain_child(n.a, e.children[0], c, error)) throw error;
      if (c.is_unknown()) {
        describe(e, c, node);
        return c;
      }
      e.children.resize(2);
      Value v;
      if (!explain_child(c.as_bool() ? n.b : n.c, e.children[1], v, error)) throw error;
      describe(e, v, node);
      return v;
    }
    case Op::exists:
    case Op::all:
    case Op::filter: {
      e.children.resize(1);
      Value list;
      EvalError error;
      if (!explain_child(n.a, e.children[0], list, error)) throw error;
      if (list.is_unknown()) {
        describe(e, list, node);
        return list;
      }
      const Type& element_type = p_->types[static_cast<std::size_t>(n.a)].element();
      const std::string& var = p_->var_names[static_cast<std::size_t>(n.y)];
      Value* kept = n.op == Op::filter ? arena_.values(list.size()) : nullptr;
      std::uint32_t count = 0;
      std::uint64_t open = 0;
      bool any_unknown = false;
      std::optional<Value> decided;
      std::optional<EvalError> failure;
      for (std::size_t k = 0; k < list.size(); ++k) {
        Value element = list[k];
        Raw::add_mask(element, Raw::mask(list));
        vars_[static_cast<std::size_t>(n.x)] = element;
        Value r;
        bool ok = true;
        if (k < kShownElements) {
          Explanation& c = e.children.emplace_back();
          c.binding = fmt::format("{} = {}", var, render(list[k], element_type));
          ok = explain_child(n.b, c, r, error);
          if (decided || failure) c.decisive = false;
        } else {
          try {
            r = eval(n.b);
          } catch (EvalError& err) {
            ok = false;
            error = std::move(err);
          }
        }
        if (decided || failure) continue;
        if (!ok) {
          failure = error;
        } else if (r.is_unknown()) {
          any_unknown = true;
          open |= Raw::mask(r);
        } else if ((n.op == Op::exists && r.as_bool()) || (n.op == Op::all && !r.as_bool())) {
          decided = r;
        } else if (n.op == Op::filter && r.as_bool()) {
          kept[count++] = list[k];
        }
      }
      if (list.size() > kShownElements) {
        Explanation& note = e.children.emplace_back();
        note.text = fmt::format("… {} more elements not shown", list.size() - kShownElements);
        note.line = e.line;
        note.column = e.column;
      }
      if (failure) throw *failure;
      const Value result = decided              ? *decided
                           : any_unknown        ? Raw::unknown(open)
                           : n.op == Op::filter ? Raw::list(kept, count, Raw::mask(list))
                                                : Raw::boolean(n.op == Op::all);
      describe(e, result, node);
      return result;
    }
    default: {
      if (!is_read(n.op) && n.op != Op::constant) explain_reads(node, e);
      const Value v = eval(node);
      describe(e, v, node);
      return v;
    }
  }
}

}  // namespace haoban::expr
