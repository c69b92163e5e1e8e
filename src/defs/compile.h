// Compiling the expressions of definitions into programs, per scope. A scope is what one set of
// expressions may read:
//   item:   answers.<id> for the item's questions, form.<key> for its form's fields;
//   bundle: answers.<id> for the bundle's questions and every member item's (a question id used by
//           several of them is one question, asked once), form.<key> for every member item's form's
//           fields (a field key used by several forms is one field, filled once).
// load_dir() compiles every scope to report errors; the catalog compiles them again to run them.
//
// Thread-safety: a Scope is immutable after compilation; evaluate it from many threads, each with
// its own expr::Evaluator and Bindings.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "defs/defs.h"
#include "expr/expr.h"

namespace haoban::defs {

// A condition deciding whether a member item (bundles) or a material applies.
struct Rule {
  enum class Target { item, material };
  Target target = Target::item;
  const Item* item = nullptr;
  const Material* material = nullptr;  // Target::material
  std::optional<expr::Program> when;   // absent: always applies
  std::string reason;                  // authored reason (Chinese), may be empty
};

struct CompiledField {
  const Field* def = nullptr;
  int slot = -1;  // form.<key> in the scope's schema
  std::optional<expr::Program> visible, compute, rule;
};

struct CompiledSection {
  std::string id;              // items: the section id; bundles: "<form id>.<section id>"
  const Item* item = nullptr;  // the item whose form it comes from (null for a form on its own)
  const Section* def = nullptr;
  std::optional<expr::Program> visible;
  std::vector<CompiledField> fields;  // in form order; in bundles a key may recur across sections
};

struct Scope {
  std::unique_ptr<expr::Schema> schema;  // stable address: programs and bindings refer to it
  // Questions merged by id, in dependency order: a question that guards another in some rule (comes
  // before it in the rule) comes first; otherwise declaration order (bundle's, then member items').
  std::vector<const Question*> questions;
  std::vector<int> question_slots;        // answers.<id>, parallel to `questions`
  std::vector<Rule> item_rules;           // bundles: one per member item, in bundle order
  std::vector<Rule> material_rules;       // one per material of every (member) item, in order
  std::vector<CompiledSection> sections;  // items: the form's; bundles: every member form's
  // Computed fields as (section, field) indexes, in an order where each comes after those it reads.
  std::vector<std::pair<int, int>> compute_order;

  // Index into `questions` of answers.<id>, or -1.
  int question_index(std::string_view id) const;
};

// Compiles an item's scope, appending problems (positions in the definition files). The item, its
// form and `defs` must outlive the scope. With problems, the returned scope is partial.
Scope compile_item(const Definitions& defs, const Item& item, std::vector<Problem>& problems);
Scope compile_bundle(const Definitions& defs, const Bundle& bundle, std::vector<Problem>& problems);
// 免申即办: `dependent`'s follows.when against one of the items it follows, `trigger` (answers.<id>
// of the trigger's questions only: the completed application's situations). The scope's single
// item rule targets `dependent`; its `when` is absent when the definition has none.
Scope compile_follow(const Item& dependent, const Item& trigger, std::vector<Problem>& problems);
// A form on its own (form.<key> only), to check forms that no item uses yet.
Scope compile_form(const Form& form, std::vector<Problem>& problems);

// A form's prefill expressions (数源), compiled against every source field as `<source>.<field>`.
struct SourceRef {
  const SourceDef* source = nullptr;
  const SourceField* field = nullptr;
};
struct PrefillField {
  const Field* def = nullptr;
  expr::Program program;
  std::vector<SourceRef> reads;  // the source fields the expression reads, in slot order
  bool locked = false;           // every field it reads is verified by its owner
};
struct PrefillScope {
  std::unique_ptr<expr::Schema> schema;  // stable address
  std::vector<SourceRef> slots;          // parallel to the schema's slots
  std::vector<PrefillField> fields;      // the form's prefilled fields, in form order
};
// Compiles `form`'s prefill expressions, appending problems; `defs` and `form` must outlive it.
PrefillScope compile_prefill(const Definitions& defs, const Form& form, std::vector<Problem>& problems);

// A policy's programs (免申即享). The schema holds every attribute of the policy's target entity as
// `<target>.<path>` in entities.yaml order — so an attribute has the same slot in every policy for
// that target — followed by the policy's parameters as `params.<name>` (decimal).
struct PolicyScope {
  std::unique_ptr<expr::Schema> schema;  // stable address
  int first_parameter_slot = 0;          // params.<name> of policy.parameters[i] is this + i
  std::vector<std::optional<expr::Program>> eligibility;  // parallel to policy.eligibility (nullopt: error)
  std::vector<std::optional<expr::Program>> risks;        // parallel to policy.risks
  std::optional<expr::Program> amount;                    // decimal
  bool ok() const;                                        // every program compiled
};
// The expression type of an entity attribute.
expr::Type attribute_type(const Attribute& a);
// Compiles `policy`'s expressions, appending problems with their file positions.
PolicyScope compile_policy(const Definitions& defs, const Policy& policy, std::vector<Problem>& problems);

// The expression type of answers to `q` and of values of `f`.
expr::Type answer_type(const Question& q);
expr::Type value_type(const Field& f);

}  // namespace haoban::defs
