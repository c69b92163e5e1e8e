// The closed loop of 免申即享 over the store: an officer runs a policy over every registered
// enterprise or resident and gets its list (eligible, blocked by a risk check, undecided, near
// misses); confirming the list grants each eligible entity its benefit — waiting for the
// beneficiary's one-click confirmation and data-sharing consent where the policy's mode is
// `confirm` — and records every decision in the ledger; the officer pays; the beneficiary can object.
// A check-up (政策体检) shows a signed-in enterprise or resident every policy for them, with reasons.
//
// Grants (one per (policy, entity): a run confirmed twice, or a second run, never grants or pays twice):
//
//   awaiting_confirmation ─confirm (signed)→ pending ─approve→ approved ─pay→ paid ─claw back→ clawed_back
//            │                                  │                  │  ↑
//            └──────────── object ──────────────┘           fail→ failed ─retry┘
//                            ↓
//                        objected ─review: dismiss | amend (new amount)→ back where it was; withdraw→ withdrawn
//
// Confirmation, payment and claw-back are ledger entries beside the decision; a beneficiary's
// confirmation is an SM2 signature over the grant's statement with a key they registered.
//
// Thread-safety: shared by all request threads.
#pragma once

#include <boost/json/object.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/db.h"
#include "defs/defs.h"
#include "ledger/service.h"
#include "policy/authoring.h"
#include "policy/engine.h"

namespace haoban::policy {

// Who may be evaluated, and what government knows about them: the app wires it to the identity
// module and the authoritative sources.
class Registry {
 public:
  virtual ~Registry();
  struct Subject {
    std::string id;    // 统一社会信用代码 or 居民身份证号码
    std::string name;  // for the officer's list
  };
  // Every registered enterprise or resident.
  virtual std::vector<Subject> subjects(defs::EntityKind kind) = 0;
  // The subject key of a signed-in enterprise or person (nullopt for staff).
  virtual std::optional<std::pair<defs::EntityKind, std::string>> subject_of(const Principal& who) = 0;
  // The entity's attributes (entities.yaml shape); each source query is logged with `purpose`.
  virtual boost::json::object attributes(defs::EntityKind kind, const std::string& id, const std::string& actor,
                                         const std::string& purpose) = 0;
  // The public key (hex) of `who`'s signing key `key` when `signature` (hex) is its SM2 signature
  // of `message`; throws Error (invalid "bad-signature", not_found, conflict for a revoked key).
  virtual std::string verify_signature(const Principal& who, long long key, std::string_view message,
                                       std::string_view signature) = 0;
  // Tells the entity's own accounts, live, that something about one of its grants changed: an event
  // `type` with the JSON `payload` (the app sends it over the WebSocket). Must not throw.
  virtual void notify(defs::EntityKind kind, const std::string& entity, const std::string& type,
                      const std::string& payload) = 0;
};

struct RunSummary {
  long long id = 0;
  std::string policy, title, version, as_of, status;  // status: pending_review | confirmed
  std::size_t entities = 0, eligible = 0, ineligible = 0, undecided = 0, blocked = 0, not_in_force = 0, errors = 0,
              near_misses = 0;
  std::string amount;  // sum over eligible entities, exact
  std::string created_by, created_at, confirmed_by, confirmed_at, note;
  std::size_t granted = 0;  // grants this run created when confirmed
};

// A decision kept with its run: every outcome but plain ineligible (near misses are kept).
struct ListedDecision {
  std::string entity, name, outcome, amount;
  std::vector<std::string> failed, missing, blocked_by;
  bool near_miss = false;
};

// A policy being written, checked (政策编写): its definition errors, its tests and, when it compiles,
// its change impact over every registered enterprise or resident (see authoring.h).
struct DraftCheck {
  Draft draft;
  std::optional<DraftImpact> impact;
  Date as_of;
  // The population the impact was computed over: when its attributes were gathered from the
  // sources, whether this check reused them (see PolicyService::check_draft), and the time taken.
  std::string gathered_at;
  bool cached = false;
  double gather_seconds = 0, impact_seconds = 0;
};

struct Grant {
  long long id = 0, run = 0;
  std::string policy, title, entity, entity_kind, name, amount, mode, state;
  std::string created_at, confirmed_at, confirmed_by, paid_at, paid_by, objection, note;
  long long ledger_index = -1;     // the decision's entry
  long long payment_index = -1;    // the payment's entry
  std::string approved_at, approved_by;
  std::string payment_ref;         // the treasury's transfer reference
  std::string failure;             // why the last transfer failed
  std::string objected_from;       // the state an objection interrupted
  std::string reply, reviewed_by, reviewed_at;  // the officer's answer to an objection
  std::string clawback_reason, clawed_back_at, clawed_back_by;
  long long clawback_index = -1;   // the claw-back's entry
  std::string signature, signer_key;  // SM2 r||s and the signer's public point, hex
  long long confirmation_index = -1;  // the signed confirmation's entry
};

// What the beneficiary signs to confirm a grant (UTF-8): names the grant, policy, beneficiary,
// amount and the consent, so a signature cannot be moved to another grant or amount.
std::string confirmation_statement(const Grant& g);

enum class Review { dismiss, amend, withdraw };

// Funds per policy, per department and in total; each level is the sum of the one below it.
struct FundTotals {
  std::size_t grants = 0;
  expr::Decimal committed;    // every grant not withdrawn
  expr::Decimal paid;         // transferred (including what was later clawed back)
  expr::Decimal clawed_back;
  expr::Decimal net;          // paid − clawed back
  expr::Decimal outstanding;  // committed but not paid yet (awaiting, pending, approved, failed, objected)
  std::map<std::string, std::size_t> states;  // grants per state
};
struct FundLine {
  std::string policy, title, department, department_name;
  FundTotals totals;
};
struct FundsReport {
  std::vector<FundLine> policies;     // by department, then policy id
  std::vector<FundLine> departments;  // policy and title empty
  FundTotals total;
};

class PolicyService {
 public:
  // `definitions` and `ledger` must outlive the service.
  PolicyService(db::Database& db, const Clock& clock, const defs::Definitions& definitions,
                ledger::LedgerService& ledger, Registry& registry);
  ~PolicyService();

  static std::span<const db::Migration> migrations();
  const Engine& engine() const;

  // Every policy for the signed-in enterprise or person: decisions explained (decision_json),
  // eligible first. Throws Error(forbidden) for staff.
  boost::json::object checkup(const Principal& who, Date as_of);

  // --- officers (policy_admin) ---
  RunSummary run(const Principal& officer, std::string_view policy_id, Date as_of);
  std::vector<RunSummary> runs(const Principal& officer, std::string_view policy_id = {});
  RunSummary run_summary(const Principal& officer, long long run);
  std::vector<ListedDecision> run_decisions(const Principal& officer, long long run);
  // Confirms the list: a grant (and a ledger entry) per eligible entity not granted before.
  RunSummary confirm_run(const Principal& officer, long long run, std::string_view note);
  std::vector<Grant> grants(const Principal& officer, std::string_view policy_id, std::string_view state);
  // Each transition throws Error(conflict, "grant-state") from any other state.
  // pending → approved (审核通过, the payment order).
  Grant approve(const Principal& officer, long long grant);
  // approved → paid with the treasury's reference (a payment ledger entry).
  Grant pay(const Principal& officer, long long grant, std::string_view reference = {});
  // approved → failed with the reason (account closed, name mismatch …).
  Grant fail(const Principal& officer, long long grant, std::string_view reason);
  // failed → approved, to transfer again once the account is corrected.
  Grant retry(const Principal& officer, long long grant);
  // paid → clawed_back with the reason (a claw-back ledger entry).
  Grant claw_back(const Principal& officer, long long grant, std::string_view reason);
  // objected → back where it was (dismiss; amend with `amount`) or withdrawn, with a reply (required).
  Grant review_objection(const Principal& officer, long long grant, Review review, std::string_view reply,
                         std::optional<expr::Decimal> amount = std::nullopt);
  FundsReport funds(const Principal& officer);
  // For the platform's own readers (the cockpit's topic database), without a principal: one grant,
  // nullopt when there is none; the grants a confirmed run created.
  std::optional<Grant> grant(long long id);
  std::vector<long long> grant_ids_of_run(long long run);

  // Checks one policy file's text without saving or publishing anything: definition errors, the
  // policy's tests, and the impact as of `as_of` against the published policy of the same id. The
  // population's attributes are gathered from the sources (each query logged with the purpose
  // 政策编写影响评估) at most once per kPopulationMaxAge per kind and reused meanwhile, so an impact
  // may be up to that old; `refresh` gathers them again. Gathering is serialised: a second check
  // waits for the first's population instead of reading every source twice.
  static constexpr std::chrono::minutes kPopulationMaxAge{10};
  DraftCheck check_draft(const Principal& officer, std::string_view text, Date as_of, bool refresh = false);

  // --- beneficiaries ---
  std::vector<Grant> my_grants(const Principal& who);
  // awaiting_confirmation → pending, with consent to share the data the decision read, signed:
  // `signature` is the SM2 signature (hex) of confirmation_statement(grant) by the beneficiary's
  // registered key `key`. The signature, the key and a ledger entry are kept with the grant.
  Grant confirm_grant(const Principal& who, long long grant, bool consent, long long key, std::string_view signature);
  // awaiting_confirmation or pending → objected, with the reason (required).
  Grant object(const Principal& who, long long grant, std::string_view reason);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::policy
