// Lexer and Pratt parser. Positions are byte offsets into the source; CompileError turns them into
// line:column in characters.
#include "expr/parse.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/utf8.h"
#include "expr/program.h"

namespace haoban::expr {
namespace {

constexpr std::size_t kMaxSource = 1 << 20;

// Binding powers, loosest first.
constexpr int kTernary = 1;
constexpr int kOr = 2;
constexpr int kAnd = 3;
constexpr int kRelation = 4;
constexpr int kAdditive = 5;
constexpr int kMultiplicative = 6;
constexpr int kUnary = 7;

struct Token {
  enum class Type { end, integer, decimal, string, ident, op };
  Type type = Type::end;
  std::string text;  // the decoded string for strings; the spelling otherwise
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
};

// Decodes the code point at s[i] (valid UTF-8 is checked up front) and its length.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return {c, 1};
  const std::size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
  char32_t cp = c & (0x3F >> (n - 1));
  for (std::size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return {cp, n};
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Punctuation that is easy to type by accident with a Chinese input method.
bool is_punctuation(char32_t cp) {
  return (cp >= 0xA0 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x206F) ||
         (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF65);
}

[[noreturn]] void error_at(std::uint32_t at, std::string message) {
  throw SyntaxError{at, std::move(message)};
}

// Sets e.height from its kids; a tree taller than kMaxDepth is an error.
Ast finish(Ast e) {
  for (const Ast& k : e.kids) e.height = std::max(e.height, k.height + 1);
  if (e.height > kMaxDepth) {
    error_at(e.at, fmt::format("expression is nested too deeply (more than {} levels)", kMaxDepth));
  }
  return e;
}

class Lexer {
 public:
  explicit Lexer(std::string_view s) : s_(s) {}

  Token next() {
    skip_space();
    Token t;
    t.begin = static_cast<std::uint32_t>(i_);
    if (i_ >= s_.size()) {
      t.end = t.begin;
      return t;
    }
    const char c = s_[i_];
    if ((c == 'r' || c == 'R') && i_ + 1 < s_.size() && (s_[i_ + 1] == '"' || s_[i_ + 1] == '\'')) {
      ++i_;
      t.type = Token::Type::string;
      t.text = string_literal(t.begin, /*raw=*/true);
    } else if (c == '"' || c == '\'') {
      t.type = Token::Type::string;
      t.text = string_literal(t.begin, /*raw=*/false);
    } else if (c >= '0' && c <= '9') {
      number(t);
    } else if (ident_start(i_)) {
      t.type = Token::Type::ident;
      while (i_ < s_.size() && ident_part(i_)) i_ += decode(s_, i_).second;
      t.text = std::string(s_.substr(t.begin, i_ - t.begin));
    } else {
      t.type = Token::Type::op;
      t.text = op(t.begin);
    }
    t.end = static_cast<std::uint32_t>(i_);
    return t;
  }

 private:
  void skip_space() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
  }

  bool ident_start(std::size_t i) const {
    const char c = s_[i];
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
    if (static_cast<unsigned char>(c) < 0x80) return false;
    return !is_punctuation(decode(s_, i).first);
  }
  bool ident_part(std::size_t i) const { return ident_start(i) || (s_[i] >= '0' && s_[i] <= '9'); }

  void number(Token& t) {
    t.type = Token::Type::integer;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    if (i_ < s_.size() && s_[i_] == '.') {
      t.type = Token::Type::decimal;
      ++i_;
      if (i_ >= s_.size() || s_[i_] < '0' || s_[i_] > '9')
        error_at(t.begin, "expected digits after the decimal point");
      while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    }
    if (i_ < s_.size() && (ident_part(i_) || s_[i_] == '.')) {
      error_at(t.begin, fmt::format("invalid number '{}'", s_.substr(t.begin, i_ + 1 - t.begin)));
    }
    t.text = std::string(s_.substr(t.begin, i_ - t.begin));
  }

  std::string string_literal(std::uint32_t begin, bool raw) {
    const char quote = s_[i_++];
    std::string out;
    for (;;) {
      if (i_ >= s_.size() || s_[i_] == '\n') error_at(begin, "unterminated string");
      const char c = s_[i_];
      if (c == quote) {
        ++i_;
        return out;
      }
      if (c != '\\' || raw) {
        out += c;
        ++i_;
        continue;
      }
      const std::size_t esc = i_;
      if (++i_ >= s_.size()) error_at(begin, "unterminated string");
      switch (s_[i_++]) {
        case '\\':
          out += '\\';
          break;
        case '\'':
          out += '\'';
          break;
        case '"':
          out += '"';
          break;
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'u': {
          char32_t cp = 0;
          for (int k = 0; k < 4; ++k, ++i_) {
            const char h = i_ < s_.size() ? s_[i_] : '\0';
            const int d = h >= '0' && h <= '9'   ? h - '0'
                          : h >= 'a' && h <= 'f' ? h - 'a' + 10
                          : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                                 : -1;
            if (d < 0) error_at(static_cast<std::uint32_t>(esc), "\\u needs 4 hex digits");
            cp = cp * 16 + static_cast<char32_t>(d);
          }
          if (cp >= 0xD800 && cp <= 0xDFFF)
            error_at(static_cast<std::uint32_t>(esc), "\\u escape of a surrogate");
          append_utf8(out, cp);
          break;
        }
        default: {
          const auto [cp, n] = decode(s_, i_ - 1);
          error_at(static_cast<std::uint32_t>(esc),
                   fmt::format("unknown escape '\\{}'", s_.substr(i_ - 1, n)));
        }
      }
    }
  }

  std::string op(std::uint32_t begin) {
    static constexpr std::string_view kTwo[] = {"==", "!=", "<=", ">=", "&&", "||"};
    for (std::string_view t : kTwo) {
      if (s_.substr(i_).starts_with(t)) {
        i_ += 2;
        return std::string(t);
      }
    }
    const char c = s_[i_];
    if (std::string_view("()[],.?:+-*/%!<>").find(c) != std::string_view::npos) {
      ++i_;
      return std::string(1, c);
    }
    if (c == '=') error_at(begin, "'=' is not an operator; use '==' to compare");
    if (c == '&') error_at(begin, "'&' is not an operator; use '&&'");
    if (c == '|') error_at(begin, "'|' is not an operator; use '||'");
    const auto [cp, n] = decode(s_, i_);
    const std::string_view spelled = s_.substr(i_, n);
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
      error_at(begin, fmt::format("full-width '{}' is not allowed; use '{}'", spelled,
                                  static_cast<char>(cp - 0xFEE0)));
    }
    if (cp == 0x3000) error_at(begin, "full-width space is not allowed; use ' '");
    if (cp == 0x201C || cp == 0x201D || cp == 0x2018 || cp == 0x2019) {
      error_at(begin, fmt::format("'{}' is not a quote here; use \" or '", spelled));
    }
    error_at(begin, fmt::format("unexpected character '{}'", spelled));
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

class Parser {
 public:
  explicit Parser(std::string_view s) : source_(s), lexer_(s) { advance(); }

  Ast parse_all() {
    Ast e = expression(0);
    if (tok_.type != Token::Type::end) {
      error_at(tok_.begin, fmt::format("unexpected {} after the end of the expression", describe(tok_)));
    }
    return e;
  }

 private:
  struct Depth {
    Parser& p;
    Depth(Parser& parser, std::uint32_t at) : p(parser) {
      if (++p.depth_ > kMaxDepth) {
        error_at(at, fmt::format("expression is nested too deeply (more than {} levels)", kMaxDepth));
      }
    }
    ~Depth() { --p.depth_; }
  };

  void advance() {
    prev_ = std::move(tok_);
    tok_ = lexer_.next();
  }
  bool is_op(std::string_view s) const { return tok_.type == Token::Type::op && tok_.text == s; }
  bool is_keyword(std::string_view s) const { return tok_.type == Token::Type::ident && tok_.text == s; }

  static std::string describe(const Token& t) {
    switch (t.type) {
      case Token::Type::end:
        return "end of input";
      case Token::Type::string:
        return "a string";
      case Token::Type::integer:
      case Token::Type::decimal:
        return fmt::format("number {}", t.text);
      default:
        return fmt::format("'{}'", t.text);
    }
  }

  void expect(std::string_view s, std::string_view context) {
    if (!is_op(s)) error_at(tok_.begin, fmt::format("expected '{}' {}, got {}", s, context, describe(tok_)));
    advance();
  }

  int infix_power() const {
    if (is_keyword("in")) return kRelation;
    if (tok_.type != Token::Type::op) return 0;
    const std::string& t = tok_.text;
    if (t == "||") return kOr;
    if (t == "&&") return kAnd;
    if (t == "==" || t == "!=" || t == "<" || t == "<=" || t == ">" || t == ">=") return kRelation;
    if (t == "+" || t == "-") return kAdditive;
    if (t == "*" || t == "/" || t == "%") return kMultiplicative;
    return 0;
  }

  Ast expression(int min_power) {
    Depth depth(*this, tok_.begin);
    Ast lhs = prefix();
    for (;;) {
      if (is_op("?")) {
        if (kTernary < min_power) break;
        const std::uint32_t at = tok_.begin;
        advance();
        Ast then = expression(kOr);
        expect(":", "in 'c ? a : b'");
        Ast otherwise = expression(kTernary);
        Ast t{.form = Ast::Form::ternary, .begin = lhs.begin, .end = otherwise.end, .at = at, .text = "?:"};
        t.kids.push_back(std::move(lhs));
        t.kids.push_back(std::move(then));
        t.kids.push_back(std::move(otherwise));
        lhs = finish(std::move(t));
        continue;
      }
      const int power = infix_power();
      if (power == 0 || power < min_power) break;
      Token op = tok_;
      advance();
      Ast rhs = expression(power + 1);
      Ast b{.form = Ast::Form::binary, .begin = lhs.begin, .end = rhs.end, .at = op.begin, .text = op.text};
      b.kids.push_back(std::move(lhs));
      b.kids.push_back(std::move(rhs));
      lhs = finish(std::move(b));
      if (power == kRelation && infix_power() == kRelation) {
        error_at(tok_.begin,
                 fmt::format("comparisons cannot be chained; combine them with && (at '{}')", tok_.text));
      }
    }
    return lhs;
  }

  Ast prefix() {
    Ast e = primary();
    while (is_op(".")) {
      advance();
      if (tok_.type != Token::Type::ident) {
        error_at(tok_.begin, fmt::format("expected a field name after '.', got {}", describe(tok_)));
      }
      Token name = tok_;
      advance();
      if (is_op("(")) {
        Ast m{.form = Ast::Form::method, .begin = e.begin, .at = name.begin, .text = name.text};
        m.kids.push_back(std::move(e));
        arguments(m);
        e = finish(std::move(m));
      } else {
        Ast s{.form = Ast::Form::select,
              .begin = e.begin,
              .end = name.end,
              .at = name.begin,
              .text = name.text};
        s.kids.push_back(std::move(e));
        e = finish(std::move(s));
      }
    }
    return e;
  }

  // After a name, at '(': parses the arguments into e.kids and sets e.end.
  void arguments(Ast& e) {
    advance();
    if (!is_op(")")) {
      for (;;) {
        e.kids.push_back(expression(0));
        if (is_op(")")) break;
        if (!is_op(",")) {
          error_at(tok_.begin, fmt::format("expected ',' or ')' in the arguments of '{}', got {}", e.text,
                                           describe(tok_)));
        }
        advance();
      }
    }
    e.end = tok_.end;
    advance();
  }

  Ast primary() {
    Token t = tok_;
    switch (t.type) {
      case Token::Type::integer:
      case Token::Type::decimal:
      case Token::Type::string: {
        advance();
        const Ast::Form form = t.type == Token::Type::integer   ? Ast::Form::integer
                               : t.type == Token::Type::decimal ? Ast::Form::decimal
                                                                : Ast::Form::string;
        return Ast{.form = form, .begin = t.begin, .end = t.end, .at = t.begin, .text = std::move(t.text)};
      }
      case Token::Type::ident: {
        if (t.text == "true" || t.text == "false") {
          advance();
          return Ast{
              .form = Ast::Form::boolean, .begin = t.begin, .end = t.end, .at = t.begin, .text = t.text};
        }
        if (t.text == "null") error_at(t.begin, "'null' is not a value: a missing input is unknown");
        if (t.text == "in") error_at(t.begin, "expected an expression, got 'in'");
        advance();
        if (is_op("(")) {
          Ast call{.form = Ast::Form::call, .begin = t.begin, .at = t.begin, .text = t.text};
          arguments(call);
          return finish(std::move(call));
        }
        return Ast{.form = Ast::Form::ident, .begin = t.begin, .end = t.end, .at = t.begin, .text = t.text};
      }
      case Token::Type::op: {
        if (t.text == "(") {
          advance();
          Ast e = expression(0);
          if (!is_op(")")) {
            const auto [line, column] = line_column(source_, t.begin);
            error_at(tok_.begin, fmt::format("expected ')' to close the '(' at {}:{}, got {}", line, column,
                                             describe(tok_)));
          }
          e.begin = t.begin;  // the parentheses belong to the sub-expression's text
          e.end = tok_.end;
          advance();
          return e;
        }
        if (t.text == "[") {
          advance();
          Ast list{.form = Ast::Form::list, .begin = t.begin, .at = t.begin, .text = "[]"};
          while (!is_op("]")) {
            list.kids.push_back(expression(0));
            if (is_op("]")) break;
            if (!is_op(","))
              error_at(tok_.begin, fmt::format("expected ',' or ']' in a list, got {}", describe(tok_)));
            advance();
          }
          list.end = tok_.end;
          advance();
          return finish(std::move(list));
        }
        if (t.text == "!" || t.text == "-") {
          advance();
          Ast operand = expression(kUnary);
          Ast u{
              .form = Ast::Form::unary, .begin = t.begin, .end = operand.end, .at = t.begin, .text = t.text};
          u.kids.push_back(std::move(operand));
          return finish(std::move(u));
        }
        break;
      }
      case Token::Type::end:
        break;
    }
    if (prev_.type == Token::Type::op && prev_.text != "(" && prev_.text != "[" && prev_.text != ",") {
      error_at(t.begin, fmt::format("expected an expression after '{}', got {}", prev_.text, describe(t)));
    }
    if (prev_.type == Token::Type::ident && prev_.text == "in") {
      error_at(t.begin, fmt::format("expected an expression after 'in', got {}", describe(t)));
    }
    error_at(t.begin, fmt::format("expected an expression, got {}", describe(t)));
  }

  std::string_view source_;
  Lexer lexer_;
  Token tok_;
  Token prev_;
  int depth_ = 0;
};

}  // namespace

Ast parse(std::string_view source) {
  if (source.size() > kMaxSource) error_at(0, "expression is too long (more than 1 MiB)");
  if (auto bad = first_invalid_utf8(source)) error_at(static_cast<std::uint32_t>(*bad), "invalid UTF-8");
  return Parser(source).parse_all();
}

std::pair<int, int> line_column(std::string_view source, std::size_t offset) {
  int line = 1;
  int column = 1;
  for (std::size_t i = 0; i < offset && i < source.size(); ++i) {
    const auto c = static_cast<unsigned char>(source[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace haoban::expr
