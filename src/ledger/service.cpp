#include "ledger/service.h"

#include <fmt/format.h>
#include <soci/soci.h>
#include <spdlog/spdlog.h>

#include <charconv>

#include "core/encoding.h"
#include "core/error.h"
#include "ledger/files.h"
#include "ledger/note.h"
#include "ledger/witness.h"

namespace haoban::ledger {

namespace fs = std::filesystem;

namespace {

constexpr char kCosignedFile[] = "cosigned";
constexpr int kSealBatch = 10000;

const db::Migration kMigrations[] = {
    {"ledger", 1, "ledger_entries",
     R"(CREATE TABLE ledger_entries (
  idx INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  ref TEXT NOT NULL,
  application TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ledger_entries_subject ON ledger_entries (subject, idx);
CREATE INDEX ledger_entries_kind ON ledger_entries (kind, idx))",
     R"(CREATE TABLE ledger_entries (
  idx BIGINT PRIMARY KEY,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  ref TEXT NOT NULL,
  application TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX ledger_entries_subject ON ledger_entries (subject, idx);
CREATE INDEX ledger_entries_kind ON ledger_entries (kind, idx))"},
};

constexpr char kInsertIndex[] =
    "INSERT INTO ledger_entries (idx, kind, subject, ref, application, at) VALUES (:i, :k, :s, :r, :a, :t)"
    " ON CONFLICT (idx) DO NOTHING";
// Where indexing must resume: after the last entry when the index has no gaps, else from the start
// (a crash between two concurrent records can leave one; re-indexing skips what is there).
constexpr char kMaxIndexed[] =
    "SELECT CASE WHEN COUNT(*) = COALESCE(MAX(idx) + 1, 0) THEN COUNT(*) ELSE 0 END FROM ledger_entries";
constexpr char kLastSeal[] = "SELECT ref FROM ledger_entries WHERE kind = 'audit.batch' ORDER BY idx DESC LIMIT 1";
constexpr char kSeals[] = "SELECT idx FROM ledger_entries WHERE kind = 'audit.batch' ORDER BY idx";
constexpr char kBySubject[] = "SELECT idx FROM ledger_entries WHERE subject = :s ORDER BY idx DESC LIMIT :lim";

SigningKey load_or_generate(const fs::path& file, SigAlg alg, const std::string& origin, bool generate) {
  if (fs::exists(file)) {
    SigningKey k = SigningKey::load(file);
    if (k.name() != origin)
      throw invalid("ledger-key-name", "账本密钥名称与账本来源不一致",
                    fmt::format("{} is named '{}', the ledger origin is '{}'", file.string(), k.name(), origin));
    return k;
  }
  if (!generate)
    throw invalid("ledger-key-missing", "缺少账本签名密钥",
                  file.string() + " does not exist; create it with `haoban ledger keygen`");
  fs::create_directories(file.parent_path());
  SigningKey k = SigningKey::generate(alg, origin);
  k.save(file);
  spdlog::warn("generated a new {} ledger key {} — back it up; production keys come from `haoban ledger keygen`",
               to_string(alg), file.string());
  return k;
}

// "audit:<first>-<last>" → (first, last).
std::optional<std::pair<long long, long long>> audit_span(std::string_view ref) {
  if (!ref.starts_with("audit:")) return std::nullopt;
  ref.remove_prefix(6);
  auto dash = ref.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  long long a = 0, b = 0;
  auto r1 = std::from_chars(ref.data(), ref.data() + dash, a);
  auto r2 = std::from_chars(ref.data() + dash + 1, ref.data() + ref.size(), b);
  if (r1.ec != std::errc() || r2.ec != std::errc() || r2.ptr != ref.data() + ref.size()) return std::nullopt;
  return std::pair{a, b};
}

}  // namespace

std::string subject_of(const Principal& p) {
  if (p.kind == AccountKind::enterprise && p.enterprise_code) return "enterprise:" + *p.enterprise_code;
  return fmt::format("{}:{}", to_string(p.kind), p.account_id);
}

std::string canonical_audit_rows(std::span<const db::AuditRow> rows) {
  std::string out;
  for (const auto& r : rows) {
    out += fmt::format("{{\"action\":{},\"actor\":{},\"after\":{},\"at\":{},\"before\":{},\"entity\":{},"
                       "\"entity_id\":{},\"id\":{}}}\n",
                       canonical_json_string(r.action), canonical_json_string(r.actor), canonical_json_string(r.after),
                       canonical_json_string(r.at), canonical_json_string(r.before), canonical_json_string(r.entity),
                       canonical_json_string(r.entity_id), r.id);
  }
  return out;
}

std::span<const db::Migration> LedgerService::migrations() { return kMigrations; }

LedgerService::LedgerService(db::Database& db, const Clock& clock, ServiceOptions options, HttpPost post)
    : db_(db), clock_(clock), options_(std::move(options)), post_(std::move(post)) {
  keys_.push_back(load_or_generate(options_.key_file, SigAlg::sm2, options_.origin, options_.generate_missing_keys));
  if (!options_.ed25519_key_file.empty())
    keys_.push_back(
        load_or_generate(options_.ed25519_key_file, SigAlg::ed25519, options_.origin, options_.generate_missing_keys));
  auto signer = checkpoint_signer(keys_);
  if (!Log::exists(options_.dir)) Log::create(options_.dir, {options_.origin, options_.hash}, signer);
  auto log = Log::open(options_.dir, signer);
  if (log->params().origin != options_.origin)
    throw invalid("ledger-origin", "账本来源与配置不一致",
                  fmt::format("{} has origin '{}', configured '{}'", options_.dir.string(), log->params().origin,
                              options_.origin));
  ledger_ = std::make_unique<Ledger>(std::move(log));
  if (auto cos = read_file(options_.dir / kCosignedFile)) {
    ledger_->set_cosigned(*cos);
    remember_cosigned(*cos);
  }
  reindex();
  sealed_through_ = status().audit_sealed_through;
}

LedgerService::~LedgerService() {
  {
    std::lock_guard lock(stop_mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

VerifierKey LedgerService::log_key() const { return keys_.front().verifier(); }

void LedgerService::index_rows(uint64_t first, std::span<const std::string> raw) {
  db_.write([&](db::Tx& tx) {
    for (size_t i = 0; i < raw.size(); ++i) {
      auto e = parse_entry(raw[i]);
      if (!e) continue;  // not one of ours: nothing to index
      long long idx = static_cast<long long>(first + i);
      std::string kind(to_string(e->kind));
      tx.sql() << kInsertIndex, soci::use(idx, "i"), soci::use(kind, "k"), soci::use(e->subject, "s"),
          soci::use(e->id, "r"), soci::use(e->application, "a"), soci::use(e->time, "t");
    }
  });
}

void LedgerService::reindex() {
  long long indexed = db_.read([](soci::session& sql) {
    long long n = 0;
    sql << kMaxIndexed, soci::into(n);
    return n;
  });
  uint64_t size = ledger_->log().size();
  for (uint64_t i = static_cast<uint64_t>(indexed); i < size;) {
    std::vector<std::string> raw;
    for (; i < size && raw.size() < 4096; ++i) raw.push_back(ledger_->log().entry(i));
    index_rows(i - raw.size(), raw);
  }
  if (static_cast<uint64_t>(indexed) < size)
    spdlog::info("ledger: indexed entries {}..{} from the log", indexed, size - 1);
}

uint64_t LedgerService::record(const Entry& e) {
  uint64_t idx = ledger_->record(e);
  std::string raw = canonical_json(e);
  index_rows(idx, std::span(&raw, 1));
  return idx;
}

std::vector<IndexedEntry> LedgerService::entries_of(std::string_view subject, int limit) {
  std::vector<long long> idx(static_cast<size_t>(std::max(1, limit)));
  std::string s(subject);
  db_.read([&](soci::session& sql) {
    sql << kBySubject, soci::use(s, "s"), soci::use(limit, "lim"), soci::into(idx);
  });
  std::vector<IndexedEntry> out;
  for (long long i : idx)
    if (auto e = entry(static_cast<uint64_t>(i))) out.push_back({static_cast<uint64_t>(i), std::move(*e)});
  return out;
}

std::optional<Entry> LedgerService::entry(uint64_t index) {
  if (index >= ledger_->log().size()) return std::nullopt;
  return parse_entry(ledger_->log().entry(index));
}

size_t LedgerService::seal_audit(std::optional<std::chrono::seconds> margin) {
  std::lock_guard lock(seal_mu_);
  reindex();
  long long last = 0;
  db_.read([&](soci::session& sql) {
    std::string ref;
    soci::indicator ind;
    sql << kLastSeal, soci::into(ref, ind);
    if (sql.got_data() && ind == soci::i_ok)
      if (auto span = audit_span(ref)) last = span->second;
  });
  auto wait = margin.value_or(options_.seal_after);
  // With no margin, everything written so far (timestamps have whole seconds, hence the +1 s).
  std::string before = format_iso8601(clock_.now() + (wait.count() == 0 ? std::chrono::seconds(1) : -wait));
  size_t sealed = 0;
  for (;;) {
    auto rows = db_.audit_after(last, kSealBatch, before);
    if (rows.empty()) break;
    Entry e;
    e.kind = EntryKind::audit_batch;
    e.subject = "district";
    e.id = fmt::format("audit:{}-{}", rows.front().id, rows.back().id);
    e.content = to_hex(Hasher(options_.hash).digest(canonical_audit_rows(rows)));
    e.category = std::to_string(rows.size());
    e.actor = std::string(kSystemActor);
    e.time = format_iso8601(clock_.now());
    record(e);
    last = rows.back().id;
    sealed_through_ = last;
    sealed += rows.size();
  }
  return sealed;
}

AuditCheck LedgerService::verify_audit() {
  reindex();
  AuditCheck c;
  std::vector<long long> seals = db_.read([](soci::session& sql) {
    std::vector<long long> out;
    soci::rowset<soci::row> rs = sql.prepare << kSeals;
    for (const auto& r : rs) out.push_back(db::get_int(r, 0));
    return out;
  });
  long long expect_after = 0;
  for (long long idx : seals) {
    auto e = entry(static_cast<uint64_t>(idx));
    auto span = e ? audit_span(e->id) : std::nullopt;
    if (!span) continue;
    auto rows = db_.audit_range(span->first, span->second);
    ++c.seals;
    c.rows += rows.size();
    bool starts_right = !rows.empty() && rows.front().id == span->first && rows.back().id == span->second;
    std::string digest = to_hex(Hasher(options_.hash).digest(canonical_audit_rows(rows)));
    if (!starts_right || std::to_string(rows.size()) != e->category || digest != e->content) {
      c.ok = false;
      c.problem = fmt::format("audit rows {}..{} (ledger entry {}) no longer match their seal: {} rows now, {} sealed",
                              span->first, span->second, idx, rows.size(), e->category);
      return c;
    }
    if (span->first <= expect_after) {
      c.ok = false;
      c.problem = fmt::format("ledger entry {} seals audit rows {}..{} twice", idx, span->first, span->second);
      return c;
    }
    expect_after = span->second;
  }
  return c;
}

bool LedgerService::witness_round() {
  if (options_.witness_url.empty() || !post_) return false;
  std::lock_guard lock(witness_mu_);
  VerifierKey witness = VerifierKey::parse(options_.witness_key);
  std::string note = ledger_->log().checkpoint();
  Checkpoint cp = parse_checkpoint_body(parse_note(note).text);
  uint64_t old = 0;
  if (std::string cos = ledger_->cosigned(); !cos.empty()) {
    Checkpoint prev = parse_checkpoint_body(parse_note(cos).text);
    if (prev.size == cp.size && prev.root == cp.root) return true;
    old = prev.size;
  }
  for (int attempt = 0; attempt < 2; ++attempt) {
    std::vector<Hash> proof;
    if (old > 0 && old < cp.size) proof = ledger_->log().consistency_proof(old, cp.size);
    auto [status, body] = post_(options_.witness_url + "/add-checkpoint", add_checkpoint_request(old, proof, note));
    if (status == 409) {
      uint64_t latest = 0;
      auto [p, ec] = std::from_chars(body.data(), body.data() + body.size(), latest);
      if (ec == std::errc() && latest <= cp.size && latest != old) {
        old = latest;  // the witness knows a later checkpoint of ours: prove from there
        continue;
      }
    }
    if (status != 200) {
      spdlog::warn("ledger: witness {} answered {}: {}", options_.witness_url, status, body);
      return false;
    }
    std::string merged = merge_cosignatures(note, body, std::span(&witness, 1));
    if (parse_note(merged).signatures.size() == parse_note(note).signatures.size()) {
      spdlog::warn("ledger: witness {} returned no valid cosignature", options_.witness_url);
      return false;
    }
    std::set<fs::path> dirs;
    write_durably(options_.dir, options_.dir / kCosignedFile, merged, dirs);
    sync_dirs(dirs);
    ledger_->set_cosigned(merged);
    remember_cosigned(merged);
    return true;
  }
  return false;
}

LedgerService::Status LedgerService::status() {
  Status st;
  const Log& log = ledger_->log();
  st.origin = log.params().origin;
  st.hash = to_string(log.params().hash);
  st.log_key = log_key().to_string();
  st.size = log.size();
  st.root_hex = to_hex(log.root());
  st.witness_url = options_.witness_url;
  if (std::string cos = ledger_->cosigned(); !cos.empty()) {
    Note note = parse_note(cos);
    st.cosigned_size = parse_checkpoint_body(note.text).size;
    if (!options_.witness_key.empty()) {
      VerifierKey w = VerifierKey::parse(options_.witness_key);
      st.witness_name = w.name();
      st.cosigned_at = verify_cosignature(note, w);
    }
  }
  db_.read([&](soci::session& sql) {
    long long n = 0;
    sql << "SELECT COUNT(*) FROM ledger_entries WHERE kind = 'audit.batch'", soci::into(n);
    st.audit_seals = static_cast<size_t>(n);
    std::string ref, at;
    soci::indicator i1, i2;
    sql << "SELECT ref, at FROM ledger_entries WHERE kind = 'audit.batch' ORDER BY idx DESC LIMIT 1", soci::into(ref, i1),
        soci::into(at, i2);
    if (sql.got_data() && i1 == soci::i_ok) {
      if (auto span = audit_span(ref)) st.audit_sealed_through = span->second;
      st.last_sealed_at = at;
    }
  });
  return st;
}

void LedgerService::remember_cosigned(const std::string& note) {
  try {
    Note n = parse_note(note);
    cosigned_size_ = parse_checkpoint_body(n.text).size;
    if (!options_.witness_key.empty())
      if (auto at = verify_cosignature(n, VerifierKey::parse(options_.witness_key)))
        cosigned_at_ = static_cast<int64_t>(*at);
  } catch (const Error& e) {
    spdlog::warn("ledger: cannot read the cosigned checkpoint: {}", e.detail());
  }
}

std::string LedgerService::metrics() const {
  std::string out;
  auto gauge = [&out](std::string_view name, std::string_view help, auto value) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, help, value);
  };
  gauge("haoban_ledger_entries", "Entries covered by the ledger's latest checkpoint.", ledger_->log().size());
  gauge("haoban_ledger_audit_sealed_through", "The last audit-log row id sealed into the ledger.",
        sealed_through_.load());
  if (!options_.witness_url.empty()) {
    gauge("haoban_ledger_witness_cosigned_entries", "Tree size of the latest checkpoint the witness cosigned.",
          cosigned_size_.load());
    int64_t at = cosigned_at_.load();
    auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
    if (at > 0)
      gauge("haoban_ledger_witness_cosignature_age_seconds", "Seconds since the witness's latest cosignature.",
            now - at);
  }
  return out;
}

void LedgerService::start(std::chrono::seconds period) {
  thread_ = std::thread([this, period] {
    std::unique_lock lock(stop_mu_);
    while (!stop_cv_.wait_for(lock, period, [this] { return stopping_; })) {
      lock.unlock();
      try {
        if (size_t n = seal_audit()) spdlog::debug("ledger: sealed {} audit rows", n);
        witness_round();
      } catch (const std::exception& e) {
        spdlog::error("ledger: background round failed: {}", e.what());
      }
      lock.lock();
    }
  });
}

}  // namespace haoban::ledger
