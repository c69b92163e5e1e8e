// Signing and verifier keys for the ledger's signed notes (c2sp.org/signed-note), checkpoints
// (c2sp.org/tlog-checkpoint) and witness cosignatures (c2sp.org/tlog-cosignature/v1).
//
// Two algorithms:
//   - SM2 (GB/T 32918) with SM3 and the Z value over a distinguishing ID. The ID is always set
//     explicitly (OpenSSL's default is the empty ID, not GB/T 35276's "1234567812345678").
//   - Ed25519 (RFC 8032), so that public witness software can cosign our checkpoints.
//
// One key pair serves in one of two roles (KeyRole); the role changes the signature type, hence
// the key ID and the vkey, and what is signed:
//   - note:     the signature is over the note text itself (signed-note).
//   - cosigner: a witness cosignature, tlog-cosignature/v1: the signature is over
//               "cosignature/v1\ntime <T>\n" || checkpoint body, and the signature bytes in the
//               note are the 8-byte big-endian timestamp T || the raw signature.
// Use a key pair in one role only (tlog-cosignature requires distinct keys per cosigner).
//
// Signature types (the byte string hashed into the key ID and prefixed to the vkey's key bytes):
//   Ed25519 note      0x01                                     (signed-note)
//   Ed25519 cosigner  0x04                                     (tlog-cosignature)
//   SM2 note          0xff || "haoban-sm2-note/v1"             (no assigned byte: 0xff + name)
//   SM2 cosigner      0xff || "haoban-sm2-cosignature/v1"
// Neither SM2 identifier is a prefix of the other, so a vkey's type is unambiguous.
//
// Public key bytes ("public key" in the key ID and vkey):
//   Ed25519  the 32-byte RFC 8032 public key.
//   SM2      1-byte ID length || distinguishing ID (0..255 bytes) || 65-byte uncompressed point
//            (0x04 || x || y), so a verifier always has the ID the signer used.
//
// Key ID = first 4 bytes, big-endian, of SHA-256(name || 0x0A || signature type || public key).
// vkey   = <name> "+" <8 lowercase hex digits of key ID> "+" base64(signature type || public key).
//
// Raw signature bytes: Ed25519 64 bytes; SM2 64 bytes r || s, each a 32-byte big-endian integer
// (fixed size rather than DER, so the encoding is canonical and cosignatures have a fixed size).
//
// Thread-safety: SigningKey and VerifierKey are immutable after construction; copies share the
// OpenSSL key object. All const member functions may be called concurrently.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace haoban::ledger {

enum class SigAlg { ed25519, sm2 };
enum class KeyRole { note, cosigner };

std::string_view to_string(SigAlg alg);  // "ed25519" | "sm2"
std::optional<SigAlg> parse_sig_alg(std::string_view s);

// GB/T 35276 / GM/T 0009 recommended default distinguishing ID for SM2.
inline constexpr std::string_view kDefaultSm2Id = "1234567812345678";
inline constexpr std::size_t kMaxSm2IdBytes = 255;

// Signature type bytes (see the table above). "\xffh…": a hex escape ends at the first non-hex digit.
inline constexpr std::string_view kEd25519NoteType = "\x01";
inline constexpr std::string_view kEd25519CosignerType = "\x04";
inline constexpr std::string_view kSm2NoteType = "\xffhaoban-sm2-note/v1";
inline constexpr std::string_view kSm2CosignerType = "\xffhaoban-sm2-cosignature/v1";

// Largest timestamp tlog-cosignature allows (2^63 - 1).
inline constexpr uint64_t kMaxCosignatureTime = 0x7fffffffffffffffULL;

// signed-note key names: non-empty valid UTF-8, no control characters, no Unicode White_Space
// and no '+'.
bool is_valid_key_name(std::string_view name);

// The message a tlog-cosignature/v1 cosigner signs: "cosignature/v1\ntime <T>\n" || body.
std::string cosignature_message(std::string_view checkpoint_body, uint64_t unix_seconds);

class VerifierKey;

// Whether `point` is an uncompressed SM2 public key (0x04 || x || y, 65 bytes) on the curve.
bool is_sm2_point(std::string_view point);
// Whether `signature` (64 bytes r || s) is a valid SM2-with-SM3 signature of `message` by `point`
// with distinguishing ID `id`: an applicant's own key (免申即享 confirmation), not a note key.
// Never throws for bad input.
bool verify_sm2(std::string_view point, std::string_view id, std::string_view message, std::string_view signature);

// A private key with its name (and, for SM2, its distinguishing ID).
//
// Key file format (text, UTF-8, every line ends in '\n', nothing else in the file):
//   haoban-signing-key/v1
//   alg <ed25519|sm2>
//   name <key name>
//   sm2-id-hex <distinguishing ID in lowercase hex>      (SM2 only; may be empty after the space)
//   -----BEGIN PRIVATE KEY-----
//   <unencrypted PKCS#8, PEM as OpenSSL writes it>
//   -----END PRIVATE KEY-----
// The file holds the private key in the clear: it is written with mode 0600.
class SigningKey {
 public:
  // A fresh random key. Throws haoban::invalid for a bad name or an SM2 ID longer than 255
  // bytes; the ID is ignored for Ed25519.
  static SigningKey generate(SigAlg alg, std::string name,
                             std::string distinguishing_id = std::string(kDefaultSm2Id));
  // Deterministic imports (known-answer tests, migration). Throw haoban::invalid when the seed
  // is not 32 bytes, or the SM2 scalar is not 32 bytes in [1, n-2].
  static SigningKey from_ed25519_seed(std::string name, std::string_view seed);
  static SigningKey from_sm2_scalar(std::string name, std::string_view scalar,
                                    std::string distinguishing_id = std::string(kDefaultSm2Id));

  // Reads a key file. Throws haoban::invalid naming the path and the problem when the file is
  // missing, unreadable, too large, malformed, truncated or its key does not match `alg`.
  static SigningKey load(const std::filesystem::path& path);
  // Writes the key file atomically: a temporary file in the same directory (mode 0600),
  // fsync, then a hard link to `path` (which fails rather than replace an existing file), then
  // the temporary name is removed and the directory fsynced. Throws haoban::Error of kind
  // conflict when `path` exists, kind internal on I/O failure (leaving no partial file).
  void save(const std::filesystem::path& path) const;

  const std::string& name() const { return name_; }
  SigAlg alg() const { return alg_; }
  const std::string& distinguishing_id() const { return id_; }  // empty for Ed25519
  uint32_t key_id(KeyRole role = KeyRole::note) const;
  VerifierKey verifier(KeyRole role = KeyRole::note) const;

  // The raw signature of `message` (see the header comment for its encoding). Throws
  // haoban::Error (internal) only if OpenSSL fails.
  std::string sign(std::string_view message) const;
  // A tlog-cosignature/v1 timestamped signature: 8-byte big-endian `unix_seconds` || the raw
  // signature of cosignature_message(checkpoint_body, unix_seconds). Does not check that the
  // body is a checkpoint (note.h cosign_checkpoint does). Throws haoban::invalid when
  // unix_seconds > kMaxCosignatureTime.
  std::string cosign(std::string_view checkpoint_body, uint64_t unix_seconds) const;

 private:
  SigningKey(SigAlg alg, std::string name, std::string id, std::shared_ptr<EVP_PKEY> pkey);
  std::string public_key() const;  // raw: 32-byte Ed25519 key or 65-byte SM2 point

  SigAlg alg_;
  std::string name_;
  std::string id_;
  std::shared_ptr<EVP_PKEY> pkey_;
};

// A public key with its name, role and key ID, as parsed from or printed to a vkey.
class VerifierKey {
 public:
  // Parses "<name>+<hex8>+<base64(type || public key)>". The role comes from the type. Throws
  // haoban::invalid with the reason: bad name, key ID not 8 hex digits, bad base64, unknown
  // type, wrong key length, SM2 point not on the curve, or a key ID that does not match.
  static VerifierKey parse(std::string_view vkey);
  std::string to_string() const;

  const std::string& name() const { return name_; }
  uint32_t key_id() const { return key_id_; }
  SigAlg alg() const { return alg_; }
  KeyRole role() const { return role_; }
  const std::string& distinguishing_id() const { return id_; }   // empty for Ed25519
  const std::string& public_key() const { return public_key_; }  // 32-byte key / 65-byte point

  // Whether `signature` is a valid raw signature of `message` by this key (any role). Never
  // throws for bad input: wrong length, bad encoding or a wrong signature all give false.
  bool verify(std::string_view message, std::string_view signature) const;
  // For a cosigner key: the timestamp of a valid tlog-cosignature/v1 timestamped signature over
  // `checkpoint_body`, or nullopt (wrong length, timestamp > 2^63-1, bad signature). Throws
  // haoban::invalid if this key's role is not cosigner (a configuration mistake).
  std::optional<uint64_t> verify_cosigned(std::string_view checkpoint_body,
                                          std::string_view timestamped_signature) const;

 private:
  friend class SigningKey;
  VerifierKey(SigAlg alg, KeyRole role, std::string name, std::string id, std::string public_key);

  SigAlg alg_;
  KeyRole role_;
  std::string name_;
  std::string id_;
  std::string public_key_;
  uint32_t key_id_ = 0;
  std::shared_ptr<EVP_PKEY> pkey_;
};

}  // namespace haoban::ledger
