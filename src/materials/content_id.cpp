#include "materials/content_id.h"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <set>

#include "core/encoding.h"
#include "core/error.h"
#include "ledger/files.h"

namespace haoban::materials {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void key_io_failure(const std::string& what, const fs::path& p, int err) {
  throw Error(ErrorKind::unavailable, "materials-key-io", "材料库密钥读写失败",
              what + " " + p.string() + ": " + std::strerror(err));
}

[[noreturn]] void crypto_failure(const char* what) {
  throw Error(ErrorKind::internal, "crypto-failure", "密码运算失败", what);
}

struct MacDeleter {
  void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

const EVP_MAC& hmac() {
  static const std::unique_ptr<EVP_MAC, MacDeleter> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
  if (!mac) crypto_failure("EVP_MAC_fetch(HMAC)");
  return *mac;
}

// Creates `file` holding `key`, mode 0600 from the start; never replaces an existing file (link()
// fails with EEXIST where rename() would overwrite). Returns false when another process won the race.
bool create_key_file(const fs::path& file, const std::string& key) {
  std::string tmp = file.string() + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // mode 0600
  if (fd < 0) key_io_failure("create temporary file", file, errno);
  auto fail = [&](const char* what, int err) {
    ::close(fd);
    ::unlink(tmp.c_str());
    key_io_failure(what, tmp, err);
  };
  for (std::size_t done = 0; done < key.size();) {
    ssize_t n = ::write(fd, key.data() + done, key.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("write", errno);
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) fail("fsync", errno);
  ::close(fd);
  int rc = ::link(tmp.c_str(), file.c_str());
  int err = errno;
  ::unlink(tmp.c_str());
  if (rc != 0 && err == EEXIST) return false;
  if (rc != 0) key_io_failure("link into place", file, err);
  ledger::sync_dirs({file.parent_path()});
  return true;
}

}  // namespace

ContentKey::ContentKey(std::string bytes) : key_(std::move(bytes)) {
  if (key_.size() != kContentKeyBytes)
    throw invalid(
        "materials-key-size", "材料库密钥长度错误",
        "the key must be " + std::to_string(kContentKeyBytes) + " bytes, not " + std::to_string(key_.size()));
}

ContentKey::ContentKey(ContentKey&&) noexcept = default;
ContentKey& ContentKey::operator=(ContentKey&&) noexcept = default;
ContentKey::~ContentKey() { OPENSSL_cleanse(key_.data(), key_.size()); }

ContentKey ContentKey::from_bytes(std::string bytes) { return ContentKey(std::move(bytes)); }

ContentKey ContentKey::load_or_generate(const fs::path& file, bool generate) {
  if (auto bytes = ledger::read_file(file)) {
    if (struct stat st{}; ::stat(file.c_str(), &st) == 0 && (st.st_mode & 077) != 0)
      spdlog::warn("materials key {} is readable by others (mode {:o}); chmod 600 it", file.string(),
                   st.st_mode & 0777);
    try {
      return ContentKey(std::move(*bytes));
    } catch (const Error& e) {
      throw invalid(e.type(), e.title(), file.string() + ": " + e.detail());
    }
  }
  if (!generate)
    throw invalid("materials-key-missing", "缺少材料库密钥",
                  file.string() + " does not exist; create it with 32 random bytes (mode 0600)");
  std::error_code ec;
  fs::create_directories(file.parent_path(), ec);
  if (ec) key_io_failure("create directory", file.parent_path(), ec.value());
  std::string key(kContentKeyBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(key.data()), static_cast<int>(key.size())) != 1)
    crypto_failure("RAND_bytes");
  bool created = create_key_file(file, key);
  OPENSSL_cleanse(key.data(), key.size());
  if (created)
    spdlog::warn(
        "generated a new materials key {} — back it up: without it stored materials cannot be verified and "
        "new uploads no longer deduplicate against them",
        file.string());
  return load_or_generate(file, false);
}

std::string ContentKey::id_of(std::string_view bytes) const {
  std::unique_ptr<EVP_MAC_CTX, MacDeleter> ctx(EVP_MAC_CTX_new(const_cast<EVP_MAC*>(&hmac())));
  if (!ctx) crypto_failure("EVP_MAC_CTX_new");
  char digest[] = "SM3";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                         OSSL_PARAM_construct_end()};
  if (EVP_MAC_init(ctx.get(), reinterpret_cast<const unsigned char*>(key_.data()), key_.size(), params) != 1)
    crypto_failure("EVP_MAC_init(HMAC-SM3)");
  if (EVP_MAC_update(ctx.get(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size()) != 1)
    crypto_failure("EVP_MAC_update");
  unsigned char out[EVP_MAX_MD_SIZE];
  std::size_t len = 0;
  if (EVP_MAC_final(ctx.get(), out, &len, sizeof out) != 1) crypto_failure("EVP_MAC_final");
  return std::string(kContentIdAlg) + ":" +
         hex_encode(std::string_view(reinterpret_cast<const char*>(out), len));
}

std::string_view content_hex(std::string_view id) {
  std::string_view prefix = kContentIdAlg;
  if (id.size() != prefix.size() + 1 + 64 || !id.starts_with(prefix) || id[prefix.size()] != ':') return {};
  std::string_view hex = id.substr(prefix.size() + 1);
  for (char c : hex)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return {};
  return hex;
}

}  // namespace haoban::materials
