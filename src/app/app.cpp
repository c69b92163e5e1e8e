#include "app/app.h"

#include <spdlog/spdlog.h>

#include "identity/routes.h"

namespace haoban::app {

std::vector<db::Migration> all_migrations() {
  std::vector<db::Migration> all;
  for (auto span : {db::db_migrations(), identity::IdentityService::migrations()})
    all.insert(all.end(), span.begin(), span.end());
  return all;
}

App::App(Config config, const Clock& clock) : config_(std::move(config)), clock_(clock) {
  std::string url = config_.store_url();
  if (db::StoreUrl::parse(url).dialect == db::Dialect::sqlite) std::filesystem::create_directories(config_.data_dir);
  db_ = db::Database::open(url, clock_, std::max(2, config_.worker_threads));
  db_->migrate(all_migrations());
  calendar_ = WorkingCalendar::load_dir(config_.resources / "calendar");
  identity::Options idopts;
  idopts.session_lifetime = std::chrono::minutes(config_.session_lifetime_minutes);
  idopts.idle_timeout = std::chrono::minutes(config_.session_idle_minutes);
  identity_ = std::make_unique<identity::IdentityService>(*db_, clock_, idopts);
}

App::~App() = default;

void App::add_routes(http::Router& router) {
  identity::add_routes(router, *identity_, {.secure_cookie = config_.secure_cookie});
}

}  // namespace haoban::app
