// haoban.toml, overridden by HAOBAN_<SECTION>_<KEY> environment variables, overridden by flags.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace haoban::app {

struct Config {
  // [store]
  std::filesystem::path data_dir = "var";  // SQLite file, indexes, ledger, uploads
  std::string db_url;                      // empty: sqlite inside data_dir
  // [server]
  std::string listen = "127.0.0.1:8080";
  std::filesystem::path web_root = "web/dist";
  std::size_t body_limit_bytes = 10 * 1024 * 1024;
  int read_timeout_seconds = 30;
  int io_threads = 0;
  int worker_threads = 4;
  // [session]
  int session_lifetime_minutes = 8 * 60;
  int session_idle_minutes = 30;
  bool secure_cookie = false;
  // [paths]
  std::filesystem::path resources = "data";  // the repository's data/: calendar, gazetteer, definitions
  // [ledger]
  std::string ledger_origin = "haoban.baoshan.gov.cn/ledger";
  std::string ledger_hash = "sm3";                 // sm3 | sha256, fixed when the ledger is created
  std::filesystem::path ledger_key_file;           // empty: <data_dir>/keys/ledger-sm2.key
  std::filesystem::path ledger_ed25519_key_file;   // empty: no Ed25519 signature
  bool ledger_generate_keys = true;                // create missing keys (demo); false in production
  std::string ledger_witness_url;                  // empty: no witness
  std::string ledger_witness_key;                  // the witness's cosigner vkey
  int ledger_round_seconds = 10;                   // audit sealing and witness round period
  // [sources]
  std::string sources_endpoints;  // "enterprise_registry=http://…,credit=http://…"; unlisted sources are embedded
  int sources_timeout_seconds = 5;  // per query to an endpoint; then the source counts as unavailable
  // [materials]
  std::filesystem::path materials_key_file;             // empty: <data_dir>/keys/materials.key
  bool materials_generate_key = true;                   // create a missing key (demo); false in production
  std::size_t materials_max_bytes = 10 * 1024 * 1024;   // largest upload; at most server.body_limit_bytes
  // [address]
  std::filesystem::path address_model;  // empty: <resources>/address/labeller.model (made by `make`)
  // [knowledge]
  std::filesystem::path knowledge_index;  // empty: <data_dir>/index/kb (Xapian)
  std::filesystem::path dictionary = "/usr/lib/python3/dist-packages/jieba/dict.txt";  // jieba's, from python3-jieba
  // [assistant]
  std::filesystem::path intent_model;  // empty: <data_dir>/models/intent.bin (trained when missing)
  std::string llm_url;                 // OpenAI-compatible base URL, e.g. http://127.0.0.1:8081/v1; empty: off
  std::string llm_model;               // the model name the endpoint expects
  int llm_timeout_seconds = 20;
  // [log]
  std::string log_level = "info";
  bool access_log = true;

  std::string store_url() const;  // db_url, or sqlite:<data_dir>/haoban.db
};

// Loads defaults, then `file` (if given it must exist; otherwise ./haoban.toml when present), then
// the environment. Throws Error(invalid) naming the file, line and key for a bad value.
Config load_config(const std::optional<std::filesystem::path>& file);

struct HostPort {
  std::string host;
  unsigned short port;
};
// "127.0.0.1:8080", "[::1]:8080", ":8080" (all interfaces). Throws Error(invalid).
HostPort parse_listen(std::string_view s);

}  // namespace haoban::app
