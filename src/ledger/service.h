// The ledger as the platform runs it: the log and its keys under <data>/ledger, an index of
// entries by subject in the store (derived data, rebuilt from the log when behind), sealing of the
// audit log into audit.batch entries, and the witness round that collects cosignatures.
#pragma once

#include <atomic>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "db/db.h"
#include "ledger/ledger.h"

namespace haoban::ledger {

struct ServiceOptions {
  std::filesystem::path dir;               // the log's directory (tlog-tiles layout)
  std::string origin = "haoban.baoshan.gov.cn/ledger";
  HashAlg hash = HashAlg::sm3;
  std::filesystem::path key_file;          // SM2 signing key of the log
  std::filesystem::path ed25519_key_file;  // optional second signature for public witnesses
  bool generate_missing_keys = true;       // demo/dev convenience; production keys come from keygen
  std::string witness_url;                 // e.g. http://127.0.0.1:8091 (empty: no witness)
  std::string witness_key;                 // the witness's cosigner vkey
  std::chrono::seconds seal_after{5};      // audit rows younger than this wait for the next seal
};

// How the service reaches a witness: POST url with a text body → (status, body). Lives in src/http.
using HttpPost = std::function<std::pair<int, std::string>(const std::string& url, const std::string& body)>;

struct IndexedEntry {
  uint64_t index = 0;
  Entry entry;
};

struct AuditCheck {
  bool ok = true;
  size_t seals = 0, rows = 0;
  std::string problem;  // the first seal whose rows no longer hash to what the ledger recorded
};

class LedgerService {
 public:
  // Opens (creating when absent) the log in options.dir. Throws Error if keys are missing and may
  // not be generated, or the log is corrupt.
  LedgerService(db::Database& db, const Clock& clock, ServiceOptions options, HttpPost post = {});
  ~LedgerService();

  static std::span<const db::Migration> migrations();

  Ledger& ledger() { return *ledger_; }
  const ServiceOptions& options() const { return options_; }
  VerifierKey log_key() const;

  // Records durably and indexes; returns the index. Thread-safe.
  uint64_t record(const Entry& e);
  std::vector<IndexedEntry> entries_of(std::string_view subject, int limit = 200);
  std::optional<Entry> entry(uint64_t index);

  // Seals the audit rows not sealed yet (older than `margin`, default seal_after) into one audit.batch entry per
  // run of up to 10,000 rows. Returns the number of rows sealed.
  size_t seal_audit(std::optional<std::chrono::seconds> margin = std::nullopt);
  // Re-hashes every sealed run of audit rows and compares with the ledger.
  AuditCheck verify_audit();

  // One witness round: submit the current checkpoint with a consistency proof from the last one
  // the witness cosigned. Returns true when the current checkpoint is now cosigned.
  bool witness_round();

  struct Status {
    std::string origin, hash, log_key;
    uint64_t size = 0;
    std::string root_hex;
    std::string witness_url, witness_name;     // empty when no witness is configured
    uint64_t cosigned_size = 0;                // 0: never cosigned
    std::optional<uint64_t> cosigned_at;       // the witness's timestamp (Unix seconds)
    size_t audit_seals = 0;
    long long audit_sealed_through = 0;        // the last audit row id sealed
    std::string last_sealed_at;
  };
  Status status();

  // Prometheus gauges from memory only (safe on the I/O thread): entries, the witness's cosigned
  // size and age, the last audit row sealed.
  std::string metrics() const;

  // Runs seal_audit and witness_round every `period` on a background thread until destruction.
  void start(std::chrono::seconds period);

 private:
  void reindex();
  void index_rows(uint64_t first, std::span<const std::string> raw);

  db::Database& db_;
  const Clock& clock_;
  ServiceOptions options_;
  HttpPost post_;
  std::vector<SigningKey> keys_;
  std::unique_ptr<Ledger> ledger_;
  std::mutex seal_mu_, witness_mu_;

  void remember_cosigned(const std::string& note);
  std::atomic<uint64_t> cosigned_size_{0};
  std::atomic<int64_t> cosigned_at_{0};          // Unix seconds of the witness's timestamp; 0 never
  std::atomic<long long> sealed_through_{0};

  std::thread thread_;
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
};

// "person:<account id>" / "enterprise:<credit code>": whose entries a principal may see.
std::string subject_of(const Principal& p);

// The canonical bytes of audit rows, as sealed: one canonical JSON object per row, newline-ended.
std::string canonical_audit_rows(std::span<const db::AuditRow> rows);

}  // namespace haoban::ledger
