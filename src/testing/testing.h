// Test-only helpers.
#pragma once

#include <filesystem>
#include <string>

namespace haoban::testing {

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// The repository root (HAOBAN_SOURCE_DIR, set by CTest), for reading data/ in tests.
std::filesystem::path source_dir();

// A throw-away PostgreSQL database on the server that `make test` started (its URL is in the file
// named by HAOBAN_PG_ENV). Created on construction, dropped on destruction. Tests that need it
// call GTEST_SKIP() only when HAOBAN_PG_ENV is unset (running a *_pgtest binary by hand).
class PgDatabase {
 public:
  PgDatabase();
  ~PgDatabase();
  PgDatabase(const PgDatabase&) = delete;
  PgDatabase& operator=(const PgDatabase&) = delete;
  static bool available();
  const std::string& url() const { return url_; }

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

}  // namespace haoban::testing
