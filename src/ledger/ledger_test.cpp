#include "ledger/ledger.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/clock.h"
#include "core/error.h"
#include "ledger/proof.h"
#include "ledger/witness.h"
#include "testing/testing.h"

namespace haoban::ledger {
namespace {

namespace fs = std::filesystem;

Entry material(int n) {
  Entry e;
  e.kind = EntryKind::material_create;
  e.subject = "person:" + std::to_string(1000 + n % 7);
  e.id = "M" + std::to_string(n);
  e.content = std::string(64, 'a');
  e.category = "C0101";
  e.actor = "account:42";
  e.application = "BS2026-000" + std::to_string(n);
  e.time = "2026-11-27T04:00:00Z";
  return e;
}

TEST(Entry, CanonicalJsonIsSortedCompactAndRoundTrips) {
  Entry e = material(1);
  e.category = "含\"引号\"\n";
  std::string json = canonical_json(e);
  EXPECT_EQ(json.find(' '), std::string::npos);
  EXPECT_LT(json.find("\"actor\""), json.find("\"application\""));
  EXPECT_LT(json.find("\"subject\""), json.find("\"time\""));
  EXPECT_NE(json.find("\"kind\":\"material.create\""), std::string::npos);
  auto back = parse_entry(json);
  ASSERT_TRUE(back);
  EXPECT_EQ(canonical_json(*back), json);
  EXPECT_FALSE(parse_entry("{\"kind\":\"material.create\"}"));
  EXPECT_FALSE(parse_entry(json + " "));  // not canonical
  EXPECT_FALSE(parse_entry("not json"));
  for (auto k : {EntryKind::material_create, EntryKind::material_reuse, EntryKind::material_revoke,
                 EntryKind::certificate_issue, EntryKind::decision_policy, EntryKind::audit_batch})
    EXPECT_EQ(parse_entry_kind(to_string(k)), k);
}

class LedgerTest : public ::testing::Test {
 protected:
  LedgerTest() : log_key_(SigningKey::generate(SigAlg::sm2, "test.example/log")) {
    Log::create(dir(), {"test.example/log", HashAlg::sm3}, checkpoint_signer({log_key_}));
    ledger_ = std::make_unique<Ledger>(Log::open(dir(), checkpoint_signer({log_key_})));
  }
  fs::path dir() const { return tmp_.path() / "ledger"; }

  testing::TempDir tmp_;
  SigningKey log_key_;
  std::unique_ptr<Ledger> ledger_;
};

TEST_F(LedgerTest, ConcurrentRecordsAreAllDurableWithDistinctIndexes) {
  constexpr int kThreads = 8, kEach = 150;
  std::vector<std::vector<uint64_t>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) got[t].push_back(ledger_->record(material(t * kEach + i)));
    });
  for (auto& th : threads) th.join();
  std::set<uint64_t> all;
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kEach; ++i) {
      all.insert(got[t][i]);
      EXPECT_EQ(ledger_->log().entry(got[t][i]), canonical_json(material(t * kEach + i)));
    }
  EXPECT_EQ(all.size(), size_t{kThreads * kEach});
  EXPECT_EQ(ledger_->log().size(), uint64_t{kThreads * kEach});
  EXPECT_TRUE(verify_log(dir()).ok);
}

TEST_F(LedgerTest, ReceiptVerifiesOfflineAndNamesWhatIsWrong) {
  std::vector<Entry> batch;
  for (int i = 0; i < 300; ++i) batch.push_back(material(i));
  uint64_t first = ledger_->record_all(batch);
  EXPECT_EQ(first, 0u);
  std::string receipt = ledger_->receipt(257);
  EXPECT_TRUE(receipt.starts_with("c2sp.org/tlog-proof@v1\nextra "));
  auto check = verify_receipt(receipt, log_key_.verifier(), HashAlg::sm3);
  ASSERT_TRUE(check.ok) << check.reason;
  ASSERT_TRUE(check.entry);
  EXPECT_EQ(check.entry->id, "M257");
  EXPECT_EQ(check.checkpoint->size, 300u);

  // Another log's key, the wrong hash, an edited entry, a short proof: each refused with a reason.
  auto other = SigningKey::generate(SigAlg::sm2, "test.example/log");
  EXPECT_FALSE(verify_receipt(receipt, other.verifier(), HashAlg::sm3).ok);
  EXPECT_FALSE(verify_receipt(receipt, log_key_.verifier(), HashAlg::sha256).ok);
  Receipt r = parse_receipt(receipt);
  r.extra = canonical_json(material(258));
  auto edited = verify_receipt(format_receipt(r), log_key_.verifier(), HashAlg::sm3);
  EXPECT_FALSE(edited.ok);
  EXPECT_NE(edited.reason.find("inclusion proof"), std::string::npos) << edited.reason;
  r = parse_receipt(receipt);
  r.proof.pop_back();
  EXPECT_FALSE(verify_receipt(format_receipt(r), log_key_.verifier(), HashAlg::sm3).ok);
  for (std::string bad : {"", "hello\n", "c2sp.org/tlog-proof@v1\nindex 01\n\n", "c2sp.org/tlog-proof@v1\nindex 1\nnot base64!\n\n",
                          "c2sp.org/tlog-proof@v1\nindex 1\nAAAA\n\nx\n"}) {
    auto c = verify_receipt(bad, log_key_.verifier(), HashAlg::sm3);
    EXPECT_FALSE(c.ok);
    EXPECT_FALSE(c.reason.empty());
  }
  EXPECT_THROW(ledger_->receipt(300), Error);
}

class WitnessTest : public LedgerTest {
 protected:
  WitnessTest()
      : clock_(SysTime(std::chrono::seconds(1'800'000'000))),
        witness_key_(SigningKey::generate(SigAlg::sm2, "audit.example/witness")),
        witness_(tmp_.path() / "witness", witness_key_, {{log_key_.verifier(), HashAlg::sm3}}, clock_) {}

  // What the log's witness round does: request, then merge the cosignature into the note.
  Witness::Reply submit(uint64_t old_size) {
    std::vector<Hash> proof;
    if (old_size > 0 && old_size < ledger_->log().size()) proof = ledger_->log().consistency_proof(old_size, ledger_->log().size());
    return witness_.add_checkpoint(add_checkpoint_request(old_size, proof, ledger_->log().checkpoint()));
  }

  ManualClock clock_;
  SigningKey witness_key_;
  Witness witness_;
};

TEST_F(WitnessTest, CosignsConsistentGrowthAndReceiptsCarryIt) {
  ledger_->record(material(0));
  auto r = submit(0);
  ASSERT_EQ(r.status, 200) << r.body;
  std::vector<VerifierKey> witnesses{witness_key_.verifier(KeyRole::cosigner)};
  std::string cosigned = merge_cosignatures(ledger_->log().checkpoint(), r.body, witnesses);
  ledger_->set_cosigned(cosigned);
  EXPECT_EQ(ledger_->checkpoint(), cosigned);
  EXPECT_EQ(verify_cosignature(parse_note(cosigned), witnesses[0]), 1'800'000'000u);

  for (int i = 1; i < 40; ++i) ledger_->record(material(i));
  EXPECT_NE(ledger_->checkpoint(), cosigned) << "a stale cosigned checkpoint is not served as current";
  r = submit(1);
  ASSERT_EQ(r.status, 200) << r.body;
  ledger_->set_cosigned(merge_cosignatures(ledger_->log().checkpoint(), r.body, witnesses));
  auto check = verify_receipt(ledger_->receipt(17), log_key_.verifier(), HashAlg::sm3, witnesses, 1);
  ASSERT_TRUE(check.ok) << check.reason;
  EXPECT_EQ(check.cosigners, std::vector<std::string>{"audit.example/witness"});
}

TEST_F(WitnessTest, RefusesRollbackForkAndStrangers) {
  for (int i = 0; i < 10; ++i) ledger_->record(material(i));
  ASSERT_EQ(submit(0).status, 200);

  // Rollback or a stale client: the old size must be the witness's latest, which it reports.
  auto stale = submit(0);
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(stale.content_type, "text/x.tlog.size");
  EXPECT_EQ(stale.body, "10\n");

  // A fork: another history of the same origin and key, with a proof that cannot connect.
  testing::TempDir other;
  Log::create(other.path() / "l", {"test.example/log", HashAlg::sm3}, checkpoint_signer({log_key_}));
  auto forked = Log::open(other.path() / "l", checkpoint_signer({log_key_}));
  std::vector<std::string> rewritten;
  for (int i = 0; i < 12; ++i) rewritten.push_back(canonical_json(material(100 + i)));
  forked->append(rewritten);
  auto proof = forked->consistency_proof(10, 12);
  auto fork = witness_.add_checkpoint(add_checkpoint_request(10, proof, forked->checkpoint()));
  EXPECT_EQ(fork.status, 422) << fork.body;

  // Same size, different root.
  std::vector<std::string> ten(rewritten.begin(), rewritten.begin() + 10);
  testing::TempDir third;
  Log::create(third.path() / "l", {"test.example/log", HashAlg::sm3}, checkpoint_signer({log_key_}));
  auto same_size = Log::open(third.path() / "l", checkpoint_signer({log_key_}));
  same_size->append(ten);
  EXPECT_EQ(witness_.add_checkpoint(add_checkpoint_request(10, {}, same_size->checkpoint())).status, 409);

  // Unknown origin, a forged signature, garbage.
  auto stranger = SigningKey::generate(SigAlg::sm2, "stranger.example/log");
  std::string foreign = checkpoint_signer({stranger})(format_checkpoint_body({"stranger.example/log", 0, Hasher(HashAlg::sm3).empty_root(), {}}));
  EXPECT_EQ(witness_.add_checkpoint(add_checkpoint_request(0, {}, foreign)).status, 404);
  auto impostor = SigningKey::generate(SigAlg::sm2, "test.example/log");
  std::string forged = checkpoint_signer({impostor})(parse_note(ledger_->log().checkpoint()).text);
  EXPECT_EQ(witness_.add_checkpoint(add_checkpoint_request(10, {}, forged)).status, 403);
  EXPECT_EQ(witness_.add_checkpoint("old 5\n\n" + ledger_->log().checkpoint()).status, 409);
  EXPECT_EQ(witness_.add_checkpoint("old 50\n\n" + ledger_->log().checkpoint()).status, 400);
  EXPECT_EQ(witness_.add_checkpoint("hello").status, 400);
  EXPECT_EQ(witness_.add_checkpoint("old 10\n!!\n\n" + ledger_->log().checkpoint()).status, 400);

  // After all that, honest growth is still cosigned.
  ledger_->record(material(10));
  EXPECT_EQ(submit(10).status, 200);
}

}  // namespace
}  // namespace haoban::ledger
