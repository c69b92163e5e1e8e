// Applicants' signing keys: registered as points, verified signatures, revocation, limits, and
// one account never using another's key.
#include "identity/signing_keys.h"

#include <gtest/gtest.h>

#include "core/encoding.h"
#include "core/error.h"
#include "identity/identity.h"
#include "ledger/keys.h"
#include "testing/testing.h"

namespace haoban::identity {
namespace {

using namespace std::chrono_literals;

class SigningKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = db::Database::open((dir_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all;
    for (auto span : {db::db_migrations(), IdentityService::migrations(), SigningKeys::migrations()})
      all.insert(all.end(), span.begin(), span.end());
    db_->migrate(all);
    Options o;
    o.fast_password_hashing = true;
    IdentityService ids(*db_, clock_, o);
    for (const char* name : {"zhang.wei", "li.na"}) {
      NewAccount a;
      a.username = name;
      a.kind = AccountKind::person;
      a.display_name = "张伟";
      a.password = "Haoban@2026";
      a.id_number = name[0] == 'z' ? "310113198001010013" : "310113199002020023";
      ids.create_account(a, "test");
    }
    zhang_ = *ids.principal("zhang.wei");
    li_ = *ids.principal("li.na");
    keys_ = std::make_unique<SigningKeys>(*db_, clock_);
  }
  std::string point_of(const ledger::SigningKey& k) { return hex_encode(k.verifier().public_key()); }
  static std::string type_of(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.type();
    }
    return "";
  }

  haoban::testing::TempDir dir_;
  ManualClock clock_{std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 2h};
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<SigningKeys> keys_;
  Principal zhang_, li_;
};

TEST_F(SigningKeysTest, ARegisteredKeyVerifiesOnlyItsOwnSignatures) {
  auto device = ledger::SigningKey::generate(ledger::SigAlg::sm2, "phone");
  SigningKey k = keys_->add(zhang_, point_of(device), "我的手机");
  EXPECT_EQ(k.public_key, point_of(device));
  EXPECT_EQ(k.fingerprint.size(), 16u);
  EXPECT_EQ(keys_->list(zhang_).size(), 1u);
  EXPECT_TRUE(keys_->list(li_).empty());

  const std::string statement = "本人确认享受上述政策";
  EXPECT_EQ(keys_->verify(zhang_, k.id, statement, hex_encode(device.sign(statement))).id, k.id);
  EXPECT_FALSE(keys_->list(zhang_)[0].last_used_at.empty());
  EXPECT_EQ(type_of([&] { keys_->verify(zhang_, k.id, statement + "。", hex_encode(device.sign(statement))); }),
            "bad-signature");
  EXPECT_EQ(type_of([&] { keys_->verify(zhang_, k.id, statement, "zz"); }), "bad-signature");
  // Li cannot use Zhang's key, even with Zhang's valid signature.
  EXPECT_EQ(type_of([&] { keys_->verify(li_, k.id, statement, hex_encode(device.sign(statement))); }), "not-found");

  keys_->revoke(zhang_, k.id);
  keys_->revoke(zhang_, k.id);  // harmless
  EXPECT_EQ(type_of([&] { keys_->verify(zhang_, k.id, statement, hex_encode(device.sign(statement))); }),
            "key-revoked");
  EXPECT_EQ(type_of([&] { keys_->revoke(li_, k.id); }), "not-found");
}

TEST_F(SigningKeysTest, BadKeysAndTooManyKeysAreRefused) {
  auto device = ledger::SigningKey::generate(ledger::SigAlg::sm2, "phone");
  std::string point = point_of(device);
  std::string off = point;
  off.back() = off.back() == '0' ? '1' : '0';
  EXPECT_EQ(type_of([&] { keys_->add(zhang_, off, ""); }), "validation-failed");
  EXPECT_EQ(type_of([&] { keys_->add(zhang_, point.substr(2), ""); }), "validation-failed") << "compressed/raw";
  EXPECT_EQ(type_of([&] { keys_->add(zhang_, "not hex", ""); }), "validation-failed");
  EXPECT_EQ(type_of([&] { keys_->add(zhang_, point, std::string(41 * 3, 'a')); }), "validation-failed");
  EXPECT_TRUE(keys_->list(zhang_).empty()) << "nothing stored";

  keys_->add(zhang_, point, "");
  EXPECT_EQ(type_of([&] { keys_->add(zhang_, point, ""); }), "key-registered");
  for (int i = 1; i < SigningKeys::kMaxActive; ++i)
    keys_->add(zhang_, point_of(ledger::SigningKey::generate(ledger::SigAlg::sm2, "d")), "");
  auto extra = point_of(ledger::SigningKey::generate(ledger::SigAlg::sm2, "d"));
  EXPECT_EQ(type_of([&] { keys_->add(zhang_, extra, ""); }), "too-many-keys");
  keys_->revoke(zhang_, keys_->list(zhang_).back().id);
  EXPECT_NO_THROW(keys_->add(zhang_, extra, "新手机"));
}

}  // namespace
}  // namespace haoban::identity
