// Private to src/expr: the syntax tree produced by the parser, before type checking.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace haoban::expr {

struct Ast {
  enum class Form : std::uint8_t {
    integer,  // text: the digits
    decimal,  // text: the literal
    string,   // text: the decoded string
    boolean,  // text: "true" or "false"
    ident,    // text: the name
    select,   // kids[0].text — text: the field name
    call,     // text(kids...)
    method,   // kids[0].text(kids[1...])
    list,     // [kids...]
    unary,    // text: "!" or "-"
    binary,   // kids[0] text kids[1]; text: the operator
    ternary,  // kids[0] ? kids[1] : kids[2]
  };
  Form form = Form::integer;
  std::uint32_t begin = 0;  // source bytes [begin, end) of the whole expression
  std::uint32_t end = 0;
  std::uint32_t at = 0;  // the operator, the name, or the literal itself
  std::string text;
  std::vector<Ast> kids;
  int height = 1;  // 1 + the tallest kid
};

// Thrown by the parser and the compiler; becomes a CompileError.
struct SyntaxError {
  std::uint32_t at = 0;  // source byte offset
  std::string message;
};

// Parses a whole expression. Throws SyntaxError. A tree taller than kMaxDepth (nesting, or a chain
// like a + b + c + …) is an error, so that the recursive compiler and evaluator use bounded stack.
constexpr int kMaxDepth = 200;
Ast parse(std::string_view source);

}  // namespace haoban::expr
