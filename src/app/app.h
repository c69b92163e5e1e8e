// The composition root: builds every service in dependency order from the config and hands each
// what it needs. Nothing else in the code base reads config or constructs services.
#pragma once

#include <memory>
#include <vector>

#include <mutex>

#include "address/standard.h"
#include "app/config.h"
#include "applications/applications.h"
#include "catalog/catalog.h"
#include "core/calendar.h"
#include "core/clock.h"
#include "core/events.h"
#include "analytics/facts.h"
#include "analytics/service_index.h"
#include "feedback/feedback.h"
#include "feedback/reports.h"
#include "helpdesk/accompaniment.h"
#include "helpdesk/helpdesk.h"
#include "helpdesk/signaling.h"
#include "db/db.h"
#include "http/api/router.h"
#include "identity/identity.h"
#include "identity/signing_keys.h"
#include "prefill/prefill.h"
#include "ledger/service.h"
#include "materials/materials.h"
#include "sources/sources.h"

namespace haoban::search {
class Segmenter;
class Analyzer;
}  // namespace haoban::search
namespace haoban::knowledge {
class KnowledgeBase;
}
namespace haoban::assistant {
class Assistant;
}
namespace haoban::policy {
class PolicyService;
class Corrections;
}

namespace haoban::app {

class PremisesRights;
class PolicyRegistry;

// Every module's migrations, in dependency order.
std::vector<db::Migration> all_migrations();

class App {
 public:
  // Opens the store (creating data_dir for SQLite), applies migrations, loads the calendar and the
  // definitions (resources/definitions; Error(invalid) when `haoban defs check` would fail) and
  // records their versions in the store.
  App(Config config, const Clock& clock);
  ~App();

  const Config& config() const { return config_; }
  db::Database& db() { return *db_; }
  identity::IdentityService& identity() { return *identity_; }
  const catalog::Catalog& catalog() const { return *catalog_; }
  applications::ApplicationService& applications() { return *applications_; }
  const applications::CatalogPort& application_catalog() const { return *catalog_port_; }
  const WorkingCalendar& calendar() const { return calendar_; }
  EventBus& events() { return events_; }
  ledger::LedgerService& ledger() { return *ledger_; }
  materials::MaterialService& materials() { return *materials_; }
  sources::SourceService& sources() { return *sources_; }
  const prefill::PrefillService& prefill() const { return *prefill_; }
  // 无忧快注: the gazetteer, the labeller and the standard address database, loaded on first use
  // (under a second) so that commands that never touch addresses do not pay for them.
  address::AddressBook& addresses();
  const address::AddressResources& address_resources();
  // The knowledge base with its search index, and 小宝: opened on first use (the dictionary loads
  // in a fraction of a second; the index catches up with the store; a missing intent model is
  // trained, a few seconds).
  knowledge::KnowledgeBase& knowledge();
  assistant::Assistant& assistant();
  // 免申即享: the policy engine (every policy compiled at start) and its runs, lists and grants.
  policy::PolicyService& policies() { return *policies_; }
  PolicyRegistry& policy_registry() { return *policy_registry_; }
  helpdesk::HelpdeskService& helpdesk() { return *helpdesk_; }
  // 好差评: ratings of applications, counter visits and help conversations; rectification tasks.
  feedback::FeedbackService& feedback() { return *feedback_; }
  // 办不成事: reports, their closed loop and problem-class plans.
  feedback::Reports& cant_do() { return *cant_do_; }
  // 驾驶舱: the topic database. sync_cockpit() brings it up to the audit log and, when something
  // changed, tells analysts and admin (event cockpit.updated) so open cockpits refresh.
  analytics::TopicDb& topic() { return *topic_; }
  analytics::SyncReport sync_cockpit();
  // 政务服务指数: its dimensions and weights (data/definitions/service-index.yaml).
  const analytics::IndexDefinition& service_index() const { return service_index_; }
  // The service event a rating is about, for its rater (feedback::EventLookup).
  std::optional<feedback::ServiceEvent> service_event(std::string_view kind, long long id, const Principal& who);
  // 运营分析报告 for a month ("2026-10") as PDF bytes: the facts brought up to date first.
  std::string report_pdf(const std::string& period);
  // A help conversation's context from what the applicant names (helpdesk::ContextResolver).
  helpdesk::Context help_context(const Principal& who, std::string_view item, long long application,
                                 std::string_view assistant_conversation);
  identity::SigningKeys& signing_keys() { return *signing_keys_; }

  // A frame a WebSocket client sent ({"type":…, "data":{…}}: the 远程虚拟窗口's signalling, typing):
  // what to send to which connection. A bad frame gets an error frame back, never an exception.
  std::vector<helpdesk::Outbound> socket_message(std::uint64_t connection, const Principal& who,
                                                 std::string_view text);
  std::vector<helpdesk::Outbound> socket_closed(std::uint64_t connection);

  // Registers every module's routes.
  void add_routes(http::Router& router);

 private:
  Config config_;
  const Clock& clock_;
  std::unique_ptr<db::Database> db_;
  WorkingCalendar calendar_;
  EventBus events_;
  std::unique_ptr<ledger::LedgerService> ledger_;
  std::unique_ptr<identity::IdentityService> identity_;
  std::unique_ptr<identity::SigningKeys> signing_keys_;
  std::unique_ptr<catalog::Catalog> catalog_;
  std::unique_ptr<materials::MaterialService> materials_;
  std::unique_ptr<sources::SourceService> sources_;
  std::unique_ptr<prefill::SourcePort> prefill_sources_;
  std::unique_ptr<prefill::PrefillService> prefill_;
  std::unique_ptr<applications::PrefillPort> prefill_port_;
  std::unique_ptr<applications::MaterialsPort> materials_port_;
  std::unique_ptr<applications::CatalogPort> catalog_port_;
  std::unique_ptr<applications::FollowUpPort> follow_up_port_;
  std::unique_ptr<applications::ApplicationService> applications_;
  std::once_flag address_once_;
  std::unique_ptr<address::AddressResources> address_;
  std::unique_ptr<address::AddressBook> addresses_;
  std::unique_ptr<PremisesRights> premises_;
  std::once_flag knowledge_once_, assistant_once_;
  std::shared_ptr<search::Segmenter> segmenter_;
  std::shared_ptr<search::Analyzer> analyzer_;
  std::unique_ptr<knowledge::KnowledgeBase> knowledge_;
  std::unique_ptr<assistant::Assistant> assistant_;
  std::unique_ptr<PolicyRegistry> policy_registry_;
  std::unique_ptr<policy::PolicyService> policies_;
  std::unique_ptr<policy::Corrections> corrections_;
  std::unique_ptr<helpdesk::HelpdeskService> helpdesk_;
  std::unique_ptr<helpdesk::Signaling> signaling_;
  std::unique_ptr<helpdesk::Accompaniments> accompaniments_;
  std::unique_ptr<feedback::FeedbackService> feedback_;
  std::unique_ptr<feedback::Reports> cant_do_;
  std::unique_ptr<analytics::TopicDb> topic_;
  analytics::IndexDefinition service_index_;

};

}  // namespace haoban::app
