// Private to src/catalog: the pieces catalog.cpp assembles — answer binding, the situation engine,
// form checking and the search index.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"
#include "core/pinyin.h"
#include "defs/compile.h"
#include "expr/expr.h"

namespace haoban::catalog::detail {

// The calendar date in China Standard Time (UTC+8, no daylight saving) at `t`.

// ---- answers ------------------------------------------------------------------------------------

// Binds every answer in `answers` to answers.<id> in `b` (null values stay unanswered). Unknown
// question ids and values of the wrong type come back as field errors "answers/<id>".
std::vector<FieldError> bind_answers(const defs::Scope& scope, expr::Bindings& b,
                                     const boost::json::object& answers);

// An answer as people read it: 是/否, option labels joined by 、, the number.
std::string answer_text(const defs::Question& q, const boost::json::value& v);

// Throws Error(invalid, "validation-failed", "情形回答有误") when `errors` is not empty.
void throw_answer_errors(std::vector<FieldError> errors);

// ---- situations ---------------------------------------------------------------------------------

// Resolves `scope` (an item's or a bundle's) for `answers`: see Catalog::resolve_bundle.
// `bundle` is null for an item's own questionnaire.
Resolution resolve(const defs::Scope& scope, const defs::Bundle* bundle, const defs::Item* item,
                   const boost::json::object& answers, const expr::Context& ctx);

// ---- forms --------------------------------------------------------------------------------------

// Compiled `pattern` validations, by field (built once; std::regex is safe to share for matching).
using Patterns = std::map<const defs::Field*, std::regex>;
Patterns compile_patterns(const defs::Definitions& d);

// Validates `fields` against `view` (answers already resolved and valid).
FormCheck check_form(const FormView& view, const Patterns& patterns, const boost::json::object& fields,
                     const boost::json::object& answers, const expr::Context& ctx);

// ---- search -------------------------------------------------------------------------------------

// Lower-cases ASCII letters and folds full-width ASCII (ＡＢＣ１２３) to half-width; trims.
std::string normalize_query(std::string_view q);

class SearchIndex {
 public:
  explicit SearchIndex(const defs::Definitions& d);
  struct Hit {
    const defs::Item* item;
    int rank;  // lower is better
  };
  // Items whose name, an alias or their pinyin contain every word of `q` (all items when q is
  // blank), best first then by code: the exact name, code or an alias; then by the weakest word's
  // match (name, alias, pinyin initials, full pinyin), a prefix ahead of a match inside.
  std::vector<Hit> match(std::string_view q) const;

 private:
  struct Entry {
    const defs::Item* item;
    std::string name, code;  // name as is; code lower-cased
    std::vector<std::string> aliases;
    std::vector<Pinyin> pinyin;  // name's, then each alias's
  };
  std::vector<Entry> entries_;
};

}  // namespace haoban::catalog::detail
