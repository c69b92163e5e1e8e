#include "ledger/note.h"

#include <gtest/gtest.h>

#include <functional>

#include "core/encoding.h"
#include "core/error.h"

namespace haoban::ledger {
namespace {

// Runs `f`, expecting haoban::invalid of `type` whose detail contains `needle`.
void expect_invalid(const std::function<void()>& f, std::string_view type, std::string_view needle) {
  try {
    f();
    ADD_FAILURE() << "no error; expected one mentioning \"" << needle << "\"";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::invalid) << e.detail();
    EXPECT_EQ(e.type(), type) << e.detail();
    EXPECT_NE(e.detail().find(needle), std::string::npos) << "detail: " << e.detail();
  }
}

void expect_bad_note(std::string_view note, std::string_view needle) {
  expect_invalid([&] { parse_note(note); }, "invalid-note", needle);
}

void expect_bad_checkpoint(std::string_view body, std::string_view needle) {
  expect_invalid([&] { parse_checkpoint_body(body); }, "invalid-checkpoint", needle);
}

const std::string kDash = "\xE2\x80\x94";  // U+2014 em dash

// The example key and note of golang.org/x/mod/sumdb/note, the reference implementation.
const std::string kGoVkey = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
const std::string kGoText =
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n";
const std::string kGoNote =
    kGoText + "\n" + kDash +
    " PeterNeumann "
    "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

SigningKey go_key() {
  std::string skey = base64_decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz").value();  // 0x01 || seed
  return SigningKey::from_ed25519_seed("PeterNeumann", skey.substr(1));
}

TEST(SignedNote, VerifiesAndReproducesTheReferenceNote) {
  Note note = parse_note(kGoNote);
  EXPECT_EQ(note.text, kGoText);
  ASSERT_EQ(note.signatures.size(), 1u);
  EXPECT_EQ(note.signatures[0].name, "PeterNeumann");
  EXPECT_EQ(note.signatures[0].key_id, 0xc74f20a3u);
  EXPECT_EQ(note.signatures[0].signature.size(), 64u);

  VerifierKey key = VerifierKey::parse(kGoVkey);
  EXPECT_TRUE(verify_note_signature(note, key));
  EXPECT_EQ(format_note(note), kGoNote);
  EXPECT_EQ(format_note(sign_note(kGoText, go_key())), kGoNote);  // Ed25519 is deterministic

  Note tampered = note;
  tampered.text.replace(tampered.text.find("cryptography"), 12, "cryptographY");
  EXPECT_FALSE(verify_note_signature(tampered, key));
}

// The examples of c2sp.org/signed-note and c2sp.org/tlog-cosignature (no public keys given).
TEST(SignedNote, ParsesTheSpecExamples) {
  std::string poem =
      "Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \xC3\xA8 subito sera.\n";
  Note note = parse_note(
      poem + "\n" + kDash +
      " quasimodo.example/salvatore "
      "NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n");
  EXPECT_EQ(note.text, poem);  // the text keeps its own blank line; the last one separates
  ASSERT_EQ(note.signatures.size(), 1u);
  EXPECT_EQ(note.signatures[0].name, "quasimodo.example/salvatore");
  EXPECT_FALSE(verify_note_signature(note, go_key().verifier()));  // unknown key: ignored

  std::string body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
  Note cosigned = parse_note(
      body + "\n" + kDash +
      " example.com/behind-the-sofa "
      "Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n" +
      kDash +
      " witness.example.com/w1 "
      "jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/"
      "zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n");
  ASSERT_EQ(cosigned.signatures.size(), 2u);
  const auto& cosig = cosigned.signatures[1];
  EXPECT_EQ(cosig.signature.size(), 72u);                                   // timestamp || Ed25519 signature
  EXPECT_EQ(hex_encode(cosig.signature.substr(0, 8)), "00000000641850cb");  // 1679315147, as in the spec
  Checkpoint cp = parse_checkpoint_body(cosigned.text);
  EXPECT_EQ(cp.origin, "example.com/behind-the-sofa");
  EXPECT_EQ(cp.size, 20852163u);
  EXPECT_EQ(format_checkpoint_body(cp), body);
}

TEST(SignedNote, SignsWithSeveralKeysAndIgnoresUnknownOnes) {
  auto ed = SigningKey::generate(SigAlg::ed25519, "log.example/ed");
  auto sm2 = SigningKey::generate(SigAlg::sm2, "log.example/sm2");
  std::vector<const SigningKey*> keys = {&ed, &sm2};
  Note note = sign_note("line one\n\nline three\n", keys);
  ASSERT_EQ(note.signatures.size(), 2u);
  Note parsed = parse_note(format_note(note));
  EXPECT_EQ(parsed, note);
  EXPECT_TRUE(verify_note_signature(parsed, ed.verifier()));
  EXPECT_TRUE(verify_note_signature(parsed, sm2.verifier()));

  auto stranger = SigningKey::generate(SigAlg::ed25519, "log.example/other");
  EXPECT_FALSE(verify_note_signature(parsed, stranger.verifier()));
  auto same_name = SigningKey::generate(SigAlg::ed25519, "log.example/ed");  // other key ID
  EXPECT_FALSE(verify_note_signature(parsed, same_name.verifier()));

  Note tampered = parsed;
  tampered.text = "line one\n\nline 3\n";
  EXPECT_FALSE(verify_note_signature(tampered, ed.verifier()));
  EXPECT_FALSE(verify_note_signature(tampered, sm2.verifier()));

  // A failing signature from a known key rejects the note even next to a good one.
  Note doubled = parsed;
  NoteSignature bad = parsed.signatures[0];
  bad.signature[5] ^= 1;
  doubled.signatures.push_back(bad);
  EXPECT_FALSE(verify_note_signature(doubled, ed.verifier()));
  EXPECT_TRUE(verify_note_signature(doubled, sm2.verifier()));
}

TEST(SignedNote, RefusesWrongInputToSignAndFormat) {
  auto key = SigningKey::generate(SigAlg::ed25519, "k");
  expect_invalid([&] { sign_note("no newline", key); }, "invalid-note", "end with a newline");
  expect_invalid([&] { sign_note("tab\there\n", key); }, "invalid-note", "control character 0x09");
  expect_invalid([&] { sign_note("cosignature/v1\ntime 1\nx\n", key); }, "invalid-note", "cosignature/");
  expect_invalid([&] { sign_note("text\n", std::span<const SigningKey* const>{}); }, "invalid-note",
                 "1 to 100");
  expect_invalid([] { format_note(Note{"text\n", {}}); }, "invalid-note", "at least one signature");
  expect_invalid(
      [] {
        format_note(Note{"text\n", {{"a b", 1, "sig"}}});
      },
      "invalid-note", "invalid key name");
  expect_invalid([] { format_note(Note{"text\n", {{"k", 1, ""}}}); }, "invalid-note", "empty");
  expect_invalid([&] { verify_note_signature(sign_note("t\n", key), key.verifier(KeyRole::cosigner)); },
                 "wrong-key-role", "not a note signing key");
}

TEST(SignedNote, RefusesMalformedNotes) {
  std::string sig = " k " + base64_encode(std::string(68, 'x')) + "\n";
  std::string line = kDash + sig;
  EXPECT_NO_THROW(parse_note("text\n\n" + line));
  expect_bad_note("text\n" + line, "no blank line");
  expect_bad_note("text\n\n" + line.substr(0, line.size() - 1), "does not end with a newline");
  expect_bad_note("text\n\n", "no signature lines");
  expect_bad_note("text\n\n" + kDash + " k AAAA!!!!\n", "signature line 1: signature is not valid base64");
  expect_bad_note("text\n\n" + line + kDash + " k AAAAAA==\n", "signature line 2: signature is shorter");
  expect_bad_note("text\n\n-" + sig, "signature line 1: does not start with an em dash");
  expect_bad_note("text\n\n" + kDash + "k AAAAAAA=\n", "does not start with an em dash");
  expect_bad_note("text\n\n" + kDash + " k\n", "no space between key name and signature");
  expect_bad_note("text\n\n" + kDash + " a+b AAAAAAA=\n", "invalid key name \"a+b\"");
  expect_bad_note("te\x01xt\n\n" + line, "control character 0x01 at byte 2");
  expect_bad_note("text\r\n\n" + line, "control character 0x0d");
  expect_bad_note("te\xFFxt\n\n" + line, "invalid UTF-8 at byte 2");

  std::string hundred = "text\n\n";
  for (int i = 0; i < 100; ++i) hundred += line;
  EXPECT_EQ(parse_note(hundred).signatures.size(), 100u);
  expect_bad_note(hundred + line, "more than 100 signatures");
}

TEST(Checkpoint, FormatsAndParses) {
  Checkpoint cp{"log.example/2026", 12345, {}, {}};
  for (std::size_t i = 0; i < cp.root.size(); ++i) cp.root[i] = static_cast<uint8_t>(i);
  std::string body = format_checkpoint_body(cp);
  EXPECT_EQ(body, "log.example/2026\n12345\n" + base64_encode(as_bytes(cp.root)) + "\n");
  EXPECT_EQ(parse_checkpoint_body(body), cp);

  cp.extensions = {"ext one", "— two"};
  EXPECT_EQ(parse_checkpoint_body(format_checkpoint_body(cp)), cp);

  cp.size = 0;
  cp.extensions.clear();
  EXPECT_EQ(parse_checkpoint_body(format_checkpoint_body(cp)).size, 0u);
  cp.size = UINT64_MAX;
  EXPECT_EQ(parse_checkpoint_body(format_checkpoint_body(cp)).size, UINT64_MAX);
}

TEST(Checkpoint, RefusesMalformedBodies) {
  const std::string root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
  auto body = [&](std::string size) { return "log.example\n" + size + "\n" + root + "\n"; };
  EXPECT_NO_THROW(parse_checkpoint_body(body("0")));
  expect_bad_checkpoint(body("00"), "without leading zeros");
  expect_bad_checkpoint(body("01"), "without leading zeros");
  expect_bad_checkpoint(body("-1"), "without leading zeros");
  expect_bad_checkpoint(body("+1"), "without leading zeros");
  expect_bad_checkpoint(body(" 1"), "without leading zeros");
  expect_bad_checkpoint(body(""), "without leading zeros");
  expect_bad_checkpoint(body("0x10"), "without leading zeros");
  expect_bad_checkpoint(body("18446744073709551616"), "exceeds 2^64-1");
  expect_bad_checkpoint("log.example\n1\n" + base64_encode(std::string(31, 'a')) + "\n", "31 bytes, not 32");
  expect_bad_checkpoint("log.example\n1\n" + base64_encode(std::string(33, 'a')) + "\n", "33 bytes, not 32");
  expect_bad_checkpoint("log.example\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n", "not valid base64");
  expect_bad_checkpoint("log.example\n1\n", "fewer than three lines");
  expect_bad_checkpoint("\n1\n" + root + "\n", "origin is empty");
  expect_bad_checkpoint("log.example\n1\n" + root, "does not end with a newline");
  expect_bad_checkpoint(body("1") + "\n", "extension line 1 is empty");
  expect_bad_checkpoint("log\x01\n1\n" + root + "\n", "control character 0x01");

  expect_invalid(
      [] {
        format_checkpoint_body(Checkpoint{"", 1, {}, {}});
      },
      "invalid-checkpoint", "origin is empty");
  expect_invalid(
      [] {
        format_checkpoint_body(Checkpoint{"a\nb", 1, {}, {}});
      },
      "invalid-checkpoint", "newline");
  expect_invalid(
      [] {
        format_checkpoint_body(Checkpoint{"a", 1, {}, {""}});
      },
      "invalid-checkpoint", "extension line 1 is empty");
}

TEST(Cosignature, RoundTripsAndDetectsTampering) {
  for (SigAlg alg : {SigAlg::ed25519, SigAlg::sm2}) {
    auto log = SigningKey::generate(SigAlg::sm2, "log.example/2026");
    auto witness = SigningKey::generate(alg, "witness.example/w1");
    Checkpoint cp{"log.example/2026", 7, {}, {}};
    cp.root.fill(0xab);
    Note note = sign_note(format_checkpoint_body(cp), log);
    note.signatures.push_back(cosign_checkpoint(witness, note.text, 1700000000));
    EXPECT_EQ(note.signatures.back().key_id, witness.key_id(KeyRole::cosigner));

    Note parsed = parse_note(format_note(note));
    VerifierKey w = VerifierKey::parse(witness.verifier(KeyRole::cosigner).to_string());
    EXPECT_EQ(verify_cosignature(parsed, w), 1700000000u);
    EXPECT_TRUE(verify_note_signature(parsed, log.verifier()));
    EXPECT_FALSE(verify_note_signature(parsed, witness.verifier()));  // the note-role key ID differs

    Note other_time = parsed;
    other_time.signatures[1].signature[7] ^= 1;  // timestamp 1700000001
    EXPECT_FALSE(verify_cosignature(other_time, w));
    Note other_text = parsed;
    other_text.text = format_checkpoint_body(Checkpoint{"log.example/2026", 8, cp.root, {}});
    EXPECT_FALSE(verify_cosignature(other_text, w));
    Note missing = parsed;
    missing.signatures.pop_back();
    EXPECT_FALSE(verify_cosignature(missing, w));

    expect_invalid([&] { verify_cosignature(parsed, witness.verifier()); }, "wrong-key-role",
                   "not a cosigner");
    expect_invalid([&] { cosign_checkpoint(witness, "not a checkpoint\n", 1); }, "invalid-checkpoint",
                   "three lines");
    expect_invalid([&] { cosign_checkpoint(witness, note.text, kMaxCosignatureTime + 1); },
                   "invalid-cosignature-time", "2^63-1");
  }
}

}  // namespace
}  // namespace haoban::ledger
