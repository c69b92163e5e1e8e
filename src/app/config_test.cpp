#include "app/config.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::app {
namespace {

std::filesystem::path write(const haoban::testing::TempDir& d, const std::string& text) {
  auto p = d.path() / "haoban.toml";
  std::ofstream(p) << text;
  return p;
}

TEST(Config, DefaultsServeTheDemoLocally) {
  Config c = load_config(std::nullopt);
  EXPECT_EQ(c.listen, "127.0.0.1:8080");
  EXPECT_EQ(c.store_url(), "sqlite:var/haoban.db");
}

TEST(Config, FileThenEnvironment) {
  haoban::testing::TempDir d;
  auto p = write(d, "[server]\nlisten = \"0.0.0.0:9000\"\nworker_threads = 8\n[store]\ndata = \"/srv/haoban\"\n");
  setenv("HAOBAN_SERVER_WORKER_THREADS", "2", 1);
  Config c = load_config(p);
  unsetenv("HAOBAN_SERVER_WORKER_THREADS");
  EXPECT_EQ(c.listen, "0.0.0.0:9000");
  EXPECT_EQ(c.worker_threads, 2) << "the environment overrides the file";
  EXPECT_EQ(c.store_url(), "sqlite:/srv/haoban/haoban.db");
}

TEST(Config, ErrorsNameFileAndLine) {
  haoban::testing::TempDir d;
  auto p = write(d, "[server]\nlisten = \"x\"\nlisen = \"typo\"\n");
  try {
    load_config(p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.detail().find("haoban.toml:3:"), std::string::npos) << e.detail();
    EXPECT_NE(e.detail().find("server.lisen"), std::string::npos) << e.detail();
  }
  p = write(d, "[server]\nworker_threads = \"four\"\n");
  try {
    load_config(p);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(e.detail().find("haoban.toml:2:"), std::string::npos) << e.detail();
  }
  p = write(d, "[server\n");
  EXPECT_THROW(load_config(p), Error);
  EXPECT_THROW(load_config(d.path() / "missing.toml"), Error);
}

TEST(Config, BadEnvironmentValuesAreRefused) {
  setenv("HAOBAN_SESSION_SECURE_COOKIE", "maybe", 1);
  EXPECT_THROW(load_config(std::nullopt), Error);
  unsetenv("HAOBAN_SESSION_SECURE_COOKIE");
}

TEST(ParseListen, Forms) {
  EXPECT_EQ(parse_listen("127.0.0.1:8080").port, 8080);
  EXPECT_EQ(parse_listen("[::1]:80").host, "::1");
  EXPECT_EQ(parse_listen(":8080").host, "0.0.0.0");
  EXPECT_THROW(parse_listen("8080"), Error);
  EXPECT_THROW(parse_listen("localhost:http"), Error);
  EXPECT_THROW(parse_listen("localhost:70000"), Error);
}

}  // namespace
}  // namespace haoban::app
