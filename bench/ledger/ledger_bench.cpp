// Ledger (src/ledger) throughput on a fresh tlog-tiles log: durable appends, group commit,
// proofs, full verification and disk use. Prints Markdown tables.
//
//   build/bench/ledger/bench_ledger [--entries 1M] [--hash sm3|sha256]
//       [--batches 256,1024,4096,16384] [--rounds 1] [--record-entries 200k] [--record-seconds 60]
//       [--record-threads 8] [--proof-seconds 5] [--dir DIR] [--keep]
//       [--skip-record] [--skip-proofs] [--skip-verify]
//   build/bench/ledger/bench_ledger --existing LOGDIR [--proof-seconds 5] [--rounds 1]
//       (no appends: disk use, proofs and verify_log of a log kept from an earlier run with --keep)
//
// For every batch size (and round) a fresh log is created and filled with --entries entries, one
// Log::append (one signed checkpoint, every file fsync'd) per batch. Group commit: Ledger::record
// of one entry per call from --record-threads threads, until --record-entries or --record-seconds. Entries
// are ~250-byte canonical JSON ledger entries, deterministic in their index, so every log holds the same
// tree. Proofs, verify_log and disk use are measured on the log filled with the last batch size. Entry
// generation is outside the timed region: the figures are what Log::append / Ledger::record cost.
//
// Without --dir the logs go to a fresh directory under /var/tmp, removed at the end (unless --keep).
// With --dir the logs are created in DIR (which must not already hold them) and left there.
#include <fcntl.h>
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "core/error.h"
#include "ledger/entry.h"
#include "ledger/hash.h"
#include "ledger/keys.h"
#include "ledger/ledger.h"
#include "ledger/log.h"
#include "ledger/merkle.h"

namespace fs = std::filesystem;
using namespace haoban::ledger;
using Clock = std::chrono::steady_clock;

namespace {

constexpr char kOrigin[] = "ledger.baoshan.gov.cn/haoban";

// Set by SIGINT/SIGTERM: the measurement loops stop and the temporary directory is still removed.
std::atomic<bool> g_stop{false};
void on_signal(int) { g_stop = true; }
void check_stop() {
  if (g_stop) throw std::runtime_error("interrupted");
}

struct Options {
  uint64_t entries = 1'000'000;
  HashAlg hash = HashAlg::sm3;
  std::vector<size_t> batches{256, 1024, 4096, 16384};
  unsigned rounds = 1;
  uint64_t record_entries = 200'000;
  double record_seconds = 60;
  unsigned record_threads = 8;
  double proof_seconds = 5;
  fs::path dir;
  fs::path existing;  // --existing: proofs, verify and disk use of this log only
  bool keep = false;
  bool record = true, proofs = true, verify = true;
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(
      stderr,
      "%s\nusage: bench_ledger [--entries N] [--hash sm3|sha256] [--batches B1,B2,...] [--rounds R]\n"
      "  [--record-entries N] [--record-seconds S] [--record-threads T] [--proof-seconds S]\n"
      "  [--dir DIR] [--keep] [--existing LOGDIR]\n"
      "  [--skip-record] [--skip-proofs] [--skip-verify]\n",
      msg);
  std::exit(2);
}

uint64_t parse_count(const std::string& s) {
  // Accepts 1000000, 1_000_000, 1M, 10M, 200k.
  std::string digits;
  uint64_t mult = 1;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c == '_' || c == ',')
      continue;
    else if (c == 'k' || c == 'K')
      mult = 1000;
    else if (c == 'm' || c == 'M')
      mult = 1'000'000;
    else
      usage(("bad number: " + s).c_str());
  }
  if (digits.empty()) usage(("bad number: " + s).c_str());
  return std::stoull(digits) * mult;
}

Options parse_args(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (auto eq = a.find('='); eq != std::string::npos) return a.substr(eq + 1);
      if (i + 1 >= argc) usage(("missing value for " + a).c_str());
      return argv[++i];
    };
    auto is = [&](const char* flag) { return a == flag || a.starts_with(std::string(flag) + "="); };
    if (is("--entries"))
      o.entries = parse_count(value());
    else if (is("--hash")) {
      auto h = parse_hash_alg(value());
      if (!h) usage("--hash is sm3 or sha256");
      o.hash = *h;
    } else if (is("--batches")) {
      o.batches.clear();
      std::string v = value();
      for (size_t pos = 0; pos <= v.size();) {
        size_t end = v.find(',', pos);
        if (end == std::string::npos) end = v.size();
        o.batches.push_back(parse_count(v.substr(pos, end - pos)));
        pos = end + 1;
      }
    } else if (is("--rounds"))
      o.rounds = static_cast<unsigned>(parse_count(value()));
    else if (is("--record-entries"))
      o.record_entries = parse_count(value());
    else if (is("--record-seconds"))
      o.record_seconds = std::stod(value());
    else if (is("--record-threads"))
      o.record_threads = static_cast<unsigned>(parse_count(value()));
    else if (is("--proof-seconds"))
      o.proof_seconds = std::stod(value());
    else if (is("--dir"))
      o.dir = value();
    else if (is("--existing"))
      o.existing = value();
    else if (a == "--keep")
      o.keep = true;
    else if (a == "--skip-record")
      o.record = false;
    else if (a == "--skip-proofs")
      o.proofs = false;
    else if (a == "--skip-verify")
      o.verify = false;
    else if (a == "-h" || a == "--help")
      usage("");
    else
      usage(("unknown argument: " + a).c_str());
  }
  if (o.entries < 2) usage("--entries must be at least 2");
  for (size_t b : o.batches)
    if (b == 0) usage("batch sizes must be positive");
  if (o.batches.empty()) usage("--batches is empty");
  if (o.rounds == 0) usage("--rounds must be positive");
  return o;
}

// A realistic ledger entry, deterministic in i: ~250 bytes of canonical JSON with opaque ids and
// hex content hashes, as the services record them (no personal data).
struct SplitMix64 {
  uint64_t x;
  uint64_t operator()() {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
};

Entry make_entry(uint64_t i) {
  static constexpr EntryKind kinds[] = {EntryKind::material_create, EntryKind::material_reuse,
                                        EntryKind::certificate_issue, EntryKind::decision_policy};
  SplitMix64 rng{i};
  Entry e;
  e.kind = kinds[i % 4];
  e.subject = (i % 3 == 0) ? fmt::format("enterprise:{:010x}", rng() >> 24)
                           : fmt::format("person:{:010x}", rng() >> 24);
  e.id = fmt::format("m{:010}", i);
  e.content = fmt::format("{:016x}{:016x}{:016x}{:016x}", rng(), rng(), rng(), rng());  // an SM3 digest
  e.category = fmt::format("CL{:04}", rng() % 10'000);
  e.actor = fmt::format("acct-{:06}", rng() % 1'000'000);
  e.application = fmt::format("HB26{:08}", i / 3);
  e.time =
      fmt::format("2026-11-{:02}T{:02}:{:02}:{:02}Z", 1 + i / 86400 % 28, i / 3600 % 24, i / 60 % 60, i % 60);
  return e;
}

std::string entry_bytes(uint64_t i) { return canonical_json(make_entry(i)); }

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

struct Cpu {
  double user = 0, sys = 0;
  static Cpu now() {
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    auto tv = [](const timeval& t) {
      return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
    };
    return {tv(ru.ru_utime), tv(ru.ru_stime)};
  }
  Cpu operator-(const Cpu& o) const { return {user - o.user, sys - o.sys}; }
  Cpu& operator+=(const Cpu& o) {
    user += o.user;
    sys += o.sys;
    return *this;
  }
  double total() const { return user + sys; }
};

// "user+sys %" of one core over `wall` seconds, e.g. "31+45%".
std::string cpu_share(const Cpu& c, double wall) {
  return fmt::format("{:.0f}+{:.0f}%", 100 * c.user / wall, 100 * c.sys / wall);
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t k = static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[std::min(k, v.size() - 1)];
}

std::string thousands(double x) {
  auto n = static_cast<uint64_t>(x + 0.5);
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

struct DiskUse {
  uint64_t allocated = 0;  // st_blocks * 512, what du reports
  uint64_t apparent = 0;
  uint64_t files = 0;
  uint64_t dirs = 0;
};

DiskUse disk_use(const fs::path& dir) {
  DiskUse d;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    struct stat st {};
    if (::lstat(e.path().c_str(), &st) != 0) continue;
    d.allocated += static_cast<uint64_t>(st.st_blocks) * 512;
    if (S_ISDIR(st.st_mode)) {
      ++d.dirs;
    } else {
      ++d.files;
      d.apparent += static_cast<uint64_t>(st.st_size);
    }
  }
  return d;
}

// Drops this log's files from the page cache (they are clean: every one was fsync'd), so a
// following read pass goes to the disk. Touches no other file.
void evict(const fs::path& dir) {
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    int fd = ::open(e.path().c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ::fdatasync(fd);
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

// Counts the durable steps of appends through Log's step hook.
struct StepCounter {
  std::atomic<uint64_t> writes{0};       // files written (each: write, fdatasync, rename)
  std::atomic<uint64_t> checkpoints{0};  // appends that published a checkpoint
  StepHook hook() {
    return [this](std::string_view step) {
      if (step.starts_with("write "))
        writes.fetch_add(1, std::memory_order_relaxed);
      else if (step == "checkpoint")
        checkpoints.fetch_add(1, std::memory_order_relaxed);
    };
  }
};

struct AppendResult {
  size_t batch = 0;
  double wall = 0;
  Cpu cpu;
  uint64_t entries = 0, batches = 0, files = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

AppendResult run_appends(const fs::path& dir, const Options& o, size_t batch, const CheckpointSigner& sign) {
  Log::create(dir, {kOrigin, o.hash}, sign);
  StepCounter steps;
  auto log = Log::open(dir, sign, steps.hook());
  AppendResult r;
  r.batch = batch;
  std::vector<std::string> entries;
  entries.reserve(batch);
  std::vector<double> latencies;
  latencies.reserve(o.entries / batch + 1);
  Clock::duration busy{};
  Cpu cpu;
  uint64_t next = 0;
  auto progress_at = Clock::now() + std::chrono::seconds(10);
  while (next < o.entries) {
    check_stop();
    entries.clear();
    uint64_t n = std::min<uint64_t>(batch, o.entries - next);
    for (uint64_t k = 0; k < n; ++k) entries.push_back(entry_bytes(next + k));
    Cpu c0 = Cpu::now();
    auto t0 = Clock::now();
    uint64_t first = log->append(entries);
    auto t1 = Clock::now();
    cpu += Cpu::now() - c0;
    if (first != next) throw std::runtime_error(fmt::format("append returned {}, want {}", first, next));
    busy += t1 - t0;
    latencies.push_back(seconds(t1 - t0) * 1e3);
    next += n;
    if (t1 > progress_at) {
      std::fprintf(stderr, "  batch %zu: %" PRIu64 " / %" PRIu64 " entries, %.0f entries/s so far\n", batch,
                   next, o.entries, static_cast<double>(next) / seconds(busy));
      progress_at = t1 + std::chrono::seconds(10);
    }
  }
  if (log->size() != o.entries) throw std::runtime_error("log size after appends is wrong");
  r.wall = seconds(busy);
  r.cpu = cpu;
  r.entries = o.entries;
  r.batches = steps.checkpoints.load();
  r.files = steps.writes.load();
  r.p50_ms = percentile(latencies, 0.50);
  r.p99_ms = percentile(latencies, 0.99);
  r.max_ms = *std::max_element(latencies.begin(), latencies.end());
  return r;
}

struct RecordResult {
  double wall = 0;
  Cpu cpu;
  uint64_t entries = 0, batches = 0;
  double p50_ms = 0, p99_ms = 0;
};

RecordResult run_record(const fs::path& dir, const Options& o, const CheckpointSigner& sign) {
  Log::create(dir, {kOrigin, o.hash}, sign);
  StepCounter steps;
  Ledger ledger(Log::open(dir, sign, steps.hook()));
  // Entries prepared up front (outside the timed region); record() serialises them itself.
  std::vector<Entry> entries;
  entries.reserve(o.record_entries);
  for (uint64_t i = 0; i < o.record_entries; ++i) entries.push_back(make_entry(i));
  std::atomic<uint64_t> next{0};
  std::mutex mu;
  std::vector<double> latencies;
  latencies.reserve(o.record_entries);
  std::vector<std::thread> threads;
  Cpu c0 = Cpu::now();
  auto t0 = Clock::now();
  auto deadline =
      t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(o.record_seconds));
  for (unsigned t = 0; t < o.record_threads; ++t) {
    threads.emplace_back([&] {
      std::vector<double> mine;
      for (;;) {
        if (g_stop || Clock::now() >= deadline) break;
        uint64_t i = next.fetch_add(1);
        if (i >= entries.size()) break;
        auto a = Clock::now();
        ledger.record(entries[i]);
        mine.push_back(seconds(Clock::now() - a) * 1e3);
      }
      std::lock_guard lock(mu);
      latencies.insert(latencies.end(), mine.begin(), mine.end());
    });
  }
  for (auto& t : threads) t.join();
  check_stop();
  RecordResult r;
  r.wall = seconds(Clock::now() - t0);
  r.cpu = Cpu::now() - c0;
  r.entries = ledger.log().size();
  if (r.entries != latencies.size()) throw std::runtime_error("ledger size after record() is wrong");
  r.batches = steps.checkpoints.load();
  r.p50_ms = percentile(latencies, 0.50);
  r.p99_ms = percentile(latencies, 0.99);
  return r;
}

struct ProofResult {
  const char* kind;
  unsigned threads;
  uint64_t proofs = 0;
  double wall = 0;
  Cpu cpu;
  double avg_len = 0;
};

// Proofs from `threads` threads for a fixed time. Inclusion: a uniformly random index at the
// full size. Consistency: from a uniformly random size in [1, size) to the full size.
ProofResult run_proofs(const Log& log, bool inclusion, unsigned threads, double secs) {
  const uint64_t size = log.size();
  std::atomic<uint64_t> count{0}, elements{0};
  std::vector<std::thread> pool;
  Cpu c0 = Cpu::now();
  auto t0 = Clock::now();
  auto deadline = t0 + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(secs));
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::mt19937_64 rng(1234 + t);
      uint64_t n = 0, len = 0;
      while (true) {
        for (int k = 0; k < 16; ++k) {
          if (inclusion) {
            len += log.inclusion_proof(rng() % size, size).size();
          } else {
            len += log.consistency_proof(1 + rng() % (size - 1), size).size();
          }
          ++n;
        }
        if (g_stop || Clock::now() >= deadline) break;
      }
      count += n;
      elements += len;
    });
  }
  for (auto& t : pool) t.join();
  check_stop();
  ProofResult r{inclusion ? "inclusion" : "consistency", threads};
  r.wall = seconds(Clock::now() - t0);
  r.cpu = Cpu::now() - c0;
  r.proofs = count.load();
  r.avg_len = static_cast<double>(elements.load()) / static_cast<double>(r.proofs);
  return r;
}

// Checks a sample of proofs against the log's root with the RFC 9162 verifiers, leaves recomputed
// from the entry generator: the proofs measured are proofs of the tree that was appended.
void check_proofs(const Log& log, HashAlg alg) {
  Hasher h(alg);
  const uint64_t size = log.size();
  const Hash root = log.root();
  std::mt19937_64 rng(99);
  auto strings = [](const std::vector<Hash>& p) {
    std::vector<std::string> out;
    for (const auto& x : p) out.emplace_back(as_bytes(x));
    return out;
  };
  for (int k = 0; k < 200; ++k) {
    uint64_t i = rng() % size;
    Hash leaf = h.leaf(entry_bytes(i));
    auto v =
        verify_inclusion(h, i, size, as_bytes(leaf), strings(log.inclusion_proof(i, size)), as_bytes(root));
    if (!v) throw std::runtime_error(fmt::format("inclusion proof of {} does not verify: {}", i, v.reason));
    uint64_t m = 1 + rng() % (size - 1);
    auto c = verify_consistency(h, m, size, strings(log.consistency_proof(m, size)), as_bytes(log.root_at(m)),
                                as_bytes(root));
    if (!c)
      throw std::runtime_error(
          fmt::format("consistency proof {}->{} does not verify: {}", m, size, c.reason));
  }
}

std::string mib(uint64_t bytes) { return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1 << 20)); }

// The disk's own cost of durability, measured in the bench directory, as context for the figures:
// (a) overwrite 4 KiB of an existing file + fdatasync (the device flush), (b) what Log::append does
// per file: create a temporary file, write 8 KiB, fdatasync, rename, fsync the directory.
struct Probe {
  double flush_p50_us = 0, flush_p99_us = 0, file_p50_us = 0, file_p99_us = 0;
};

Probe probe_disk(const fs::path& base) {
  fs::path dir = base / "probe";
  fs::create_directories(dir);
  Probe p;
  std::string block(8192, 'x');
  std::vector<double> flush, file;
  int fd = ::open((dir / "flush").c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("probe: open failed");
  if (::write(fd, block.data(), 4096) != 4096 || ::fdatasync(fd) != 0)
    throw std::runtime_error("probe: write failed");
  for (int i = 0; i < 200; ++i) {
    auto t0 = Clock::now();
    if (::pwrite(fd, block.data(), 4096, 0) != 4096 || ::fdatasync(fd) != 0)
      throw std::runtime_error("probe: write failed");
    flush.push_back(seconds(Clock::now() - t0) * 1e6);
  }
  ::close(fd);
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  for (int i = 0; i < 200; ++i) {
    fs::path tmp = dir / fmt::format("{}.tmp", i), final = dir / fmt::format("{}", i);
    auto t0 = Clock::now();
    int f = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f < 0 || ::write(f, block.data(), block.size()) != static_cast<ssize_t>(block.size()) ||
        ::fdatasync(f) != 0 || ::close(f) != 0 || ::rename(tmp.c_str(), final.c_str()) != 0 ||
        ::fsync(dfd) != 0)
      throw std::runtime_error("probe: durable file write failed");
    file.push_back(seconds(Clock::now() - t0) * 1e6);
  }
  ::close(dfd);
  fs::remove_all(dir);
  p.flush_p50_us = percentile(flush, 0.5);
  p.flush_p99_us = percentile(flush, 0.99);
  p.file_p50_us = percentile(file, 0.5);
  p.file_p99_us = percentile(file, 0.99);
  return p;
}

std::string probe_text(const Probe& p) {
  return fmt::format(
      "4 KiB overwrite + fdatasync p50 {:.0f} µs, p99 {:.0f} µs; new 8 KiB file + fdatasync + rename + "
      "dir fsync p50 {:.0f} µs, p99 {:.0f} µs",
      p.flush_p50_us, p.flush_p99_us, p.file_p50_us, p.file_p99_us);
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_args(argc, argv);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);
  fs::path base;
  bool remove_base = false;
  if (o.dir.empty()) {
    std::string tmpl = "/var/tmp/haoban-ledger-bench-XXXXXX";
    if (!::mkdtemp(tmpl.data())) {
      std::perror("mkdtemp");
      return 1;
    }
    base = tmpl;
    remove_base = !o.keep;
  } else {
    base = o.dir;
    fs::create_directories(base);
  }
  int status = 0;
  try {
    auto sign = checkpoint_signer({SigningKey::generate(SigAlg::sm2, kOrigin)});
    double avg_entry = 0;
    for (uint64_t i = 0; i < 10000; ++i) avg_entry += static_cast<double>(entry_bytes(i).size());
    avg_entry /= 10000;

    if (!o.existing.empty()) {
      o.hash = Log::read_params(o.existing).hash;
      o.entries = Log::open(o.existing, sign)->size();
      o.record = false;
    }
    const std::string alg_name(to_string(o.hash));
    std::printf("# bench_ledger: %s entries, hash %s, SM2-signed checkpoints, logs in %s\n\n",
                thousands(static_cast<double>(o.entries)).c_str(), alg_name.c_str(),
                o.existing.empty() ? base.c_str() : o.existing.c_str());
    std::printf("entry: canonical JSON, %.1f bytes on average; e.g.\n  %s\n\n", avg_entry,
                entry_bytes(1).c_str());
    std::printf("disk before: %s\n\n", probe_text(probe_disk(base)).c_str());
    std::fflush(stdout);

    // 1. Durable appends, one fresh log per batch size and round (rounds interleave the batch sizes,
    // so drift on a shared machine hits every batch size alike).
    std::vector<std::vector<AppendResult>> appends(o.batches.size());
    fs::path last;
    // Deleting a filled log while measuring the next one makes the kernel free (and, with `discard`,
    // trim) thousands of files in the background, so the logs stay until the end when space allows.
    struct statvfs vfs {};
    ::statvfs(base.c_str(), &vfs);
    double need = static_cast<double>(o.entries) * 320.0 * static_cast<double>(o.batches.size() * o.rounds);
    bool keep_all = need < 0.8 * static_cast<double>(vfs.f_bavail) * static_cast<double>(vfs.f_frsize);
    if (!o.existing.empty()) last = o.existing;
    for (unsigned round = 1; round <= o.rounds && o.existing.empty(); ++round) {
      for (size_t i = 0; i < o.batches.size(); ++i) {
        fs::path dir = base / fmt::format("log-{}-b{}-r{}", alg_name, o.batches[i], round);
        if (fs::exists(dir)) throw std::runtime_error(dir.string() + " exists: pass a fresh --dir");
        std::fprintf(stderr, "round %u: appending %" PRIu64 " entries in batches of %zu to %s\n", round,
                     o.entries, o.batches[i], dir.c_str());
        appends[i].push_back(run_appends(dir, o, o.batches[i], sign));
        if (!last.empty() && remove_base && !keep_all)
          fs::remove_all(last);  // short of space: keep the newest
        last = dir;
      }
    }
    if (o.existing.empty()) {
      std::printf(
          "## Durable appends (Log::append; each batch = its files fsync'd + one signed checkpoint)\n\n");
      if (o.rounds > 1) std::printf("%u rounds; the round with the median entries/s is shown.\n\n", o.rounds);
      std::printf(
          "| batch | entries | entries/s | batches/s | files written / batch | append p50 ms | p99 ms | "
          "max ms | CPU user+sys | CPU µs / entry |%s\n",
          o.rounds > 1 ? " entries/s per round |" : "");
      std::printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%s\n",
                  o.rounds > 1 ? " --- |" : "");
      for (auto& rounds : appends) {
        auto rate = [](const AppendResult& r) { return static_cast<double>(r.entries) / r.wall; };
        std::vector<AppendResult> sorted = rounds;
        std::sort(sorted.begin(), sorted.end(),
                  [&](const auto& a, const auto& b) { return rate(a) < rate(b); });
        const AppendResult& r = sorted[sorted.size() / 2];
        std::string per_round;
        for (const auto& x : rounds) per_round += (per_round.empty() ? "" : " / ") + thousands(rate(x));
        std::printf("| %zu | %s | **%s** | %s | %.1f | %.2f | %.2f | %.2f | %s | %.2f |%s\n", r.batch,
                    thousands(static_cast<double>(r.entries)).c_str(), thousands(rate(r)).c_str(),
                    thousands(static_cast<double>(r.batches) / r.wall).c_str(),
                    static_cast<double>(r.files) / static_cast<double>(r.batches), r.p50_ms, r.p99_ms,
                    r.max_ms, cpu_share(r.cpu, r.wall).c_str(),
                    1e6 * r.cpu.total() / static_cast<double>(r.entries),
                    o.rounds > 1 ? (" " + per_round + " |").c_str() : "");
      }
      std::printf("\n");
      std::fflush(stdout);
    }

    // 1b. Group commit: Ledger::record from many threads.
    if (o.record) {
      fs::path dir = base / fmt::format("ledger-{}-record", alg_name);
      if (fs::exists(dir)) throw std::runtime_error(dir.string() + " exists: pass a fresh --dir");
      std::fprintf(stderr, "Ledger::record: up to %" PRIu64 " entries or %.0f s, from %u threads\n",
                   o.record_entries, o.record_seconds, o.record_threads);
      auto r = run_record(dir, o, sign);  // removed with the base directory at the end
      std::printf(
          "## Group commit (Ledger::record, one entry per call, %u threads; up to %s entries or %.0f s)\n\n",
          o.record_threads, thousands(static_cast<double>(o.record_entries)).c_str(), o.record_seconds);
      std::printf(
          "| entries | seconds | entries/s | checkpoints (fsync'd batches)/s | mean batch | record p50 ms | "
          "p99 ms | CPU user+sys |\n");
      std::printf("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      std::printf("| %s | %.1f | **%s** | %s | %.1f | %.2f | %.2f | %s |\n\n",
                  thousands(static_cast<double>(r.entries)).c_str(), r.wall,
                  thousands(static_cast<double>(r.entries) / r.wall).c_str(),
                  thousands(static_cast<double>(r.batches) / r.wall).c_str(),
                  static_cast<double>(r.entries) / static_cast<double>(r.batches), r.p50_ms, r.p99_ms,
                  cpu_share(r.cpu, r.wall).c_str());
      std::fflush(stdout);
    }

    // Disk use of the last filled log.
    {
      auto d = disk_use(last);
      double per_m = 1e6 / static_cast<double>(o.entries);
      std::printf("## Disk use (%s, %s entries)\n\n", last.filename().c_str(),
                  thousands(static_cast<double>(o.entries)).c_str());
      std::printf("| | total | per million entries |\n| --- | ---: | ---: |\n");
      std::printf("| allocated (du) | %s | %s |\n", mib(d.allocated).c_str(),
                  mib(static_cast<uint64_t>(static_cast<double>(d.allocated) * per_m)).c_str());
      std::printf("| file bytes | %s | %s |\n", mib(d.apparent).c_str(),
                  mib(static_cast<uint64_t>(static_cast<double>(d.apparent) * per_m)).c_str());
      std::printf("| files / directories | %s / %s | %s / %s |\n\n",
                  thousands(static_cast<double>(d.files)).c_str(),
                  thousands(static_cast<double>(d.dirs)).c_str(),
                  thousands(static_cast<double>(d.files) * per_m).c_str(),
                  thousands(static_cast<double>(d.dirs) * per_m).c_str());
      std::fflush(stdout);
    }

    // 2. Proofs on the filled log.
    if (o.proofs) {
      auto t0 = Clock::now();
      auto log = Log::open(last, sign);
      double open_s = seconds(Clock::now() - t0);
      check_proofs(*log, o.hash);
      // Each (kind, threads) measured in every round, interleaved; the median round is shown.
      std::vector<std::vector<ProofResult>> rounds(4);
      for (unsigned round = 1; round <= o.rounds; ++round) {
        size_t k = 0;
        for (bool inclusion : {true, false}) {
          for (unsigned threads : {1u, 2u}) {
            std::fprintf(stderr, "round %u: %s proofs, %u thread(s), %g s\n", round,
                         inclusion ? "inclusion" : "consistency", threads, o.proof_seconds);
            rounds[k++].push_back(run_proofs(*log, inclusion, threads, o.proof_seconds));
          }
        }
      }
      std::vector<ProofResult> results;
      for (auto& r : rounds) {
        std::sort(r.begin(), r.end(), [](const auto& a, const auto& b) {
          return static_cast<double>(a.proofs) / a.wall < static_cast<double>(b.proofs) / b.wall;
        });
        results.push_back(r[r.size() / 2]);
      }
      std::printf(
          "## Proofs at the full size %s (page cache warm; Log::open took %.0f ms; a sample of 200 of "
          "each verified; %g s per measurement%s)\n\n",
          thousands(static_cast<double>(log->size())).c_str(), open_s * 1e3, o.proof_seconds,
          o.rounds > 1 ? fmt::format(", median of {} rounds", o.rounds).c_str() : "");
      std::printf(
          "| proof | threads | proofs/s | µs per proof per thread | CPU µs / proof | hashes per proof | CPU "
          "user+sys |\n");
      std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
      for (const auto& r : results) {
        double rate = static_cast<double>(r.proofs) / r.wall;
        std::printf("| %s | %u | **%s** | %.1f | %.1f | %.1f | %s |\n", r.kind, r.threads,
                    thousands(rate).c_str(), 1e6 * r.threads / rate,
                    1e6 * r.cpu.total() / static_cast<double>(r.proofs), r.avg_len,
                    cpu_share(r.cpu, r.wall).c_str());
      }
      std::printf("\n");
      std::fflush(stdout);
    }

    // 3. verify_log over the whole log: files evicted from the page cache first, then warm.
    if (o.verify) {
      std::printf("## verify_log over the whole log\n\n");
      std::printf(
          "| page cache | entries | seconds | entries/s | CPU user+sys | CPU µs / entry |\n"
          "| --- | ---: | ---: | ---: | ---: | ---: |\n");
      for (bool cold : {true, false}) {
        if (cold) evict(last);
        std::fprintf(stderr, "verify_log (%s)\n", cold ? "cold" : "warm");
        Cpu c0 = Cpu::now();
        auto t0 = Clock::now();
        auto r = verify_log(last);
        double wall = seconds(Clock::now() - t0);
        Cpu cpu = Cpu::now() - c0;
        if (!r.ok) throw std::runtime_error(fmt::format("verify_log failed: {}: {}", r.file, r.problem));
        std::printf("| %s | %s | %.2f | **%s** | %s | %.2f |\n", cold ? "cold (files evicted)" : "warm",
                    thousands(static_cast<double>(r.entries_checked)).c_str(), wall,
                    thousands(static_cast<double>(r.entries_checked) / wall).c_str(),
                    cpu_share(cpu, wall).c_str(), 1e6 * cpu.total() / static_cast<double>(r.entries_checked));
      }
      std::printf("\n");
    }
    std::printf("disk after: %s\n", probe_text(probe_disk(base)).c_str());
  } catch (const haoban::Error& e) {
    std::fprintf(stderr, "bench_ledger: %s: %s\n", e.title().c_str(), e.detail().c_str());
    status = 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ledger: %s\n", e.what());
    status = 1;
  }
  if (remove_base) {
    std::error_code ec;
    fs::remove_all(base, ec);
  } else {
    std::fprintf(stderr, "logs kept in %s\n", base.c_str());
  }
  return status;
}
