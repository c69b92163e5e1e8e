// RFC 6962 §2.1 Merkle tree hashing with the hash function as a per-log parameter:
// SM3 (GB/T 32905, the default) or SHA-256. Both produce 32-byte digests.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace haoban::ledger {

enum class HashAlg { sm3, sha256 };

std::string_view to_string(HashAlg alg);               // "sm3" | "sha256"
std::optional<HashAlg> parse_hash_alg(std::string_view s);

using Hash = std::array<uint8_t, 32>;

std::string_view as_bytes(const Hash& h);
std::optional<Hash> hash_from_bytes(std::string_view bytes);  // nullopt unless exactly 32 bytes
std::string to_hex(const Hash& h);

// A reusable digest context. Not thread-safe: one Hasher per thread.
class Hasher {
 public:
  explicit Hasher(HashAlg alg);
  ~Hasher();
  Hasher(Hasher&&) noexcept;
  Hasher& operator=(Hasher&&) noexcept;

  HashAlg alg() const { return alg_; }
  Hash digest(std::string_view data);                      // plain H(data)
  Hash empty_root() { return digest({}); }                 // MTH({}) = H("")
  Hash leaf(std::string_view entry);                       // H(0x00 || entry)
  Hash node(const Hash& left, const Hash& right);          // H(0x01 || left || right)

 private:
  HashAlg alg_;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::ledger
