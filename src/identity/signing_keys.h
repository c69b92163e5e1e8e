// Applicants' own signing keys (电子签名): the browser generates an SM2 key pair and keeps the
// private key on the device; the platform registers the public point with the account and checks
// signatures over what the applicant confirms (e.g. a 免申即享 grant's statement). A lost device
// loses its key only: the applicant registers a new one and revokes the old.
//
// Signatures are SM2 with SM3 and the GM/T 0009 default distinguishing ID "1234567812345678",
// 64 bytes r || s, sent hex-encoded.
//
// Thread-safety: shared by all request threads.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/principal.h"
#include "db/db.h"

namespace haoban::identity {

struct SigningKey {
  long long id = 0;
  std::string public_key;   // uncompressed point, lowercase hex (130 digits)
  std::string fingerprint;  // first 16 hex digits of SM3(point), shown to the user
  std::string label;        // e.g. the device ("我的手机")
  std::string created_at, revoked_at, last_used_at;
};

class SigningKeys {
 public:
  static constexpr int kMaxActive = 10;  // per account

  SigningKeys(db::Database& db, const Clock& clock);
  static std::span<const db::Migration> migrations();

  // Registers a public key. Throws invalid (field errors) for a malformed point or label,
  // conflict when the account already has kMaxActive active keys or this key.
  SigningKey add(const Principal& who, std::string_view public_key_hex, std::string_view label);
  std::vector<SigningKey> list(const Principal& who);  // newest first, revoked included
  // Throws not_found for another account's or an unknown key; revoking twice is harmless.
  void revoke(const Principal& who, long long id);
  // The key `id` of `who` if `signature_hex` is its valid signature of `message`; throws
  // invalid("bad-signature") when it is not, not_found for an unknown key and conflict for a
  // revoked one. Records the key's last use.
  SigningKey verify(const Principal& who, long long id, std::string_view message, std::string_view signature_hex);

 private:
  db::Database& db_;
  const Clock& clock_;
};

}  // namespace haoban::identity
