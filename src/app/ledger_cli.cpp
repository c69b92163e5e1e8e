#include "app/ledger_cli.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

#include "app/app.h"
#include "core/encoding.h"
#include "core/error.h"
#include "http/server.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "ledger/proof.h"
#include "ledger/witness.h"

namespace haoban::app {

namespace fs = std::filesystem;
using namespace haoban::ledger;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw invalid("cannot-read", "无法读取文件", path + ": cannot open");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

HashAlg hash_arg(const std::string& s) {
  auto h = parse_hash_alg(s);
  if (!h) throw invalid("bad-hash", "哈希算法应为 sm3 或 sha256", "--hash " + s);
  return *h;
}

// A vkey given inline, or the path of a file holding one.
VerifierKey key_arg(const std::string& s) {
  std::string text = fs::exists(s) ? read_text(s) : s;
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return VerifierKey::parse(text);
}

int tree_root(const std::string& file, HashAlg alg) {
  std::string text = read_text(file);
  Hasher h(alg);
  std::vector<Hash> leaves;
  size_t pos = 0, line = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    ++line;
    std::string_view hex(text.data() + pos, end - pos);
    if (!hex.empty() && hex.back() == '\r') hex.remove_suffix(1);
    auto leaf = hex_decode(hex);
    if (!leaf) {
      fmt::print(stderr, "{}:{}: not a hex-encoded leaf: '{}'\n", file, line, hex.substr(0, 40));
      return 1;
    }
    leaves.push_back(h.leaf(*leaf));
    pos = end + 1;
  }
  fmt::print("{}\n", to_hex(root_of(h, leaves)));
  return 0;
}

int verify_dir(const fs::path& dir, const std::optional<VerifierKey>& key) {
  auto r = verify_log(dir);
  if (!r.ok) {
    if (r.bad_index)
      fmt::print("bad: first bad index {}: {}: {}\n", *r.bad_index, r.file, r.problem);
    else
      fmt::print("bad: {}: {}\n", r.file, r.problem);
    return 1;
  }
  if (key) {
    auto note = parse_note(read_text((dir / "checkpoint").string()));
    if (!verify_note_signature(note, *key)) {
      fmt::print("bad: checkpoint: not signed by {}\n", key->name());
      return 1;
    }
  }
  auto cp = parse_checkpoint_body(parse_note(read_text((dir / "checkpoint").string())).text);
  fmt::print("ok: {} entries verified, root {}{}\n", r.entries_checked, to_hex(cp.root),
             key ? ", checkpoint signature valid" : "");
  return 0;
}

int serve_witness(const std::string& key_file, const std::vector<std::string>& log_keys, HashAlg alg,
                  const std::string& state_dir, const std::string& listen) {
  auto hp = parse_listen(listen);
  SigningKey key = SigningKey::load(key_file);
  std::vector<TrustedLog> logs;
  for (const auto& k : log_keys) logs.push_back({key_arg(k), alg});
  if (logs.empty()) throw invalid("no-logs", "至少需要一个受信任的账本公钥", "give --log VKEY at least once");
  fs::create_directories(state_dir);
  SystemClock clock;
  Witness witness(state_dir, key, logs, clock);
  http::Router router;
  router.add(http::Method::post, "/api/v1/witness/add-checkpoint", Access::anyone(), [&witness](http::Request& req) {
    auto r = witness.add_checkpoint(req.body);
    http::Response res;
    res.status = r.status;
    res.content_type = r.content_type;
    res.body = r.body;
    return res;
  });
  router.add(http::Method::get, "/api/v1/witness", Access::anyone(), [&key](http::Request&) {
    http::Response res;
    res.content_type = "text/plain; charset=utf-8";
    res.body = key.verifier(KeyRole::cosigner).to_string() + "\n";
    return res;
  });
  http::ServerOptions so;
  so.host = hp.host;
  so.port = hp.port;
  so.web_root = "";
  so.body_limit = 64 * 1024;
  so.io_threads = 1;
  so.worker_threads = 2;
  http::Server server(so, router, http::Authenticator{[](std::string_view) { return std::optional<Principal>(); },
                                                      [](std::string_view, bool& known) {
                                                        known = true;
                                                        return std::optional<Principal>();
                                                      }},
                      [] { return true; });
  unsigned short port = server.bind();
  fmt::print("witness {}: submission prefix http://{}:{}/api/v1/witness\ncosigner key: {}\n", key.name(),
             hp.host == "0.0.0.0" ? "127.0.0.1" : hp.host, port, key.verifier(KeyRole::cosigner).to_string());
  std::fflush(stdout);
  server.run();
  return 0;
}

}  // namespace

struct LedgerCli::Impl {
  CLI::App* ledger = nullptr;
  CLI::App* keygen = nullptr;
  CLI::App* tree_root = nullptr;
  CLI::App* verify = nullptr;
  CLI::App* verify_receipt = nullptr;
  CLI::App* receipt = nullptr;
  CLI::App* info = nullptr;
  CLI::App* witness = nullptr;
  CLI::App* witness_serve = nullptr;

  std::string name, alg = "sm2", id = std::string(kDefaultSm2Id), out, hash = "sm3", file, key, dir, listen = "127.0.0.1:8091",
                    state = "var/witness";
  std::vector<std::string> witnesses, logs;
  size_t min_cosigners = 0;
  bool audit = false;
  uint64_t index = 0;
};

LedgerCli::LedgerCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags) : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  m.ledger = cli.add_subcommand("ledger", "verifiable ledger: keys, roots, receipts, verification");
  m.ledger->require_subcommand(1);

  m.keygen = m.ledger->add_subcommand("keygen", "generate a signing key: PREFIX.key (private, 0600) and PREFIX.vkey");
  m.keygen->add_option("--name", m.name, "key name: the ledger origin, or the witness name")->required();
  m.keygen->add_option("--alg", m.alg, "sm2 (default) or ed25519")->check(CLI::IsMember({"sm2", "ed25519"}));
  m.keygen->add_option("--id", m.id, "SM2 distinguishing ID (default 1234567812345678)");
  m.keygen->add_option("--out", m.out, "path prefix, e.g. /etc/haoban/keys/ledger")->required();

  m.tree_root = m.ledger->add_subcommand("tree-root", "RFC 6962 root of the hex-encoded leaves in FILE, one per line");
  m.tree_root->add_option("--hash", m.hash, "sm3 (default) or sha256");
  m.tree_root->add_option("FILE", m.file, "leaves, one hex string per line")->required();

  m.verify = m.ledger->add_subcommand("verify", "recompute every tile and the checkpoint of a ledger directory");
  m.verify->add_option("--dir", m.dir, "ledger directory (default: <data>/ledger)");
  m.verify->add_option("--key", m.key, "the log's vkey (or a file holding it): also check the checkpoint signature");
  state_flags(m.verify);
  m.verify->add_flag("--audit", m.audit, "also re-hash the audit log rows each audit.batch entry sealed (needs the store)");

  m.verify_receipt = m.ledger->add_subcommand("verify-receipt", "check a c2sp.org/tlog-proof receipt offline");
  m.verify_receipt->add_option("FILE", m.file, "the .tlog-proof file")->required();
  m.verify_receipt->add_option("--key", m.key, "the log's vkey, or a file holding it")->required();
  m.verify_receipt->add_option("--hash", m.hash, "the log's hash: sm3 (default) or sha256");
  m.verify_receipt->add_option("--witness", m.witnesses, "a witness's cosigner vkey (repeatable)");
  m.verify_receipt->add_option("--min-cosigners", m.min_cosigners, "how many witness cosignatures are required");

  m.receipt = m.ledger->add_subcommand("receipt", "print the receipt of entry INDEX from the local ledger");
  m.receipt->add_option("INDEX", m.index, "entry index")->required();
  state_flags(m.receipt);

  m.info = m.ledger->add_subcommand("info", "origin, hash, size, root and the log's verifier key");
  state_flags(m.info);

  m.witness = cli.add_subcommand("witness", "a witness that cosigns ledger checkpoints (c2sp.org/tlog-witness)");
  m.witness->require_subcommand(1);
  m.witness_serve = m.witness->add_subcommand("serve", "serve POST /add-checkpoint with its own key");
  m.witness_serve->add_option("--key", m.key, "the witness's signing key file (from haoban ledger keygen)")->required();
  m.witness_serve->add_option("--log", m.logs, "vkey (or file) of a log to witness (repeatable)")->required();
  m.witness_serve->add_option("--hash", m.hash, "the logs' hash: sm3 (default) or sha256");
  m.witness_serve->add_option("--state", m.state, "where the latest cosigned checkpoints are kept (default var/witness)");
  m.witness_serve->add_option("--listen", m.listen, "HOST:PORT (default 127.0.0.1:8091)");
}

LedgerCli::~LedgerCli() = default;

std::optional<int> LedgerCli::run(const std::function<Config()>& config) {
  auto& m = *impl_;
  if (!m.ledger->parsed() && !m.witness->parsed()) return std::nullopt;
  spdlog::set_level(spdlog::level::warn);
  try {
    if (m.keygen->parsed()) {
      SigningKey k = SigningKey::generate(*parse_sig_alg(m.alg), m.name, m.id);
      fs::path prefix(m.out);
      if (prefix.has_parent_path()) fs::create_directories(prefix.parent_path());
      k.save(m.out + ".key");
      std::ofstream(m.out + ".vkey") << k.verifier().to_string() << "\n";
      std::ofstream(m.out + ".cosigner.vkey") << k.verifier(KeyRole::cosigner).to_string() << "\n";
      fmt::print("private key: {}.key (keep it secret, back it up)\n", m.out);
      fmt::print("verifier key (as a log): {}\n", k.verifier().to_string());
      fmt::print("verifier key (as a witness): {}\n", k.verifier(KeyRole::cosigner).to_string());
      return 0;
    }
    if (m.tree_root->parsed()) return tree_root(m.file, hash_arg(m.hash));
    if (m.verify_receipt->parsed()) {
      VerifierKey key = key_arg(m.key);
      std::vector<VerifierKey> witnesses;
      for (const auto& w : m.witnesses) witnesses.push_back(key_arg(w));
      auto c = ledger::verify_receipt(read_text(m.file), key, hash_arg(m.hash), witnesses, m.min_cosigners);
      if (!c.ok) {
        fmt::print("invalid: {}\n", c.reason);
        return 1;
      }
      fmt::print("valid\n");
      return 0;
    }
    if (m.witness_serve->parsed()) return serve_witness(m.key, m.logs, hash_arg(m.hash), m.state, m.listen);
    Config c = config();
    fs::path dir = m.dir.empty() ? c.data_dir / "ledger" : fs::path(m.dir);
    if (m.verify->parsed()) {
      std::optional<VerifierKey> key;
      if (!m.key.empty()) key = key_arg(m.key);
      int rc = verify_dir(dir, key);
      if (rc != 0 || !m.audit) return rc;
      SystemClock clock;
      App app(c, clock);
      auto a = app.ledger().verify_audit();
      if (!a.ok) {
        fmt::print("bad: {}\n", a.problem);
        return 1;
      }
      fmt::print("ok: {} audit seals covering {} rows match the audit log\n", a.seals, a.rows);
      return 0;
    }
    if (m.info->parsed()) {
      SystemClock clock;
      App app(c, clock);
      const Log& log = app.ledger().ledger().log();
      fmt::print("origin {}\nhash {}\nsize {}\nroot {}\nvkey {}\n", log.params().origin, to_string(log.params().hash),
                 log.size(), to_hex(log.root()), app.ledger().log_key().to_string());
      return 0;
    }
    if (m.receipt->parsed()) {
      SystemClock clock;
      App app(c, clock);
      fmt::print("{}", app.ledger().ledger().receipt(m.index));
      return 0;
    }
  } catch (const Error& e) {
    fmt::print(stderr, "haoban: {}{}{}\n", e.title(), e.detail().empty() ? "" : ": ", e.detail());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "haoban: {}\n", e.what());
    return 1;
  }
  return 0;
}

}  // namespace haoban::app
