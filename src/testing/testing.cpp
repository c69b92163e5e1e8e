#include "testing/testing.h"

#include <cstdlib>
#include <random>
#include <stdexcept>

#include <spdlog/spdlog.h>

namespace haoban::testing {

namespace {
// Tests report through GoogleTest; service logs below warnings are noise there.
const bool kQuietLogs = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();
}  // namespace

TempDir::TempDir() {
  (void)kQuietLogs;
  std::random_device rd;
  auto base = std::filesystem::temp_directory_path();
  for (int i = 0; i < 100; ++i) {
    auto p = base / ("haoban-test-" + std::to_string(rd()));
    if (std::filesystem::create_directory(p)) {
      path_ = p;
      return;
    }
  }
  throw std::runtime_error("cannot create a temp dir");
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::filesystem::path source_dir() {
  if (const char* s = std::getenv("HAOBAN_SOURCE_DIR")) return s;
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

}  // namespace haoban::testing

#include <libpq-fe.h>

#include <fstream>

namespace haoban::testing {

namespace {
std::string read_pg_url() {
  const char* env = std::getenv("HAOBAN_PG_ENV");
  if (!env) return {};
  std::ifstream in(env);
  std::string url;
  std::getline(in, url);
  return url;
}

void pg_exec(const std::string& url, const std::string& sql) {
  PGconn* c = PQconnectdb(url.c_str());
  if (PQstatus(c) != CONNECTION_OK) {
    std::string err = PQerrorMessage(c);
    PQfinish(c);
    throw std::runtime_error("cannot connect to test PostgreSQL at " + url + ": " + err);
  }
  PGresult* r = PQexec(c, sql.c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string err = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error(sql + ": " + err);
}

std::string with_db(const std::string& url, const std::string& db) {
  // URL form: postgresql://user@host:port/dbname
  auto slash = url.rfind('/');
  return url.substr(0, slash + 1) + db;
}
}  // namespace

bool PgDatabase::available() { return !read_pg_url().empty(); }

PgDatabase::PgDatabase() : admin_url_(read_pg_url()) {
  if (admin_url_.empty()) throw std::runtime_error("HAOBAN_PG_ENV is not set: start PostgreSQL via ctest");
  std::random_device rd;
  name_ = "haoban_t" + std::to_string(rd()) + std::to_string(rd() % 1000);
  pg_exec(admin_url_, "CREATE DATABASE " + name_);
  url_ = with_db(admin_url_, name_);
}

PgDatabase::~PgDatabase() {
  try {
    pg_exec(admin_url_, "DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception&) {
  }
}

}  // namespace haoban::testing
