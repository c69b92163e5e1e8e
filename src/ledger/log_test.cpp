#include "ledger/log.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "core/error.h"
#include "ledger/files.h"
#include "ledger/ledger.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tiles.h"
#include "testing/testing.h"

namespace haoban::ledger {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> make_entries(uint64_t from, uint64_t count) {
  std::vector<std::string> out;
  for (uint64_t i = from; i < from + count; ++i) out.push_back("{\"n\":" + std::to_string(i) + "}");
  return out;
}

class LogTest : public ::testing::Test {
 protected:
  LogTest() : key_(SigningKey::generate(SigAlg::sm2, "test.example/log")), sign_(checkpoint_signer({key_})) {}

  std::unique_ptr<Log> fresh(HashAlg alg = HashAlg::sm3) {
    Log::create(dir(), {"test.example/log", alg}, sign_);
    return Log::open(dir(), sign_);
  }
  fs::path dir() const { return tmp_.path() / "ledger"; }

  void flip_byte(const std::string& rel, size_t offset) {
    auto data = *read_file(dir() / rel);
    data[offset % data.size()] ^= 0x01;
    std::ofstream(dir() / rel, std::ios::binary | std::ios::trunc) << data;
  }

  testing::TempDir tmp_;
  SigningKey key_;
  CheckpointSigner sign_;
};

TEST_F(LogTest, GrowsLikeTheInMemoryTreeAcrossTileBoundaries) {
  auto log = fresh(HashAlg::sha256);
  Hasher h(HashAlg::sha256);
  std::vector<Hash> leaves;
  std::vector<uint64_t> sizes{0};
  for (uint64_t batch : {1, 254, 1, 1, 300, 65536, 3907}) {
    auto entries = make_entries(log->size(), batch);
    EXPECT_EQ(log->append(entries), sizes.back());
    for (const auto& e : entries) leaves.push_back(h.leaf(e));
    sizes.push_back(log->size());
    ASSERT_EQ(log->size(), leaves.size());
    ASSERT_EQ(log->root(), root_of(h, leaves)) << "after " << log->size();
    auto cp = parse_checkpoint_body(parse_note(log->checkpoint()).text);
    EXPECT_EQ(cp.size, log->size());
    EXPECT_EQ(cp.root, log->root());
    EXPECT_TRUE(verify_note_signature(parse_note(log->checkpoint()), key_.verifier()));
  }
  uint64_t n = log->size();
  ASSERT_EQ(n, 70000u);
  for (uint64_t i : {0ull, 255ull, 256ull, 65535ull, 65536ull, 69999ull}) {
    EXPECT_EQ(log->entry(i), "{\"n\":" + std::to_string(i) + "}");
    std::vector<std::string> proof;
    for (const auto& p : log->inclusion_proof(i, n)) proof.emplace_back(as_bytes(p));
    EXPECT_TRUE(verify_inclusion(h, i, n, as_bytes(leaves[i]), proof, as_bytes(log->root())).ok) << i;
  }
  for (size_t k = 1; k + 1 < sizes.size(); ++k) {
    std::vector<std::string> proof;
    for (const auto& p : log->consistency_proof(sizes[k], n)) proof.emplace_back(as_bytes(p));
    EXPECT_TRUE(verify_consistency(h, sizes[k], n, proof, as_bytes(log->root_at(sizes[k])), as_bytes(log->root())).ok);
    EXPECT_EQ(log->root_at(sizes[k]), root_of(h, std::span(leaves).first(sizes[k])));
  }
  // The layout c2sp.org/tlog-tiles describes for a tree of 70,000 entries.
  for (const char* rel : {"tile/0/272", "tile/0/273.p/112", "tile/1/000", "tile/1/001.p/17", "tile/2/000.p/1",
                          "tile/entries/272", "tile/entries/273.p/112"})
    EXPECT_TRUE(fs::exists(dir() / rel)) << rel;
  EXPECT_FALSE(fs::exists(dir() / "tile/0/000.p")) << "partial tiles go once the full tile exists";
  EXPECT_TRUE(verify_log(dir()).ok) << verify_log(dir()).problem;

  // Served to monitors: what the checkpoint publishes, nothing beyond it, nothing but tiles.
  EXPECT_EQ(log->published_tile("0/273.p/112")->size(), 112u * 32);
  EXPECT_EQ(log->published_tile("entries/000"), read_file(dir() / "tile/entries/000"));
  EXPECT_FALSE(log->published_tile("0/273.p/113"));
  EXPECT_FALSE(log->published_tile("0/273"));
  EXPECT_FALSE(log->published_tile("0/000.p/5")) << "replaced by its full tile";
  EXPECT_FALSE(log->published_tile("../params"));
  // A partial file of a published width but other content (left by a failed batch) is not served.
  std::string stale = *read_file(dir() / "tile/0/273.p/112");
  flip_byte("tile/0/273.p/112", 40);
  EXPECT_FALSE(log->published_tile("0/273.p/112"));
  std::ofstream(dir() / "tile/0/273.p/112", std::ios::binary | std::ios::trunc) << stale;
  EXPECT_TRUE(log->published_tile("0/273.p/112"));

  auto reopened = Log::open(dir(), sign_);
  EXPECT_EQ(reopened->root(), log->root());
  reopened->append(make_entries(n, 10));
  leaves.clear();
  for (uint64_t i = 0; i < n + 10; ++i) leaves.push_back(h.leaf("{\"n\":" + std::to_string(i) + "}"));
  EXPECT_EQ(reopened->root(), root_of(h, leaves));
}

TEST_F(LogTest, AMissingCheckpointWithTilesIsCorruptionNotANewLog) {
  auto log = fresh();
  log->append(make_entries(0, 10));
  log.reset();
  fs::remove(dir() / "checkpoint");
  EXPECT_THROW(Log::open(dir(), sign_), Error);
  EXPECT_TRUE(fs::exists(dir() / "tile/entries/000.p/10")) << "nothing was overwritten";
}

TEST_F(LogTest, AFailedBatchLeavesNoPartialFilesBehind) {
  auto log = fresh();
  log->append(make_entries(0, 20));
  int steps = 0;
  auto failing = Log::open(dir(), sign_, [&](std::string_view step) {
    if (step == "checkpoint" && steps++ == 0) throw Error(ErrorKind::unavailable, "disk-full", "磁盘已满");
  });
  EXPECT_THROW(failing->append(make_entries(20, 10)), Error);
  EXPECT_FALSE(fs::exists(dir() / "tile/0/000.p/30"));
  EXPECT_FALSE(fs::exists(dir() / "tile/entries/000.p/30"));
  EXPECT_EQ(failing->size(), 20u);
  failing->append(make_entries(20, 12));
  EXPECT_EQ(failing->size(), 32u);
  EXPECT_TRUE(verify_log(dir()).ok);
}

TEST_F(LogTest, RefusesWhatItCannotStoreAndChangesNothing) {
  auto log = fresh();
  log->append(make_entries(0, 3));
  std::string before = log->checkpoint();
  std::vector<std::string> big{"ok", std::string(kMaxEntryBytes + 1, 'x')};
  EXPECT_THROW(log->append(big), Error);
  EXPECT_EQ(log->checkpoint(), before);
  EXPECT_EQ(log->size(), 3u);
  EXPECT_THROW(log->entry(3), Error);
  EXPECT_THROW(log->inclusion_proof(0, 4), Error);
  EXPECT_THROW(log->consistency_proof(2, 4), Error);
  EXPECT_THROW(log->consistency_proof(0, 3), Error);
  EXPECT_THROW(Log::create(dir(), {"test.example/log", HashAlg::sm3}, sign_), Error);
}

TEST_F(LogTest, VerifyNamesTheTamperedFile) {
  auto log = fresh();
  log->append(make_entries(0, 256 * 256 + 300));
  ASSERT_TRUE(verify_log(dir()).ok);
  for (const char* rel : {"tile/entries/005", "tile/0/007", "tile/entries/257.p/44", "tile/0/257.p/44",
                          "tile/1/000", "tile/1/001.p/1", "tile/2/000.p/1", "checkpoint"}) {
    SCOPED_TRACE(rel);
    std::string original = *read_file(dir() / rel);
    flip_byte(rel, rel == std::string("checkpoint") ? 30 : 77);
    auto report = verify_log(dir());
    EXPECT_FALSE(report.ok);
    EXPECT_NE((report.file + " " + report.problem).find(rel), std::string::npos) << report.file << ": " << report.problem;
    std::ofstream(dir() / rel, std::ios::binary | std::ios::trunc) << original;
  }
  EXPECT_TRUE(verify_log(dir()).ok);
}

// Kill the writer at every durable step of an append (a child process exits on the spot) and check
// that the log still opens, verifies, holds every acknowledged entry, and takes new appends.
TEST_F(LogTest, SurvivesACrashAtEveryStepOfAnAppend) {
  {
    auto log = fresh();
    log->append(make_entries(0, 65400));  // the next 600 fill level 0 and level 1 tiles
  }
  fs::path pristine = tmp_.path() / "pristine";
  fs::copy(dir(), pristine, fs::copy_options::recursive);
  int crashed_runs = 0;
  for (int crash_at = 0;; ++crash_at) {
    fs::remove_all(dir());
    fs::copy(pristine, dir(), fs::copy_options::recursive);
    fs::path acked = tmp_.path() / "acked";
    fs::remove(acked);
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      int steps = 0;
      auto log = Log::open(dir(), sign_, [&](std::string_view) {
        if (steps++ == crash_at) _exit(0);
      });
      log->append(make_entries(65400, 600));
      std::ofstream(acked) << "yes";
      _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    bool was_acked = fs::exists(acked);
    auto report = verify_log(dir());
    ASSERT_TRUE(report.ok) << "crash at step " << crash_at << ": " << report.file << " " << report.problem;
    auto log = Log::open(dir(), sign_);
    if (was_acked) {
      EXPECT_EQ(log->size(), 66000u);
    }
    EXPECT_TRUE(log->size() == 65400 || log->size() == 66000) << log->size();
    EXPECT_EQ(log->entry(65399), "{\"n\":65399}");
    uint64_t size = log->size();
    log->append(make_entries(size, 5));
    EXPECT_EQ(log->entry(size + 4), "{\"n\":" + std::to_string(size + 4) + "}");
    EXPECT_TRUE(verify_log(dir()).ok) << "after recovering from step " << crash_at;
    if (was_acked) break;
    ++crashed_runs;
  }
  EXPECT_GT(crashed_runs, 10);
}

}  // namespace
}  // namespace haoban::ledger
