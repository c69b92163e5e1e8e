// Applications (办件): drafts that save as they are typed, submission, the department's review
// (accept, return for correction, approve, deny, complete), promised deadlines in working days,
// bundle (一件事) fan-out into one sub-application per member item, and a status event for every
// change. Metrics inputs (channel, time to fill, first-time success, on time) are recorded here.
//
// Thread-safety: ApplicationService may be called from any request thread.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "applications/deadline.h"
#include "applications/lifecycle.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/db.h"

namespace haoban::applications {

// What applications need to know of the catalog. The catalog module implements it; the service
// never reads catalog tables.
struct ItemTerms {
  std::string code;
  std::string name;
  std::string version;  // content hash of the definition filed under
  std::string department_id;
  int promised_days = 0;  // 承诺时限, working days
};

struct BundlePlan {
  std::string code;
  std::string name;
  std::string version;
  std::vector<ItemTerms> items;  // the member items that apply to the answers
};

class CatalogPort {
 public:
  virtual ~CatalogPort() = default;
  virtual std::optional<ItemTerms> item(std::string_view code) const = 0;
  virtual bool has_bundle(std::string_view code) const = 0;
  // The member items that apply to `answers`. Throws Error(invalid) naming the question when the
  // answers are incomplete or of the wrong type.
  virtual BundlePlan plan_bundle(std::string_view code, const boost::json::object& answers) const = 0;
  struct FormResult {
    std::vector<FieldError> errors;  // empty when the form may be submitted
    boost::json::object values;      // what is kept: visible fields, computed fields recomputed
  };
  // Checks a submission against the item's form, or the bundle's merged form for `answers`.
  virtual FormResult check_form(std::string_view code, bool is_bundle, const boost::json::object& fields,
                                const boost::json::object& answers) const = 0;
  // 免申即办: the items whose application follows the approved completion of an application of
  // `code` with these answers (their condition holds), each with the e-licence the applicant must
  // hold for it. Never throws for answers it cannot decide: those items are left out.
  struct FollowUp {
    ItemTerms item;
    std::string licence;  // 食品经营许可证
    std::string reason;   // 营业执照变更
    boost::json::object answers;  // the trigger's answers to questions the item asks too
  };
  virtual std::vector<FollowUp> follow_ups(std::string_view code, const boost::json::object& answers) const {
    (void)code, (void)answers;
    return {};
  }
};

// What applications need of prefill (数源), answered through app by the prefill module.
struct PrefillSnapshot {
  boost::json::object stored;  // the prefill result as JSON (fields with provenance, ratio, notes)
  boost::json::object values;  // key → prefilled value
  int shown = 0, prefilled = 0;
};
class PrefillPort {
 public:
  virtual ~PrefillPort() = default;
  // The prefill of `item_code`'s form for `applicant` (application `application_id`, for the
  // sources' access log); nullopt when the applicant has no key the sources know. Never throws for
  // a source that is down: that becomes a note in the result.
  virtual std::optional<PrefillSnapshot> prefill(const Principal& applicant, std::string_view item_code,
                                                 long long application_id) const = 0;
};

// What applications need of the e-material library (两个免于提交), answered through app.
class MaterialsPort {
 public:
  virtual ~MaterialsPort() = default;
  // The item's materials for these answers, each exempt (an e-licence, or a still-valid material
  // in the applicant's library, with why) or to be submitted: [{id, name, category, exempt, kind,
  // reason, not_counted, material_id, valid_until}].
  // `fields` are the form's values so far: a premises address there may exempt the proof of
  // premises (无忧快注). `application` (0 before the draft exists) names it in the sources' log.
  virtual boost::json::array check(const Principal& applicant, std::string_view item_code,
                                   const boost::json::object& answers, const boost::json::object& fields,
                                   long long application = 0) const = 0;
  // The same, recording the exempt ones as used by application `id` (ledger material.reuse).
  // Called before a submission is committed; recording twice is harmless.
  virtual boost::json::array attach(const Principal& applicant, std::string_view item_code,
                                    const boost::json::object& answers, const boost::json::object& fields,
                                    long long id, std::string_view department) const = 0;
  // Whether form field `key` of the item can change the list (the premises address can).
  virtual bool depends_on(std::string_view item_code, std::string_view key) const = 0;
};

// What 免申即办 needs to file a follow-up draft as the applicant, answered through app by identity
// and the e-licence library (电子证照库).
class FollowUpPort {
 public:
  virtual ~FollowUpPort() = default;
  // The account `account_id` as the principal its drafts are filed by; nullopt when it is gone.
  virtual std::optional<Principal> applicant(long long account_id) const = 0;
  // Whether the applicant holds a still-valid e-licence named `licence`; nullopt when the library
  // cannot be read now (the follow-up is tried again later).
  virtual std::optional<bool> holds_licence(const Principal& applicant, std::string_view licence) const = 0;
};

// 免申即办: why the platform filed a draft. Stored with the application; shown to the applicant.
struct FollowUpOrigin {
  long long application = 0;  // the completed application that triggered it
  std::string trigger_code, trigger_name;
  std::string licence;  // 食品经营许可证
  std::string reason;   // 营业执照变更
  std::string notice;   // 因营业执照变更，系统已为您生成食品经营许可变更申请，请确认后提交
};

enum class Channel { online, counter };

struct HistoryEntry {
  std::string at;     // ISO 8601 UTC
  std::string actor;  // username
  std::string action;
  std::string from, to;  // statuses
  std::string reason;
};

struct Application {
  long long id = 0;
  std::optional<long long> parent_id;  // the bundle application this one belongs to
  bool is_bundle = false;
  std::string code;  // item code, or bundle code when is_bundle
  std::string name;
  std::string version;
  long long applicant_id = 0;
  std::string applicant_name;
  std::string enterprise_code;  // when filed by or for an enterprise
  std::string department_id;    // handling department; empty for a bundle
  Status status = Status::draft;
  std::optional<Status> returned_from;
  Channel channel = Channel::online;
  boost::json::object fields;
  boost::json::object answers;
  int promised_days = 0;
  int corrections = 0;  // times returned for correction
  std::string created_at, opened_at, submitted_at, decided_at, completed_at;  // ISO 8601 UTC, "" when not yet
  std::optional<Date> accepted_on, due_on, returned_on;
  std::optional<bool> on_time;  // set at the decision
  std::vector<long long> children;
  std::vector<HistoryEntry> history;

  std::optional<Status> decision;  // approved or denied; kept after completion

  boost::json::object prefill;  // what was prefilled, with provenance and locks (empty: none)
  int prefill_shown = 0;        // data fields the form showed when prefilled
  int prefill_count = 0;        // of those, prefilled
  std::optional<long long> copied_from;  // 再来一单: the application this one was made from
  boost::json::array materials;          // required materials and which are exempt (免于提交), see MaterialsPort
  std::optional<FollowUpOrigin> origin;  // 免申即办: filed by the platform, not by the applicant

  // 一次办成: approved without ever being returned for correction.
  bool first_time_success() const { return decision == Status::approved && corrections == 0; }
};

struct CreateRequest {
  std::string item;    // one of item / bundle
  std::string bundle;
  boost::json::object answers;
  boost::json::object fields;
  Channel channel = Channel::online;
  std::string opened_at;  // when the applicant opened the form (ISO 8601), for time-to-fill; default now
  std::optional<long long> copied_from;  // 再来一单 (set by again())
  std::optional<FollowUpOrigin> origin;  // 免申即办 (set by process_follow_ups())
};

// What one process_follow_ups() pass did.
struct FollowUpRun {
  int created = 0;    // drafts filed (or found already filed)
  int not_held = 0;   // the applicant does not hold the licence: nothing to change
  int deferred = 0;   // could not be decided now (library unavailable, a failure): tried again later
  int failed = 0;     // given up after repeated failures (logged and audited)
};

struct ListFilter {
  bool mine = false;               // the caller's own applications
  std::string department;          // staff: defaults to their own department
  std::optional<Status> status;
  bool overdue = false;
  bool due_soon = false;
  long long cursor = 0;  // id to continue after
  int limit = 50;
};

struct Page {
  std::vector<Application> items;
  std::optional<long long> next_cursor;
};

// 再来一单: the new draft and how the authoritative values changed since the old application.
struct Again {
  Application application;
  boost::json::array changes;  // [{key, label, before, after, source}]
};

class ApplicationService {
 public:
  // `prefill` may be null (no sources configured; tests).
  // `follow_ups` may be null: completions then queue follow-ups that nothing files.
  ApplicationService(db::Database& db, const Clock& clock, const WorkingCalendar& calendar, const CatalogPort& catalog,
                     EventBus& events, const PrefillPort* prefill = nullptr, const MaterialsPort* materials = nullptr,
                     const FollowUpPort* follow_ups = nullptr);
  ~ApplicationService();

  static std::span<const db::Migration> migrations();

  // A new draft. Throws not_found for an unknown item or bundle, forbidden for staff.
  Application create(const Principal& who, const CreateRequest& req);
  // Merges `fields` into a draft (or an application returned for correction). Values are stored as
  // given; validation runs at submit. Throws conflict in any other state.
  Application update_fields(const Principal& who, long long id, const boost::json::object& fields);
  // Validates and submits a draft; a bundle fans out into one sub-application per applicable item.
  // Throws invalid with field errors (nothing changes) or conflict when already submitted.
  Application submit(const Principal& who, long long id);
  // 再来一单: a new draft of the same item from one of the applicant's past applications — answers
  // and the applicant's own entries copied, authoritative values fetched afresh.
  Again again(const Principal& who, long long id);
  // Checks the materials again (after the applicant uploaded what was missing): drafts and returned
  // applications of single items, by their applicant.
  Application refresh_materials(const Principal& who, long long id);
  // Any other action (accept, return, resubmit, approve, deny, complete, withdraw). Completing an
  // approved application also queues, in the same transaction, its follow-up items (免申即办,
  // CatalogPort::follow_ups) for process_follow_ups(); withdrawing a follow-up draft (不需要办理)
  // needs a reason.
  Application act(const Principal& who, long long id, Action action, const std::string& reason);

  // 免申即办: files the queued follow-ups (all, or those of one completed application): for each whose
  // applicant holds the licence, a draft of the item through create() (prefill, exempt materials),
  // marked with its origin, recorded in its history and the audit log, and announced to the
  // applicant (event application.follow_up). At most one draft per (completed application, item),
  // however often or concurrently this runs (a unique index on the origin). A follow-up that cannot
  // be decided now stays queued; after 5 failed attempts it is marked failed. Never throws for one
  // follow-up's failure. Call it after the completing transaction, never inside one.
  FollowUpRun process_follow_ups(std::optional<long long> trigger = std::nullopt);

  // The application as `who` may see it. Throws not_found when it does not exist or is not theirs
  // to see (a 404 rather than a 403, so ids cannot be probed).
  Application get(const Principal& who, long long id);
  Page list(const Principal& who, const ListFilter& filter);

  // The actions `who` may take on `a` now (for the UI's buttons; act() checks again).
  std::vector<Action> allowed_actions(const Principal& who, const Application& a) const;

  // Urgency today (none for applications whose clock is not running).
  Urgency urgency_of(const Application& a) const;
  int days_left(const Application& a) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string_view to_string(Channel c);
// {kind: "follow-up", application, trigger_code, trigger_name, licence, reason, notice}
boost::json::object to_json(const FollowUpOrigin& o);

}  // namespace haoban::applications
