#include "app/app.h"

#include <spdlog/spdlog.h>

#include "applications/routes.h"
#include "catalog/routes.h"
#include "http/client.h"
#include "identity/routes.h"
#include "ledger/routes.h"

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

}  // namespace

std::vector<db::Migration> all_migrations() {
  std::vector<db::Migration> all;
  for (auto span : {db::db_migrations(), ledger::LedgerService::migrations(), identity::IdentityService::migrations(), catalog::Catalog::migrations(),
                    applications::ApplicationService::migrations()})
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
  catalog_ = std::make_unique<catalog::Catalog>(*db_, defs::load_dir_or_throw(config_.resources / "definitions"), clock_,
                                                calendar_);
  catalog_->publish(kSystemActor);
  catalog_port_ = std::make_unique<CatalogAdapter>(*catalog_);
  applications_ =
      std::make_unique<applications::ApplicationService>(*db_, clock_, calendar_, *catalog_port_, events_);
}

App::~App() = default;

void App::add_routes(http::Router& router) {
  identity::add_routes(router, *identity_, {.secure_cookie = config_.secure_cookie});
  catalog::add_routes(router, *catalog_);
  applications::add_routes(router, *applications_);
  ledger::add_routes(router, *ledger_);
}

}  // namespace haoban::app
