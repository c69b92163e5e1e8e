#include "app/config.h"

#include <toml++/toml.h>

#include <cstdlib>
#include <functional>

#include "core/error.h"

namespace haoban::app {

namespace {

// One table of every setting: its TOML section/key, and how to apply a string (env) or TOML value.
struct Setting {
  std::string_view section, key;
  std::function<void(Config&, const toml::node&)> from_toml;
  std::function<void(Config&, const std::string& name, const std::string& value)> from_env;
};

std::string fmt_where(const toml::source_region& src) {
  std::string where = src.path ? std::string(*src.path) : std::string("config");
  return where + ":" + std::to_string(src.begin.line) + ": ";
}

template <class T>
T need(const toml::node& n, std::string_view what) {
  auto v = n.value<T>();
  if (!v) {
    auto src = n.source();
    throw invalid("bad-config", "配置项类型错误",
                  fmt_where(src) + std::string(what) + " has the wrong type");
  }
  return *v;
}

long long env_int(const std::string& name, const std::string& s) {
  try {
    size_t pos = 0;
    long long v = std::stoll(s, &pos);
    if (pos == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw invalid("bad-config", "环境变量取值无效", name + "=" + s + " is not an integer");
}

bool env_bool(const std::string& name, const std::string& s) {
  if (s == "true" || s == "1" || s == "yes") return true;
  if (s == "false" || s == "0" || s == "no") return false;
  throw invalid("bad-config", "环境变量取值无效", name + "=" + s + " is not true/false");
}

#define STRING_SETTING(sec, k, member)                                                  \
  Setting {                                                                             \
    sec, k, [](Config& c, const toml::node& n) { c.member = need<std::string>(n, k); }, \
        [](Config& c, const std::string&, const std::string& s) { c.member = s; }                           \
  }
#define INT_SETTING(sec, k, member)                                                                   \
  Setting {                                                                                           \
    sec, k, [](Config& c, const toml::node& n) { c.member = need<int64_t>(n, k); },                   \
        [](Config& c, const std::string& name, const std::string& s) { c.member = env_int(name, s); } \
  }
#define BOOL_SETTING(sec, k, member)                                                           \
  Setting {                                                                                    \
    sec, k, [](Config& c, const toml::node& n) { c.member = need<bool>(n, k); },               \
        [](Config& c, const std::string& name, const std::string& s) { c.member = env_bool(name, s); } \
  }

const std::vector<Setting>& settings() {
  static const std::vector<Setting> all = {
      STRING_SETTING("store", "data", data_dir),
      STRING_SETTING("store", "url", db_url),
      STRING_SETTING("server", "listen", listen),
      STRING_SETTING("server", "web_root", web_root),
      INT_SETTING("server", "body_limit_bytes", body_limit_bytes),
      INT_SETTING("server", "read_timeout_seconds", read_timeout_seconds),
      INT_SETTING("server", "io_threads", io_threads),
      INT_SETTING("server", "worker_threads", worker_threads),
      INT_SETTING("session", "lifetime_minutes", session_lifetime_minutes),
      INT_SETTING("session", "idle_minutes", session_idle_minutes),
      BOOL_SETTING("session", "secure_cookie", secure_cookie),
      STRING_SETTING("paths", "resources", resources),
      STRING_SETTING("ledger", "origin", ledger_origin),
      STRING_SETTING("ledger", "hash", ledger_hash),
      STRING_SETTING("ledger", "key_file", ledger_key_file),
      STRING_SETTING("ledger", "ed25519_key_file", ledger_ed25519_key_file),
      BOOL_SETTING("ledger", "generate_keys", ledger_generate_keys),
      STRING_SETTING("ledger", "witness_url", ledger_witness_url),
      STRING_SETTING("ledger", "witness_key", ledger_witness_key),
      INT_SETTING("ledger", "round_seconds", ledger_round_seconds),
      STRING_SETTING("sources", "endpoints", sources_endpoints),
      INT_SETTING("sources", "timeout_seconds", sources_timeout_seconds),
      STRING_SETTING("materials", "key_file", materials_key_file),
      BOOL_SETTING("materials", "generate_key", materials_generate_key),
      INT_SETTING("materials", "max_bytes", materials_max_bytes),
      STRING_SETTING("address", "model", address_model),
      STRING_SETTING("knowledge", "index", knowledge_index),
      STRING_SETTING("knowledge", "dictionary", dictionary),
      STRING_SETTING("assistant", "intent_model", intent_model),
      STRING_SETTING("assistant", "llm_url", llm_url),
      STRING_SETTING("assistant", "llm_model", llm_model),
      INT_SETTING("assistant", "llm_timeout_seconds", llm_timeout_seconds),
      STRING_SETTING("log", "level", log_level),
      BOOL_SETTING("log", "access_log", access_log),
  };
  return all;
}

std::string env_name(std::string_view section, std::string_view key) {
  std::string n = "HAOBAN_";
  for (char c : section) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  n += '_';
  for (char c : key) n += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return n;
}

}  // namespace

std::string Config::store_url() const {
  if (!db_url.empty()) return db_url;
  return "sqlite:" + (data_dir / "haoban.db").string();
}

Config load_config(const std::optional<std::filesystem::path>& file) {
  Config c;
  std::optional<std::filesystem::path> path = file;
  if (!path && std::filesystem::exists("haoban.toml")) path = "haoban.toml";
  if (path) {
    if (!std::filesystem::exists(*path))
      throw invalid("bad-config", "配置文件不存在", path->string() + ": no such file");
    toml::table t;
    try {
      t = toml::parse_file(path->string());
    } catch (const toml::parse_error& e) {
      throw invalid("bad-config", "配置文件格式错误",
                    fmt_where(e.source()) + std::string(e.description()));
    }
    for (auto&& [section, node] : t) {
      const toml::table* tab = node.as_table();
      if (!tab) throw invalid("bad-config", "配置文件格式错误", fmt_where(node.source()) + "[" +
                                                                   std::string(section.str()) + "] must be a table");
      for (auto&& [key, value] : *tab) {
        const Setting* s = nullptr;
        for (const auto& x : settings())
          if (x.section == section.str() && x.key == key.str()) s = &x;
        if (!s)
          throw invalid("bad-config", "未知的配置项",
                        fmt_where(value.source()) + "unknown setting " + std::string(section.str()) + "." +
                            std::string(key.str()));
        s->from_toml(c, value);
      }
    }
  }
  for (const auto& s : settings()) {
    std::string name = env_name(s.section, s.key);
    if (const char* v = std::getenv(name.c_str())) s.from_env(c, name, v);
  }
  return c;
}

HostPort parse_listen(std::string_view s) {
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos)
    throw invalid("bad-listen-address", "监听地址格式应为 HOST:PORT", std::string(s));
  std::string host(s.substr(0, colon));
  std::string port(s.substr(colon + 1));
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  int p = -1;
  try {
    size_t pos = 0;
    p = std::stoi(port, &pos);
    if (pos != port.size()) p = -1;
  } catch (const std::exception&) {
  }
  if (p < 0 || p > 65535) throw invalid("bad-listen-address", "端口无效", std::string(s));
  return {host, static_cast<unsigned short>(p)};
}

}  // namespace haoban::app
