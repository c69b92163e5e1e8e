// The service catalog (事项目录): items with their guides (办事指南), required materials and forms;
// bundles (一件事) with their situation questionnaires (情形); search; and the stored versions of every
// definition so that an application can show the one it was filed under.
//
// Definitions come from defs::load_dir (data/definitions). The catalog compiles their expressions
// once at construction and afterwards only reads: every const member is safe to call from any number
// of threads at once. publish() writes the store.
#pragma once

#include <boost/json/object.hpp>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/error.h"
#include "db/db.h"
#include "defs/compile.h"
#include "defs/defs.h"

namespace haoban::catalog {

// ---- search -------------------------------------------------------------------------------------

struct ItemQuery {
  std::string q;           // matches names, aliases and pinyin (full or initials: "spjy"); words AND-ed
  std::string department;  // department id
  std::string kind;        // one of defs::kItemKinds
  std::string event;       // a taxonomy event
  std::optional<defs::Audience> audience;  // person or enterprise: items for them (and for both)
  std::string cursor;                      // from a previous page's next_cursor
  int limit = 20;                          // 1..100
};

struct ItemPage {
  std::vector<const defs::Item*> items;
  std::optional<std::string> next_cursor;  // opaque; absent on the last page
  std::size_t total = 0;                   // matches over all pages
};

// ---- situations ---------------------------------------------------------------------------------

// One answer that a decision rested on (依据), for people: the question and the answer given.
struct Basis {
  std::string question_id;
  std::string question;  // the question's text
  std::string answer;    // as people read it: 是/否, the option label, the number
};

struct NextQuestion {
  const defs::Question* question = nullptr;
  std::vector<std::string> decides;  // names of the items (or materials) the answer still decides
};

struct ItemDecision {
  const defs::Item* item = nullptr;
  std::string reason;  // Chinese: the rule's reason, followed by its basis
  std::vector<Basis> basis;
};

struct MaterialDecision {
  const defs::Material* material = nullptr;  // the first item's material of its kind
  std::vector<const defs::Item*> items;  // every applying item that asks for it (merged by category and name)
  std::string reason;
  std::vector<Basis> basis;
};

// The merged form of a resolution: the sections of the applying items' forms, a field shared by
// several forms (same key) kept only where it first appears. It points into the catalog's compiled
// scopes: valid as long as the Catalog that made it.
struct FormView {
  struct Section {
    int index = 0;            // into the scope's sections
    std::vector<int> fields;  // indexes into that section's fields
  };
  std::string id;  // "item:<code>" or "bundle:<code>"
  std::string title;
  std::vector<Section> sections;
  const defs::Scope* scope = nullptr;  // the compiled scope the indexes point into
  boost::json::object to_json() const;
};

struct Resolution {
  bool done = false;
  std::vector<NextQuestion> questions;      // when !done: ask these next, in this order
  std::vector<ItemDecision> items;          // items that apply (so far, when !done)
  std::vector<ItemDecision> excluded;       // items that do not apply, and why
  std::vector<MaterialDecision> materials;  // when done
  std::vector<Basis> answers;               // every answer given, in question order (the review step)
  FormView form;                            // when done
};

// ---- forms --------------------------------------------------------------------------------------

struct FormCheck {
  std::vector<FieldError>
      errors;                  // field paths like "company_name", "employees/0/id_number"; Chinese messages
  boost::json::object values;  // visible fields as submitted (normalised) plus computed fields
  std::vector<std::string> hidden;  // keys of fields hidden by their visibility rules
};

// ---- follow-up items (免申即办) -------------------------------------------------------------------

// An item whose application follows the approved completion of another's (defs::Follow).
struct FollowUp {
  const defs::Item* item = nullptr;  // the dependent item, e.g. 食品经营许可（变更）
  std::string licence;               // the e-licence the applicant must hold
  std::string reason;                // 营业执照变更
  std::vector<Basis> basis;          // the answers the condition rested on
  // The trigger's answers to the questions the dependent item asks too (same id and type, e.g.
  // by_agent), so that its draft starts with its situations decided.
  boost::json::object answers;
};

// ---- stored versions ----------------------------------------------------------------------------

struct StoredDefinition {
  std::string kind;  // "item", "form", "bundle"
  std::string code;
  std::string version;
  boost::json::object body;     // defs::body_json at that version
  std::string first_loaded_at;  // ISO 8601 UTC
};

class Catalog {
 public:
  // Compiles every item's and bundle's expressions and builds the search index (pinyin via ICU).
  // `defs` should come from defs::load_dir_or_throw; a scope that does not compile throws
  // Error(invalid, "definitions-invalid"). `clock` and `calendar` give expressions today() and
  // working days; both must outlive the catalog.
  Catalog(db::Database& db, defs::Definitions defs, const Clock& clock, const WorkingCalendar& calendar);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  static std::span<const db::Migration> migrations();

  // Records the current version of every item, form and bundle that the store does not have yet
  // (with an audit entry each) and returns how many were new. Safe to run on several nodes at once.
  int publish(std::string_view actor);

  const defs::Definitions& definitions() const;
  const defs::Item* item(std::string_view code) const;
  const defs::Form* form(std::string_view id) const;
  const defs::Bundle* bundle(std::string_view code) const;
  std::string department_name(std::string_view id) const;  // the id itself when unknown
  std::string category_name(std::string_view id) const;

  // Items matching `q`, in a stable order (best match first, then by code). Throws Error(invalid)
  // naming the parameter for a limit outside 1..100, an unknown department, kind or audience, or a
  // cursor this catalog did not make.
  ItemPage search(const ItemQuery& q) const;

  // Bundles for `audience` (all when nullopt) and `industry` (all when empty), by code.
  std::vector<const defs::Bundle*> bundles(std::optional<defs::Audience> audience,
                                           std::string_view industry) const;

  // A definition as stored at `version`, or nullopt. Versions stay readable after the files change.
  std::optional<StoredDefinition> stored(std::string_view kind, std::string_view code,
                                         std::string_view version) const;
  std::optional<StoredDefinition> item_version(std::string_view code, std::string_view version) const {
    return stored("item", code, version);
  }

  // Every question of a bundle (its own and its member items'), in the order they would be asked.
  // Throws Error(not_found) for an unknown code.
  std::vector<const defs::Question*> bundle_questions(std::string_view code) const;

  // The situation questionnaire of a bundle (or of an item's own questions): the next questions to
  // ask, or — when every rule is decided — the items and materials that apply with their reasons and
  // the merged form. Throws Error(not_found) for an unknown code and Error(invalid,
  // "validation-failed") with a field "answers/<question id>" for an unknown question or an answer of
  // the wrong type.
  Resolution resolve_bundle(std::string_view code, const boost::json::object& answers) const;
  Resolution resolve_item(std::string_view code, const boost::json::object& answers) const;

  // resolve_bundle for answers that must decide everything (filing an application): throws
  // Error(invalid, "situations-incomplete") with a field "answers/<id>" per question still open.
  Resolution decide_bundle(std::string_view code, const boost::json::object& answers) const;

  // The whole form of an item, as FormView (all sections).
  FormView item_form(std::string_view code) const;

  // Validates a filled form: the item's form, or the bundle's merged form for `answers`. Answers must
  // be complete (otherwise Error(invalid) naming each open question, as resolve reports them).
  // Computed fields are recomputed; values sent for them are ignored. Hidden fields are not required
  // and their values are dropped. Throws Error(not_found) for an unknown code.
  FormCheck check_item_form(std::string_view code, const boost::json::object& fields,
                            const boost::json::object& answers) const;
  FormCheck check_bundle_form(std::string_view code, const boost::json::object& fields,
                              const boost::json::object& answers) const;

  // 免申即办: the items that follow an approved, completed application of `trigger_code` with these
  // answers — each item whose follows lists the code and whose condition holds (an unanswered
  // question makes it not hold). Answers to other questions (a bundle's) are ignored. Empty for an
  // unknown code. Whether the applicant holds the licence is for the caller to check.
  std::vector<FollowUp> follow_ups(std::string_view trigger_code, const boost::json::object& answers) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::catalog
