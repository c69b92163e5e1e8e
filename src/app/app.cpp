#include "app/app.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <set>

#include <spdlog/spdlog.h>

#include "address/routes.h"
#include "assistant/assistant.h"
#include "assistant/routes.h"
#include "knowledge/knowledge.h"
#include "knowledge/routes.h"
#include "app/policy_registry.h"
#include "analytics/report.h"
#include "analytics/routes.h"
#include "app/facts.h"
#include "feedback/routes.h"
#include "helpdesk/routes.h"
#include "policy/routes.h"
#include "policy/service.h"
#include "search/analyzer.h"
#include "search/segmenter.h"
#include "app/premises.h"
#include "applications/routes.h"
#include "catalog/routes.h"
#include "http/client.h"
#include "identity/routes.h"
#include "ledger/routes.h"
#include "app/llm.h"
#include "app/ports.h"
#include "materials/routes.h"
#include "prefill/routes.h"
#include "sources/routes.h"

namespace haoban::app {

namespace {

// What applications need of the catalog, answered by the catalog.
class CatalogAdapter final : public applications::CatalogPort {
 public:
  explicit CatalogAdapter(const catalog::Catalog& c) : c_(c) {}

  std::optional<applications::ItemTerms> item(std::string_view code) const override {
    const defs::Item* i = c_.item(code);
    if (!i) return std::nullopt;
    return terms(*i);
  }
  bool has_bundle(std::string_view code) const override { return c_.bundle(code) != nullptr; }
  applications::BundlePlan plan_bundle(std::string_view code, const boost::json::object& answers) const override {
    const defs::Bundle* b = c_.bundle(code);
    if (!b) throw not_found("bundle " + std::string(code));
    applications::BundlePlan plan{b->code, b->name, b->version, {}};
    for (const auto& d : c_.decide_bundle(code, answers).items) plan.items.push_back(terms(*d.item));
    return plan;
  }
  FormResult check_form(std::string_view code, bool is_bundle, const boost::json::object& fields,
                        const boost::json::object& answers) const override {
    auto check = is_bundle ? c_.check_bundle_form(code, fields, answers) : c_.check_item_form(code, fields, answers);
    return {std::move(check.errors), std::move(check.values)};
  }
  std::vector<FollowUp> follow_ups(std::string_view code, const boost::json::object& answers) const override {
    std::vector<FollowUp> out;
    for (const auto& f : c_.follow_ups(code, answers)) out.push_back({terms(*f.item), f.licence, f.reason, f.answers});
    return out;
  }

 private:
  static applications::ItemTerms terms(const defs::Item& i) {
    return {i.code, i.name, i.version, i.department.id, i.promised_days};
  }
  const catalog::Catalog& c_;
};

ledger::ServiceOptions ledger_options(const Config& c) {
  ledger::ServiceOptions o;
  o.dir = c.data_dir / "ledger";
  o.origin = c.ledger_origin;
  auto hash = ledger::parse_hash_alg(c.ledger_hash);
  if (!hash) throw invalid("bad-config", "配置项取值无效", "ledger.hash must be sm3 or sha256, not " + c.ledger_hash);
  o.hash = *hash;
  o.key_file = c.ledger_key_file.empty() ? c.data_dir / "keys" / "ledger-sm2.key" : c.ledger_key_file;
  o.ed25519_key_file = c.ledger_ed25519_key_file;
  o.generate_missing_keys = c.ledger_generate_keys;
  o.witness_url = c.ledger_witness_url;
  o.witness_key = c.ledger_witness_key;
  return o;
}

// [sources] endpoints = "enterprise_registry=http://…,credit=http://…": sources served over HTTP.
std::vector<std::pair<std::string, std::string>> source_endpoints(const Config& c, const defs::Definitions& d) {
  if (c.sources_timeout_seconds < 1)
    throw invalid("bad-config", "配置项取值无效", "sources.timeout_seconds must be at least 1");
  std::vector<std::pair<std::string, std::string>> out;
  std::string_view rest = c.sources_endpoints;
  while (!rest.empty()) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.empty()) continue;
    auto eq = item.find('=');
    std::string id(item.substr(0, eq));
    std::string url(eq == std::string_view::npos ? "" : item.substr(eq + 1));
    if (!d.source(id) || !url.starts_with("http://"))
      throw invalid("bad-config", "配置项取值无效",
                    "sources.endpoints: '" + std::string(item) + "' must be SOURCE=http://… with a defined source id");
    out.emplace_back(std::move(id), std::move(url));
  }
  return out;
}

materials::Options materials_options(const Config& c) {
  if (c.materials_max_bytes < 1 || c.materials_max_bytes > c.body_limit_bytes)
    throw invalid("bad-config", "配置项取值无效",
                  "materials.max_bytes must be between 1 and server.body_limit_bytes (" +
                      std::to_string(c.body_limit_bytes) + ")");
  materials::Options o;
  o.dir = c.data_dir / "materials";
  o.key_file = c.materials_key_file.empty() ? c.data_dir / "keys" / "materials.key" : c.materials_key_file;
  o.generate_missing_key = c.materials_generate_key;
  o.max_bytes = c.materials_max_bytes;
  return o;
}

}  // namespace

std::vector<db::Migration> all_migrations() {
  std::vector<db::Migration> all;
  for (auto span : {db::db_migrations(), ledger::LedgerService::migrations(), identity::IdentityService::migrations(), identity::SigningKeys::migrations(), sources::SourceService::migrations(), catalog::Catalog::migrations(),
                    applications::ApplicationService::migrations(), materials::MaterialService::migrations(),
                    address::AddressBook::migrations(), knowledge::KnowledgeBase::migrations(),
                    assistant::Assistant::migrations(), policy::PolicyService::migrations(), policy::Corrections::migrations(), helpdesk::HelpdeskService::migrations(), helpdesk::Accompaniments::migrations(), feedback::FeedbackService::migrations(), feedback::Reports::migrations(), analytics::TopicDb::migrations()})
    all.insert(all.end(), span.begin(), span.end());
  return all;
}

App::App(Config config, const Clock& clock) : config_(std::move(config)), clock_(clock) {
  std::string url = config_.store_url();
  if (db::StoreUrl::parse(url).dialect == db::Dialect::sqlite) std::filesystem::create_directories(config_.data_dir);
  db_ = db::Database::open(url, clock_, std::max(2, config_.worker_threads));
  db_->migrate(all_migrations());
  calendar_ = WorkingCalendar::load_dir(config_.resources / "calendar");
  ledger_ = std::make_unique<ledger::LedgerService>(*db_, clock_, ledger_options(config_), [](const std::string& url,
                                                                                                const std::string& body) {
    auto r = http::post(url, body, "text/plain; charset=utf-8");
    return std::pair{r.status, r.body};
  });
  identity::Options idopts;
  idopts.session_lifetime = std::chrono::minutes(config_.session_lifetime_minutes);
  idopts.idle_timeout = std::chrono::minutes(config_.session_idle_minutes);
  identity_ = std::make_unique<identity::IdentityService>(*db_, clock_, idopts);
  signing_keys_ = std::make_unique<identity::SigningKeys>(*db_, clock_);
  catalog_ = std::make_unique<catalog::Catalog>(*db_, defs::load_dir_or_throw(config_.resources / "definitions"), clock_,
                                                calendar_);
  catalog_->publish(kSystemActor);
  materials_ = std::make_unique<materials::MaterialService>(*db_, clock_, catalog_->definitions(), *ledger_,
                                                            materials_options(config_));
  sources_ = std::make_unique<sources::SourceService>(*db_, clock_, catalog_->definitions());
  for (const auto& [id, url] : source_endpoints(config_, catalog_->definitions()))
    sources_->set_adapter(id, std::make_unique<sources::HttpAdapter>(
                                  url, [timeout = std::chrono::seconds(config_.sources_timeout_seconds)](
                                           const std::string& u, const std::string& body) {
                                    auto r = http::post(u, body, "application/json", timeout);
                                    return std::pair{r.status, r.body};
                                  }));
  prefill_sources_ = std::make_unique<SourcesForPrefill>(*sources_);
  prefill_ = std::make_unique<prefill::PrefillService>(catalog_->definitions(), *prefill_sources_);
  prefill_port_ = std::make_unique<PrefillForApplications>(*prefill_, *identity_);
  materials_->set_issued_licences(licences_from_sources(*sources_, *identity_));
  premises_ = std::make_unique<PremisesRights>([this]() -> address::AddressBook& { return addresses(); }, *sources_,
                                               *identity_, clock_);
  materials_port_ = std::make_unique<MaterialsForApplications>(*catalog_, *materials_, premises_.get());
  catalog_port_ = std::make_unique<CatalogAdapter>(*catalog_);
  follow_up_port_ = std::make_unique<FollowUpsForApplications>(*identity_, licences_from_sources(*sources_, *identity_),
                                                               clock_);
  applications_ = std::make_unique<applications::ApplicationService>(*db_, clock_, calendar_, *catalog_port_, events_,
                                                                     prefill_port_.get(), materials_port_.get(),
                                                                     follow_up_port_.get());
  policy_registry_ = std::make_unique<PolicyRegistry>(*identity_, *signing_keys_, *sources_, events_);
  policies_ = std::make_unique<policy::PolicyService>(*db_, clock_, catalog_->definitions(), *ledger_, *policy_registry_);
  corrections_ = std::make_unique<policy::Corrections>(*db_, clock_, catalog_->definitions(), *policy_registry_);
  helpdesk::Options help_options;
  help_options.files_dir = config_.data_dir / "helpdesk";
  help_options.on_rated = [this](const Principal& applicant, long long conversation, int stars) {
    feedback_->record_help_rating(applicant, conversation, stars);
  };
  helpdesk_ = std::make_unique<helpdesk::HelpdeskService>(*db_, clock_, calendar_, events_, help_options);
  accompaniments_ = std::make_unique<helpdesk::Accompaniments>(*db_, clock_);
  feedback_ = std::make_unique<feedback::FeedbackService>(
      *db_, clock_, calendar_, events_,
      [this](std::string_view kind, long long id, const Principal& who) { return service_event(kind, id, who); });
  cant_do_ = std::make_unique<feedback::Reports>(
      *db_, clock_, calendar_, events_,
      [this](const std::string& code) -> std::optional<std::pair<std::string, std::string>> {
        const defs::Item* it = catalog_->item(code);
        if (!it) return std::nullopt;
        return std::pair{it->department.id, it->name};
      });
  topic_ = std::make_unique<analytics::TopicDb>(*db_, clock_, make_fact_source(*this));
  {
    auto loaded = analytics::load_index(config_.resources / "definitions" / "service-index.yaml");
    if (!loaded.problems.empty())
      throw invalid("definitions-invalid", "政务服务指数定义有误", loaded.problems.front());
    service_index_ = std::move(loaded.definition);
  }
  signaling_ = std::make_unique<helpdesk::Signaling>(*helpdesk_, events_, clock_);
}

App::~App() = default;

const address::AddressResources& App::address_resources() {
  std::call_once(address_once_, [this] {
    address_ = std::make_unique<address::AddressResources>(address::load_resources(config_.resources, config_.address_model));
    if (!address_->labeller)
      spdlog::warn("address parsing uses the shipped rules only: {}", address_->model_problem);
    addresses_ = std::make_unique<address::AddressBook>(*db_, *address_->parser);
    addresses_->reload();
  });
  return *address_;
}

address::AddressBook& App::addresses() {
  address_resources();
  return *addresses_;
}

knowledge::KnowledgeBase& App::knowledge() {
  std::call_once(knowledge_once_, [this] {
    segmenter_ = std::make_shared<search::Segmenter>(search::Segmenter::load(config_.dictionary));
    // The domain's own words, so that 食品经营许可证 or 社区事务受理服务中心 stay whole: item names and
    // aliases, material and category names, department names.
    const auto& defs = catalog_->definitions();
    std::size_t words = 0;
    auto add = [&](const std::string& w) {
      segmenter_->add_word(w);
      ++words;
    };
    for (const auto& item : defs.items) {
      add(item.name);
      for (const auto& a : item.aliases) add(a);
      for (const auto& m : item.materials) add(m.name);
    }
    for (const auto& d : defs.departments) add(d.name);
    for (const auto& c : defs.categories) add(c.name);
    auto synonyms = search::Synonyms::load(config_.resources / "search" / "synonyms.yaml");
    // An item's alias means the item (办残疾证 → 残疾人证办理).
    for (const auto& item : defs.items)
      for (const auto& a : item.aliases) synonyms.add(a, {item.name});
    analyzer_ = std::make_shared<search::Analyzer>(*segmenter_, std::move(synonyms));
    auto dir = config_.knowledge_index.empty() ? config_.data_dir / "index" / "kb" : config_.knowledge_index;
    std::map<std::string, std::vector<std::string>> item_names;
    for (const auto& item : defs.items) {
      auto& names = item_names[item.code];
      names.push_back(item.name);
      names.insert(names.end(), item.aliases.begin(), item.aliases.end());
    }
    knowledge_ = std::make_unique<knowledge::KnowledgeBase>(*db_, calendar_, dir, analyzer_, std::move(item_names),
                                                            config_.data_dir / "models" / "words.bin");
    spdlog::info("knowledge: dictionary {} words ({} from the definitions), index {}", segmenter_->size(), words, dir.string());
  });
  return *knowledge_;
}

assistant::Assistant& App::assistant() {
  auto& kb = knowledge();
  std::call_once(assistant_once_, [this, &kb] {
    auto model = config_.intent_model.empty() ? config_.data_dir / "models" / "intent.bin" : config_.intent_model;
    assistant::Rewriter rewriter;
    if (!config_.llm_url.empty()) {
      rewriter = [url = config_.llm_url, model_name = config_.llm_model,
                  timeout = std::chrono::seconds(config_.llm_timeout_seconds)](const std::string& system,
                                                                              const std::string& user) -> std::optional<std::string> {
        return chat_completion(url, model_name, system, user, timeout);
      };
    }
    assistant_ = std::make_unique<assistant::Assistant>(*db_, *catalog_, kb, segmenter_, model, std::move(rewriter));
  });
  return *assistant_;
}

void App::add_routes(http::Router& router) {
  identity::add_routes(router, *identity_, {.secure_cookie = config_.secure_cookie});
  identity::add_signing_key_routes(router, *signing_keys_);
  catalog::add_routes(router, *catalog_);
  applications::add_routes(router, *applications_);
  ledger::add_routes(router, *ledger_);
  materials::add_routes(router, *materials_);
  knowledge::add_routes(router, [this]() -> knowledge::KnowledgeBase& { return knowledge(); });
  assistant::add_routes(router, [this]() -> assistant::Assistant& { return assistant(); });
  policy::add_routes(router, *policies_, clock_);
  policy::add_correction_routes(router, *corrections_);
  helpdesk::add_routes(
      router,
      {*helpdesk_, *accompaniments_,
       [this](const Principal& who, std::string_view item, long long application,
              std::string_view assistant_conversation) {
         return help_context(who, item, application, assistant_conversation);
       },
       [this](const Principal& helper, const std::string& question, const std::string& answer,
              const std::string& department, const std::vector<std::string>& items) {
         return knowledge().propose_answer(helper, question, answer, department, items).id;
       }},
      *db_, clock_);
  feedback::add_routes(router, *feedback_, [this](const std::string& code) -> std::optional<std::string> {
    const defs::Item* it = catalog_->item(code);
    if (!it) return std::nullopt;
    return it->name;
  });
  feedback::add_report_routes(router, *cant_do_);
  analytics::add_routes(router, *db_, *topic_, service_index_, clock_,
                        [this](const std::string& period) { return report_pdf(period); },
                        {[this](const std::string& id) {
                           for (const auto& d : identity_->departments())
                             if (d.id == id) return d.name;
                           return id;
                         },
                         [this](const std::string& code) {
                           if (const defs::Item* it = catalog_->item(code)) return it->name;
                           if (const defs::Policy* p = catalog_->definitions().policy(code)) return p->title;
                           return code;
                         }});
  feedback::add_open311_routes(router, *cant_do_,
                               {"310113.sh.gov.cn", [this](const std::string& id) {
                                  for (const auto& d : catalog_->definitions().departments)
                                    if (d.id == id) return d.name;
                                  return id;
                                }});
  address::add_routes(
      router, [this]() -> address::AddressBook& { return addresses(); },
      [this](const Principal& who, std::string_view text) {
        auto c = premises_->check(who, text);
        return boost::json::object{{"standard", c.standard},
                                   {"exempt", c.exempt},
                                   {"address_id", c.address_id.empty() ? boost::json::value(nullptr) : boost::json::value(c.address_id)},
                                   {"address_text", c.address_text},
                                   {"reason", c.reason}};
      });
  sources::add_routes(router, *sources_, *identity_,
                      [this](const Principal& staff, std::string_view application, std::string_view subject) {
                        auto refuse = [](std::string field, std::string message) {
                          return field_invalid(std::move(field), std::move(message));
                        };
                        long long id = 0;
                        auto [end, ec] = std::from_chars(application.data(), application.data() + application.size(), id);
                        if (ec != std::errc() || end != application.data() + application.size())
                          throw refuse("application", "办件编号应为数字");
                        applications::Application a;
                        try {
                          a = applications_->get(staff, id);  // not_found unless the department handles it
                        } catch (const Error& e) {
                          if (e.kind() != ErrorKind::not_found) throw;
                          throw refuse("application", "办件不存在或不由本部门办理");
                        }
                        // The applicant, or for an enterprise also its legal representative and agents.
                        std::set<std::string> concerned;
                        if (!a.enterprise_code.empty()) {
                          concerned.insert(a.enterprise_code);
                          if (auto e = identity_->enterprise(a.enterprise_code))
                            for (const auto& m : e->members) concerned.insert(m.id_number);
                        } else {
                          Principal applicant;
                          applicant.account_id = a.applicant_id;
                          applicant.kind = AccountKind::person;
                          if (auto key = identity_->subject_key(applicant)) concerned.insert(*key);
                        }
                        if (!concerned.count(std::string(subject)))
                          throw refuse("subject", "与该办件的申请人（或其法定代表人、经办人）不一致");
                      });
  prefill::add_routes(router, *prefill_, [this](const Principal& p) { return identity_->subject_key(p); });
}

std::vector<helpdesk::Outbound> App::socket_message(std::uint64_t connection, const Principal& who,
                                                    std::string_view text) {
  std::string type;
  try {
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec || !v.is_object()) throw invalid("bad-frame", "消息格式有误", "a frame is a JSON object {type, data}");
    const auto& o = v.as_object();
    auto t = o.if_contains("type");
    auto d = o.if_contains("data");
    if (!t || !t->is_string()) throw invalid("bad-frame", "消息格式有误", "type must be a string");
    type = t->as_string();
    if (d && !d->is_object()) throw invalid("bad-frame", "消息格式有误", "data must be an object");
    if (!helpdesk::Signaling::handles(type)) throw invalid("unknown-type", "不支持的消息类型", type);
    static const boost::json::object kEmpty;
    return signaling_->handle(connection, who, type, d ? d->as_object() : kEmpty);
  } catch (const Error& e) {
    return {{connection, helpdesk::socket_error(e.type(), e.title(), e.detail(), type)}};
  }
}

std::vector<helpdesk::Outbound> App::socket_closed(std::uint64_t connection) { return signaling_->closed(connection); }

analytics::SyncReport App::sync_cockpit() {
  auto rep = topic_->sync();
  if (rep.changed()) {
    Event e;
    e.type = "cockpit.updated";
    e.payload_json = boost::json::serialize(boost::json::object{{"applications", rep.applications},
                                                                {"conversations", rep.conversations},
                                                                {"ratings", rep.ratings},
                                                                {"reports", rep.reports}});
    e.audience.roles = {Role::analyst, Role::admin};
    events_.publish(e);
  }
  return rep;
}

std::string App::report_pdf(const std::string& period) {
  topic_->sync(5000, std::chrono::seconds(0));
  auto data = analytics::gather_report(*db_, service_index_, period);
  data.district = "宝山区";
  {
    auto now = clock_.now() + std::chrono::hours(8);  // China time, as the report's readers read it
    auto day = std::chrono::floor<std::chrono::days>(now);
    std::chrono::hh_mm_ss hms(std::chrono::duration_cast<std::chrono::seconds>(now - day));
    data.generated_at = fmt::format("{} {:02}:{:02}", format_date(std::chrono::year_month_day(day)), hms.hours().count(),
                                    hms.minutes().count());
  }
  for (const auto& d : identity_->departments()) data.department_names[d.id] = d.name;
  for (auto& [code, n] : data.problems) {
    std::string name = code.empty() ? "待分类" : code;
    for (const auto& c : feedback::report_categories())
      if (c.code == code) name = std::string(c.name);
    code = name;
  }
  Principal system;
  system.username = "report";
  system.kind = AccountKind::staff;
  system.department_id = "sjj";
  system.roles = {Role::admin};
  std::string lo = format_date(data.from), hi = format_date(data.to) + "T99";
  for (const auto& pl : cant_do_->plans(system))
    if ((pl.created_at >= lo && pl.created_at <= hi) || (pl.done_at >= lo && pl.done_at <= hi) || pl.status == "open")
      data.plans.push_back({pl.title, data.department_names.count(pl.department) ? data.department_names[pl.department]
                                                                                 : pl.department,
                            pl.status, pl.measures, pl.reports.size()});
  return analytics::render_report_pdf(data);
}

std::optional<feedback::ServiceEvent> App::service_event(std::string_view kind, long long id, const Principal& who) {
  feedback::ServiceEvent ev;
  ev.kind = std::string(kind);
  ev.id = id;
  try {
    if (kind == "application") {
      auto a = applications_->get(who, id);  // someone else's: not found
      if (a.is_bundle) return std::nullopt;  // each item of a bundle is rated on its own
      ev.owner = a.applicant_id;
      ev.department = a.department_id;
      ev.item = a.code;
      ev.item_name = a.name;
      ev.finished = !a.decided_at.empty();
      // The staff member: whoever decided it (the last staff action in its history).
      for (auto it = a.history.rbegin(); it != a.history.rend(); ++it) {
        auto p = identity_->principal(it->actor);
        if (p && p->kind == AccountKind::staff) {
          ev.staff = p->account_id;
          ev.staff_name = p->display_name;
          break;
        }
      }
      return ev;
    }
    if (kind == "help") {
      auto c = helpdesk_->get(who, id);
      ev.owner = c.applicant;
      ev.item = c.context.item;
      if (const defs::Item* it = c.context.item.empty() ? nullptr : catalog_->item(c.context.item)) ev.item_name = it->name;
      ev.staff = c.helper;
      ev.staff_name = c.helper_name;
      ev.department = c.context.department;
      for (const auto& h : helpdesk_->helpers())  // the helper's own unit answers for their service
        if (h.account == c.helper) ev.department = h.department;
      ev.finished = c.state == "resolved" || c.state == "closed";
      return ev;
    }
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::not_found) return std::nullopt;
    throw;
  }
  return std::nullopt;
}

helpdesk::Context App::help_context(const Principal& who, std::string_view item, long long application,
                                     std::string_view assistant_conversation) {
  helpdesk::Context c;
  if (application > 0) {
    // Someone else's application is simply not found.
    auto a = applications_->get(who, application);
    c.application = a.id;
    c.item = a.code;
    c.department = a.department_id;
  }
  if (!item.empty()) {
    const defs::Item* it = catalog_->item(item);
    if (!it) throw field_invalid("item", "没有该事项：" + std::string(item));
    // Online help is offered for the items that say so (the seed opens 127); for the others the
    // guide's phone answers, and a general question (no item) still reaches a helper.
    if (!it->online_help)
      throw invalid("no-online-help", "该事项暂未开通在线帮办",
                    it->guide.phone.empty() ? "可不选事项直接咨询" : "请拨打咨询电话 " + it->guide.phone + "，或不选事项直接咨询",
                    {{"item", "该事项暂未开通在线帮办"}});
    c.item = it->code;
    c.department = it->department.id;
  }
  if (!assistant_conversation.empty()) {
    std::string transcript;
    for (const auto& m : assistant().history(&who, assistant_conversation)) {
      std::string line = (m.role == "user" ? "群众：" : "小宝：") + m.text + "\n";
      if (transcript.size() + line.size() > 16000) break;
      transcript += line;
    }
    c.assistant_transcript = std::move(transcript);
  }
  return c;
}

}  // namespace haoban::app
