// Content ids of the e-material library: a keyed MAC of the bytes with a self-describing algorithm
// prefix, "hmac-sm3:<64 hex>" (HMAC, RFC 2104, over SM3, GB/T 32905). Same bytes → same id, so blobs
// deduplicate; but without the key nobody can compute the id of a document they hold a copy of
// (someone's ID card), so ids and the ledger's entries reveal nothing testable.
//
// Thread-safety: a ContentKey is immutable; id_of may be called concurrently.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace haoban::materials {

inline constexpr std::string_view kContentIdAlg = "hmac-sm3";
inline constexpr std::size_t kContentKeyBytes = 32;

class ContentKey {
 public:
  // Reads the 32-byte key in `file`. When it does not exist and `generate` is set, creates it from
  // 32 random bytes, mode 0600, durably and without ever replacing an existing file. Throws
  // Error(invalid) for a missing key (generate unset) or a file that is not 32 bytes, and
  // Error(unavailable) on I/O failure.
  static ContentKey load_or_generate(const std::filesystem::path& file, bool generate);
  // A key from raw bytes (tests). Throws Error(invalid) unless it is 32 bytes.
  static ContentKey from_bytes(std::string bytes);

  ContentKey(const ContentKey&) = delete;
  ContentKey& operator=(const ContentKey&) = delete;
  ContentKey(ContentKey&&) noexcept;
  ContentKey& operator=(ContentKey&&) noexcept;
  ~ContentKey();

  // "hmac-sm3:<lowercase hex>".
  std::string id_of(std::string_view bytes) const;

 private:
  explicit ContentKey(std::string bytes);
  std::string key_;  // cleansed on destruction
};

// The hex part of a content id ("hmac-sm3:ab12…" → "ab12…"), what the ledger records as content;
// empty when `id` has no known algorithm prefix or is not 64 lowercase hex digits.
std::string_view content_hex(std::string_view id);

}  // namespace haoban::materials
