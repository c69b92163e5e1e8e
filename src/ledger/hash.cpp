#include "ledger/hash.h"

#include <openssl/evp.h>

#include <cstring>

#include "core/encoding.h"
#include "core/error.h"

namespace haoban::ledger {

std::string_view to_string(HashAlg alg) { return alg == HashAlg::sm3 ? "sm3" : "sha256"; }

std::optional<HashAlg> parse_hash_alg(std::string_view s) {
  if (s == "sm3") return HashAlg::sm3;
  if (s == "sha256") return HashAlg::sha256;
  return std::nullopt;
}

std::string_view as_bytes(const Hash& h) { return {reinterpret_cast<const char*>(h.data()), h.size()}; }

std::optional<Hash> hash_from_bytes(std::string_view bytes) {
  if (bytes.size() != 32) return std::nullopt;
  Hash h;
  std::memcpy(h.data(), bytes.data(), 32);
  return h;
}

std::string to_hex(const Hash& h) { return hex_encode(as_bytes(h)); }

struct Hasher::Impl {
  EVP_MD* md = nullptr;  // fetched once: implicit fetches per digest cost more than SM3 itself
  EVP_MD_CTX* ctx = nullptr;
  ~Impl() {
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
  }
};

Hasher::Hasher(HashAlg alg) : alg_(alg), impl_(std::make_unique<Impl>()) {
  impl_->md = EVP_MD_fetch(nullptr, alg == HashAlg::sm3 ? "SM3" : "SHA256", nullptr);
  impl_->ctx = EVP_MD_CTX_new();
  if (!impl_->md || !impl_->ctx)
    throw Error(ErrorKind::internal, "crypto-unavailable", "内部错误",
                std::string("OpenSSL has no ") + std::string(to_string(alg)));
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

namespace {

Hash finish(EVP_MD_CTX* ctx, std::initializer_list<std::string_view> parts, const EVP_MD* md) {
  Hash out;
  unsigned int len = 0;
  bool ok = EVP_DigestInit_ex2(ctx, md, nullptr) == 1;
  for (auto p : parts) ok = ok && EVP_DigestUpdate(ctx, p.data(), p.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx, out.data(), &len) == 1 && len == out.size();
  if (!ok) throw Error(ErrorKind::internal, "digest-failed", "内部错误", "EVP digest failed");
  return out;
}

}  // namespace

Hash Hasher::digest(std::string_view data) { return finish(impl_->ctx, {data}, impl_->md); }

Hash Hasher::leaf(std::string_view entry) {
  static constexpr char kLeaf = 0x00;
  return finish(impl_->ctx, {std::string_view(&kLeaf, 1), entry}, impl_->md);
}

Hash Hasher::node(const Hash& left, const Hash& right) {
  static constexpr char kNode = 0x01;
  return finish(impl_->ctx, {std::string_view(&kNode, 1), as_bytes(left), as_bytes(right)}, impl_->md);
}

}  // namespace haoban::ledger
