#include "ledger/keys.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <sstream>

#include "core/encoding.h"
#include "core/error.h"
#include "testing/testing.h"

namespace haoban::ledger {
namespace {

std::string unhex(std::string_view hex) {
  auto out = hex_decode(hex);
  EXPECT_TRUE(out) << hex;
  return out.value_or("");
}

// Runs `f`, expecting haoban::invalid whose detail contains `needle`.
void expect_invalid(const std::function<void()>& f, std::string_view needle) {
  try {
    f();
    ADD_FAILURE() << "no error; expected one mentioning \"" << needle << "\"";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid) << e.detail();
    EXPECT_NE(e.detail().find(needle), std::string::npos) << "detail: " << e.detail();
  }
}

std::string sha256(std::string_view data) {
  unsigned char out[32];
  unsigned int len = 0;
  EXPECT_EQ(EVP_Digest(data.data(), data.size(), out, &len, EVP_sha256(), nullptr), 1);
  return std::string(reinterpret_cast<const char*>(out), len);
}

uint32_t first_four_be(std::string_view b) {
  return uint32_t{static_cast<unsigned char>(b[0])} << 24 | uint32_t{static_cast<unsigned char>(b[1])} << 16 |
         uint32_t{static_cast<unsigned char>(b[2])} << 8 | static_cast<unsigned char>(b[3]);
}

std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void write_file(const std::filesystem::path& p, std::string_view data) {
  std::ofstream(p, std::ios::binary) << data;
}

// GB/T 32918.5-2017 Annex A (recommended curve), also GM/T 0003.5-2012 Annex A.
constexpr std::string_view kSm2D = "3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8";
constexpr std::string_view kSm2X = "09F9DF311E5421A150DD7D161E4BC5C672179FAD1833FC076BB08FF356F35020";
constexpr std::string_view kSm2Y = "CCEA490CE26775A52DC6EA718CC1AA600AED05FBF35E084A6632F6072DA9AD13";
constexpr std::string_view kSm2R = "F5A03B0648D2C4630EEAC513E1BB81A15944DA3827D5B74143AC7EACEEE720B3";
constexpr std::string_view kSm2S = "B1B6AA29DF212FD8763182BC0D421CA1BB9038FD1F7F42D4840B69C485BBC1AA";

TEST(Sm2, VerifiesTheStandardSampleSignatureOnlyWithItsId) {
  auto key = SigningKey::from_sm2_scalar("sample", unhex(kSm2D), "1234567812345678");
  VerifierKey v = key.verifier();
  EXPECT_EQ(v.public_key(), unhex("04" + std::string(kSm2X) + std::string(kSm2Y)));
  std::string sig = unhex(std::string(kSm2R) + std::string(kSm2S));
  EXPECT_TRUE(v.verify("message digest", sig));
  EXPECT_FALSE(v.verify("message digesT", sig));

  // The same key with OpenSSL's default (empty) ID or another ID computes a different Z.
  auto empty_id = SigningKey::from_sm2_scalar("sample", unhex(kSm2D), "");
  EXPECT_FALSE(empty_id.verifier().verify("message digest", sig));
  auto other_id = SigningKey::from_sm2_scalar("sample", unhex(kSm2D), "ALICE123@YAHOO.COM");
  EXPECT_FALSE(other_id.verifier().verify("message digest", sig));

  // The ID travels inside the vkey, so a parsed verifier checks it the same way.
  auto parsed = VerifierKey::parse(v.to_string());
  EXPECT_EQ(parsed.distinguishing_id(), "1234567812345678");
  EXPECT_TRUE(parsed.verify("message digest", sig));
  EXPECT_FALSE(VerifierKey::parse(empty_id.verifier().to_string()).verify("message digest", sig));

  // Signing uses the ID too (verification with the ID is pinned by the sample above).
  std::string fresh = key.sign("message digest");
  EXPECT_TRUE(v.verify("message digest", fresh));
  EXPECT_FALSE(empty_id.verifier().verify("message digest", fresh));
  EXPECT_TRUE(empty_id.verifier().verify("message digest", empty_id.sign("message digest")));
  EXPECT_FALSE(v.verify("message digest", empty_id.sign("message digest")));
}

// An applicant's key is only a point: the browser keeps the private key. The second signature was
// made by the web app's SM2 library (sm-crypto 0.5.8, doSignature with SM3 and the default ID) over
// a UTF-8 message, so the two implementations agree on Z, the digest and r || s.
TEST(Sm2, VerifiesARawPointsSignaturesFromOtherImplementations) {
  std::string point = unhex("04" + std::string(kSm2X) + std::string(kSm2Y));
  EXPECT_TRUE(is_sm2_point(point));
  EXPECT_TRUE(verify_sm2(point, kDefaultSm2Id, "message digest", unhex(std::string(kSm2R) + std::string(kSm2S))));
  EXPECT_FALSE(verify_sm2(point, "", "message digest", unhex(std::string(kSm2R) + std::string(kSm2S))));

  const std::string message = "haoban-policy-confirmation/v1\n金额: 300000\n";
  std::string browser = unhex(
      "da8e2f4dfe034bc75cee311a95b6684b6149a5e82113aedcd0d4c03021fbff3b"
      "e176ec66b0c013f26c95c26e256ef1df39cd0d9af51f3710df99c81fe152cf4e");
  EXPECT_TRUE(verify_sm2(point, kDefaultSm2Id, message, browser));
  EXPECT_FALSE(verify_sm2(point, kDefaultSm2Id, "haoban-policy-confirmation/v1\n金额: 300001\n", browser));
  EXPECT_FALSE(verify_sm2(point, kDefaultSm2Id, message, browser.substr(1)));

  std::string off_curve = point;
  off_curve[64] ^= 1;
  EXPECT_FALSE(is_sm2_point(off_curve));
  EXPECT_FALSE(verify_sm2(off_curve, kDefaultSm2Id, message, browser));
  EXPECT_FALSE(is_sm2_point(point.substr(1)));
  EXPECT_FALSE(is_sm2_point(""));
}

TEST(Sm2, SignsVerifiablyWithFixedSizeSignatures) {
  auto key = SigningKey::generate(SigAlg::sm2, "ledger.example/sm2");
  EXPECT_EQ(key.distinguishing_id(), kDefaultSm2Id);
  std::string sig = key.sign("hello");
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(key.verifier().verify("hello", sig));
  EXPECT_FALSE(key.verifier().verify("hello!", sig));
  std::string tampered = sig;
  tampered[10] ^= 1;
  EXPECT_FALSE(key.verifier().verify("hello", tampered));
  EXPECT_FALSE(key.verifier().verify("hello", sig.substr(0, 63)));
  EXPECT_FALSE(key.verifier().verify("hello", std::string(64, '\0')));
  EXPECT_FALSE(key.verifier().verify("hello", std::string(64, '\xff')));
}

TEST(Sm2, RejectsOutOfRangePrivateKeys) {
  expect_invalid([] { SigningKey::from_sm2_scalar("k", std::string(32, '\0')); }, "[1, n-2]");
  // n - 1, one above the largest allowed private key.
  expect_invalid(
      [] {
        SigningKey::from_sm2_scalar(
            "k", unhex("FFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54122"));
      },
      "[1, n-2]");
  expect_invalid([] { SigningKey::from_sm2_scalar("k", std::string(31, '\1')); }, "32-byte");
  expect_invalid([] { SigningKey::generate(SigAlg::sm2, "k", std::string(256, 'a')); }, "at most 255");
}

// RFC 8032 §7.1 TEST 1.
TEST(Ed25519, SignsTheRfc8032Vector) {
  auto key = SigningKey::from_ed25519_seed(
      "rfc8032", unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
  EXPECT_EQ(key.verifier().public_key(),
            unhex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"));
  std::string expected = unhex(
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5"
      "f0595bbe2"
      "4655141438e7a100b");
  EXPECT_EQ(key.sign(""), expected);
  EXPECT_TRUE(key.verifier().verify("", expected));
  EXPECT_FALSE(key.verifier().verify("x", expected));
  EXPECT_TRUE(key.distinguishing_id().empty());
}

// The example key of golang.org/x/mod/sumdb/note, the reference signed-note implementation.
TEST(Ed25519, MatchesTheReferenceVkey) {
  std::string skey = base64_decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").value();
  ASSERT_EQ(skey[0], '\x01');
  auto key = SigningKey::from_ed25519_seed("PeterNeumann", skey.substr(1));
  EXPECT_EQ(key.verifier().to_string(), "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW");
  EXPECT_EQ(key.key_id(), 0xc74f20a3u);
}

TEST(Ed25519, RoundTripsAndRejectsTampering) {
  auto key = SigningKey::generate(SigAlg::ed25519, "witness.example/w1", "ignored");
  EXPECT_TRUE(key.distinguishing_id().empty());
  std::string sig = key.sign("text\n");
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(key.verifier().verify("text\n", sig));
  sig[0] ^= 0x80;
  EXPECT_FALSE(key.verifier().verify("text\n", sig));
  auto other = SigningKey::generate(SigAlg::ed25519, "witness.example/w1");
  EXPECT_FALSE(other.verifier().verify("text\n", key.sign("text\n")));
}

TEST(KeyNames, FollowSignedNoteRules) {
  EXPECT_TRUE(is_valid_key_name("example.com/log42"));
  EXPECT_TRUE(is_valid_key_name("宝山区/政务账本"));
  EXPECT_FALSE(is_valid_key_name(""));
  EXPECT_FALSE(is_valid_key_name("a b"));
  EXPECT_FALSE(is_valid_key_name("a+b"));
  EXPECT_FALSE(is_valid_key_name("a\tb"));
  EXPECT_FALSE(
      is_valid_key_name("a\x01"
                        "b"));
  EXPECT_FALSE(
      is_valid_key_name("a\xC2\xA0"
                        "b"));  // U+00A0 no-break space
  EXPECT_FALSE(
      is_valid_key_name("a\xE3\x80\x80"
                        "b"));  // U+3000 ideographic space
  EXPECT_FALSE(
      is_valid_key_name("a\xE2\x80\xA8"
                        "b"));  // U+2028 line separator
  EXPECT_FALSE(
      is_valid_key_name("a\xFF"
                        "b"));
  expect_invalid([] { SigningKey::generate(SigAlg::ed25519, "bad name"); }, "key name");
}

TEST(VerifierKeys, RoundTripThroughTextInBothRoles) {
  for (SigAlg alg : {SigAlg::ed25519, SigAlg::sm2}) {
    auto key = SigningKey::generate(alg, "log.example/" + std::string(to_string(alg)));
    EXPECT_NE(key.key_id(KeyRole::note), key.key_id(KeyRole::cosigner));
    for (KeyRole role : {KeyRole::note, KeyRole::cosigner}) {
      VerifierKey v = key.verifier(role);
      VerifierKey parsed = VerifierKey::parse(v.to_string());
      EXPECT_EQ(parsed.to_string(), v.to_string());
      EXPECT_EQ(parsed.name(), key.name());
      EXPECT_EQ(parsed.key_id(), key.key_id(role));
      EXPECT_EQ(parsed.alg(), alg);
      EXPECT_EQ(parsed.role(), role);
      EXPECT_EQ(parsed.distinguishing_id(), key.distinguishing_id());
      EXPECT_TRUE(parsed.verify("m", key.sign("m")));
    }
  }
}

TEST(VerifierKeys, KeyIdsAndTypesFollowTheSpecs) {
  auto ed = SigningKey::generate(SigAlg::ed25519, "w.example/ed");
  std::string pub = ed.verifier().public_key();
  EXPECT_EQ(ed.key_id(KeyRole::note), first_four_be(sha256("w.example/ed\n\x01" + pub)));
  EXPECT_EQ(ed.key_id(KeyRole::cosigner), first_four_be(sha256("w.example/ed\n\x04" + pub)));
  EXPECT_EQ(base64_decode(
                ed.verifier(KeyRole::cosigner).to_string().substr(std::string("w.example/ed+").size() + 9)),
            "\x04" + pub);

  auto sm2 = SigningKey::generate(SigAlg::sm2, "w.example/sm2");
  std::string material = std::string(1, '\x10') + "1234567812345678" + sm2.verifier().public_key();
  EXPECT_EQ(sm2.key_id(KeyRole::note), first_four_be(sha256("w.example/sm2\n\xff"
                                                            "haoban-sm2-note/v1" +
                                                            material)));
  EXPECT_EQ(sm2.key_id(KeyRole::cosigner), first_four_be(sha256("w.example/sm2\n\xff"
                                                                "haoban-sm2-cosignature/v1" +
                                                                material)));
}

TEST(VerifierKeys, RefuseMalformedText) {
  auto good = SigningKey::generate(SigAlg::ed25519, "k.example").verifier().to_string();
  std::string rest = good.substr(good.find('+'));  // "+<id>+<key>"
  expect_invalid([] { VerifierKey::parse("no-plus-at-all"); }, "<name>+<key id>+<key>");
  expect_invalid([&] { VerifierKey::parse("bad name" + rest); }, "invalid key name");
  expect_invalid([&] { VerifierKey::parse("+" + rest); }, "invalid key name");
  expect_invalid([&] { VerifierKey::parse("k.example+abc+" + good.substr(good.rfind('+') + 1)); },
                 "8 hex digits");
  expect_invalid([&] { VerifierKey::parse("k.example+zzzzzzzz+" + good.substr(good.rfind('+') + 1)); },
                 "not hexadecimal");
  expect_invalid([&] { VerifierKey::parse(good + "!"); }, "not valid base64");
  expect_invalid(
      [] { VerifierKey::parse("k.example+00000000+" + base64_encode("\x02" + std::string(32, 'a'))); },
      "unknown signature type");
  expect_invalid(
      [] { VerifierKey::parse("k.example+00000000+" + base64_encode("\x01" + std::string(31, 'a'))); },
      "32 bytes");
  expect_invalid(
      [] { VerifierKey::parse("k.example+00000000+" + base64_encode("\x01" + std::string(32, 'a'))); },
      "does not match");
  // An SM2 point that is not on the curve.
  std::string off_curve = "\x04" + std::string(64, '\x01');
  expect_invalid(
      [&] {
        VerifierKey::parse("k.example+00000000+" +
                           base64_encode(std::string(kSm2NoteType) + '\0' + off_curve));
      },
      "not a valid point");
  expect_invalid(
      [] {
        VerifierKey::parse("k.example+00000000+" + base64_encode(std::string(kSm2NoteType) + "\x05"
                                                                                             "abc"));
      },
      "65-byte point");
}

TEST(Cosign, TimestampsAndSignsTheCosignatureMessage) {
  for (SigAlg alg : {SigAlg::ed25519, SigAlg::sm2}) {
    auto witness = SigningKey::generate(alg, "witness.example/w1");
    std::string body = "log.example\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
    std::string sig = witness.cosign(body, 1679315147);
    ASSERT_EQ(sig.size(), 72u);
    EXPECT_EQ(sig.substr(0, 8), unhex("00000000641850cb"));
    EXPECT_TRUE(witness.verifier().verify("cosignature/v1\ntime 1679315147\n" + body, sig.substr(8)));
    VerifierKey v = witness.verifier(KeyRole::cosigner);
    EXPECT_EQ(v.verify_cosigned(body, sig), 1679315147u);
    EXPECT_FALSE(v.verify_cosigned(body + "x\n", sig));
    std::string later = sig;
    later[7] ^= 1;
    EXPECT_FALSE(v.verify_cosigned(body, later));
    EXPECT_FALSE(v.verify_cosigned(body, sig.substr(8)));
    try {
      (void)witness.verifier(KeyRole::note).verify_cosigned(body, sig);
      ADD_FAILURE() << "a note key must not verify cosignatures";
    } catch (const Error& e) {
      EXPECT_EQ(e.type(), "wrong-key-role");
    }
    expect_invalid([&] { witness.cosign(body, kMaxCosignatureTime + 1); }, "2^63-1");
  }
}

TEST(KeyFiles, SaveAndLoadRoundTrip) {
  testing::TempDir dir;
  for (SigAlg alg : {SigAlg::ed25519, SigAlg::sm2}) {
    auto key = SigningKey::generate(alg, "ledger.example/" + std::string(to_string(alg)), "GB/T 35276 id");
    auto path = dir.path() / (std::string(to_string(alg)) + ".key");
    key.save(path);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    std::string text = read_file(path);
    EXPECT_EQ(text.rfind("haoban-signing-key/v1\nalg " + std::string(to_string(alg)) + "\n", 0), 0u) << text;

    auto loaded = SigningKey::load(path);
    EXPECT_EQ(loaded.alg(), alg);
    EXPECT_EQ(loaded.name(), key.name());
    EXPECT_EQ(loaded.distinguishing_id(), key.distinguishing_id());
    EXPECT_EQ(loaded.key_id(), key.key_id());
    EXPECT_EQ(loaded.verifier().to_string(), key.verifier().to_string());
    EXPECT_TRUE(key.verifier().verify("m", loaded.sign("m")));
  }
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2)
      << "no temporary files left";
}

TEST(KeyFiles, RefuseToOverwrite) {
  testing::TempDir dir;
  auto path = dir.path() / "log.key";
  auto first = SigningKey::generate(SigAlg::ed25519, "first");
  first.save(path);
  std::string before = read_file(path);
  try {
    SigningKey::generate(SigAlg::ed25519, "second").save(path);
    ADD_FAILURE() << "overwrote an existing key";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::conflict);
    EXPECT_EQ(e.type(), "signing-key-exists");
    EXPECT_NE(e.detail().find(path.string()), std::string::npos);
  }
  EXPECT_EQ(read_file(path), before);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1)
      << "no temporary files left";
}

TEST(KeyFiles, RefuseMalformedFiles) {
  testing::TempDir dir;
  auto good_path = dir.path() / "good.key";
  SigningKey::generate(SigAlg::sm2, "good").save(good_path);
  std::string good = read_file(good_path);
  auto ed_path = dir.path() / "ed.key";
  SigningKey::generate(SigAlg::ed25519, "ed").save(ed_path);
  std::string ed = read_file(ed_path);
  std::string ed_pem = ed.substr(ed.find("-----BEGIN"));

  auto try_load = [&](std::string_view contents, std::string_view needle) {
    auto path = dir.path() / "bad.key";
    std::filesystem::remove(path);
    write_file(path, contents);
    expect_invalid([&] { SigningKey::load(path); }, needle);
    expect_invalid([&] { SigningKey::load(path); }, path.string());
  };
  expect_invalid([&] { SigningKey::load(dir.path() / "missing.key"); }, "cannot open");
  try_load("", "truncated");
  try_load("haoban-signing-key/v2\n", "first line");
  try_load("haoban-signing-key/v1\nalg rsa\n", "alg must be");
  try_load("haoban-signing-key/v1\nalg sm2\nname bad+name\n", "invalid key name");
  try_load("haoban-signing-key/v1\nalg sm2\nname k\nsm2-id-hex xyz\n", "not hexadecimal");
  try_load(good.substr(0, good.size() - 30), "truncated");
  try_load(good.substr(0, good.find("-----BEGIN")), "expected \"-----BEGIN PRIVATE KEY-----\"");
  try_load(good + "extra\n", "truncated");
  try_load(good + good.substr(good.find("-----BEGIN")), "unexpected text after the private key");
  std::string corrupt = good;
  corrupt[corrupt.find("-----BEGIN") + 40] = '!';
  try_load(corrupt, "not valid PKCS#8");
  try_load("haoban-signing-key/v1\nalg sm2\nname k\nsm2-id-hex 31\n" + ed_pem, "not an sm2 key");
  try_load(std::string(20000, 'a'), "larger than 16 KiB");
}

}  // namespace
}  // namespace haoban::ledger
