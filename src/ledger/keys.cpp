#include "ledger/keys.h"

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <vector>

#include "core/encoding.h"
#include "core/error.h"
#include "core/utf8.h"

namespace haoban::ledger {

namespace {

template <auto Free>
struct Deleter {
  template <class T>
  void operator()(T* p) const {
    Free(p);
  }
};
template <class T, auto Free>
using Owned = std::unique_ptr<T, Deleter<Free>>;

using MdCtx = Owned<EVP_MD_CTX, EVP_MD_CTX_free>;
using PkeyCtx = Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free>;
using Bignum = Owned<BIGNUM, BN_clear_free>;
using EcGroup = Owned<EC_GROUP, EC_GROUP_free>;
using EcPoint = Owned<EC_POINT, EC_POINT_free>;
using EcdsaSig = Owned<ECDSA_SIG, ECDSA_SIG_free>;
using ParamBld = Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>;
using Params = Owned<OSSL_PARAM, OSSL_PARAM_free>;
using Bio = Owned<BIO, BIO_free>;

constexpr std::size_t kEd25519KeyBytes = 32;
constexpr std::size_t kSm2PointBytes = 65;
constexpr std::size_t kSm2ScalarBytes = 32;
constexpr std::size_t kSignatureBytes = 64;  // both algorithms
constexpr std::size_t kMaxKeyFileBytes = 16 * 1024;
constexpr std::string_view kKeyFileHeader = "haoban-signing-key/v1";
constexpr std::string_view kPemBegin = "-----BEGIN PRIVATE KEY-----\n";
constexpr std::string_view kPemEnd = "-----END PRIVATE KEY-----\n";

std::shared_ptr<EVP_PKEY> share(EVP_PKEY* p) { return std::shared_ptr<EVP_PKEY>(p, EVP_PKEY_free); }

[[noreturn]] void crypto_failure(std::string_view what) {
  unsigned long code = ERR_get_error();
  ERR_clear_error();
  std::string detail = std::string(what) + " failed";
  if (code != 0) detail += std::string(": ") + ERR_reason_error_string(code);
  throw Error(ErrorKind::internal, "crypto-failed", "内部错误：密码运算失败", detail);
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

// --- names, types, key IDs ----------------------------------------------------------------------

// Decodes one code point of already-validated UTF-8 at s[i], advancing i.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto c = static_cast<unsigned char>(s[i]);
  int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (int k = 1; k < len; ++k) cp = cp << 6 | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  i += len;
  return cp;
}

// The Unicode White_Space property.
bool is_unicode_space(char32_t c) {
  return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
         (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
         c == 0x3000;
}

void require_valid_name(std::string_view name) {
  if (!is_valid_key_name(name))
    throw invalid("invalid-key-name", "密钥名称无效",
                  "key name must be non-empty UTF-8 without spaces, control characters or '+': \"" +
                      std::string(name) + "\"");
}

void require_valid_sm2_id(std::string_view id) {
  if (id.size() > kMaxSm2IdBytes)
    throw invalid("invalid-sm2-id", "SM2 用户标识无效",
                  "SM2 distinguishing ID is " + std::to_string(id.size()) + " bytes, at most 255 allowed");
}

std::string_view type_bytes(SigAlg alg, KeyRole role) {
  if (alg == SigAlg::ed25519) return role == KeyRole::note ? kEd25519NoteType : kEd25519CosignerType;
  return role == KeyRole::note ? kSm2NoteType : kSm2CosignerType;
}

// The "public key" of signed-note: see the header comment.
std::string key_material(SigAlg alg, std::string_view id, std::string_view public_key) {
  if (alg == SigAlg::ed25519) return std::string(public_key);
  std::string out(1, static_cast<char>(id.size()));
  out += id;
  out += public_key;
  return out;
}

uint32_t compute_key_id(std::string_view name, std::string_view type, std::string_view material) {
  std::string input = std::string(name) + '\n' + std::string(type) + std::string(material);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int len = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &len, EVP_sha256(), nullptr) != 1)
    crypto_failure("SHA-256");
  return uint32_t{digest[0]} << 24 | uint32_t{digest[1]} << 16 | uint32_t{digest[2]} << 8 | digest[3];
}

// --- OpenSSL key objects ------------------------------------------------------------------------

// An SM2 key from an uncompressed point and, when `priv` is set, the private scalar. nullptr
// when OpenSSL refuses the point (not on the curve).
std::shared_ptr<EVP_PKEY> sm2_pkey(std::string_view point, const BIGNUM* priv) {
  ParamBld bld(OSSL_PARAM_BLD_new());
  if (!bld || !OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0) ||
      !OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size()) ||
      (priv && !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, priv)))
    crypto_failure("SM2 parameter building");
  Params params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr));
  if (!params || !ctx) crypto_failure("SM2 key import");
  EVP_PKEY* pkey = nullptr;
  if (EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &pkey, priv ? EVP_PKEY_KEYPAIR : EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    ERR_clear_error();
    return nullptr;
  }
  return share(pkey);
}

// A public-only key, or nullptr when the bytes are not a valid key (an SM2 point off the curve).
std::shared_ptr<EVP_PKEY> public_pkey(SigAlg alg, std::string_view public_key) {
  if (alg == SigAlg::sm2) {
    if (public_key.size() != kSm2PointBytes || public_key[0] != '\x04') return nullptr;
    return sm2_pkey(public_key, nullptr);
  }
  EVP_PKEY* p =
      EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr, bytes(public_key), public_key.size());
  if (!p) ERR_clear_error();
  return p ? share(p) : nullptr;
}

// Q = d * G on the SM2 curve, uncompressed. Throws haoban::invalid unless d is in [1, n-2].
std::string sm2_public_point(const BIGNUM* d) {
  EcGroup group(EC_GROUP_new_by_curve_name(NID_sm2));
  Bignum max(group ? BN_dup(EC_GROUP_get0_order(group.get())) : nullptr);
  if (!group || !max || !BN_sub_word(max.get(), 2)) crypto_failure("SM2 group setup");
  if (BN_is_zero(d) || BN_cmp(d, max.get()) > 0)
    throw invalid("invalid-private-key", "私钥无效", "an SM2 private key is a 32-byte integer in [1, n-2]");
  EcPoint point(EC_POINT_new(group.get()));
  std::array<unsigned char, kSm2PointBytes> pub{};
  if (!point || EC_POINT_mul(group.get(), point.get(), d, nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED, pub.data(), pub.size(),
                         nullptr) != pub.size())
    crypto_failure("SM2 public key derivation");
  return std::string(reinterpret_cast<const char*>(pub.data()), pub.size());
}

std::string raw_public_key(SigAlg alg, EVP_PKEY* pkey) {
  std::array<unsigned char, kSm2PointBytes> buf{};
  size_t len = buf.size();
  bool ok = alg == SigAlg::ed25519
                ? EVP_PKEY_get_raw_public_key(pkey, buf.data(), &len) == 1 && len == kEd25519KeyBytes
                : EVP_PKEY_get_octet_string_param(pkey, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, buf.data(),
                                                  buf.size(), &len) == 1 &&
                      len == kSm2PointBytes && buf[0] == 0x04;
  if (!ok) crypto_failure("public key export");
  return std::string(reinterpret_cast<const char*>(buf.data()), len);
}

bool key_matches(SigAlg alg, EVP_PKEY* pkey) {
  return EVP_PKEY_is_a(pkey, alg == SigAlg::sm2 ? "SM2" : "ED25519");
}

// --- SM2 signature encoding ---------------------------------------------------------------------

std::optional<std::string> der_to_fixed(std::string_view der) {
  const unsigned char* p = bytes(der);
  EcdsaSig sig(d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size())));
  if (!sig) return std::nullopt;
  std::array<unsigned char, kSignatureBytes> out{};
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), out.data(), 32) != 32 ||
      BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), out.data() + 32, 32) != 32)
    return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out.data()), out.size());
}

std::optional<std::string> fixed_to_der(std::string_view fixed) {
  EcdsaSig sig(ECDSA_SIG_new());
  BIGNUM* r = BN_bin2bn(bytes(fixed), 32, nullptr);
  BIGNUM* s = BN_bin2bn(bytes(fixed) + 32, 32, nullptr);
  if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  int len = i2d_ECDSA_SIG(sig.get(), &der);
  if (len <= 0) return std::nullopt;
  std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(len));
  OPENSSL_free(der);
  return out;
}

// Sets up a sign or verify context; for SM2 with SM3 and the distinguishing ID, set explicitly.
bool init_digest_ctx(EVP_MD_CTX* ctx, bool signing, SigAlg alg, std::string_view id, EVP_PKEY* pkey) {
  EVP_PKEY_CTX* pctx = nullptr;  // owned by ctx
  const char* md = alg == SigAlg::sm2 ? "SM3" : nullptr;
  int ok = signing ? EVP_DigestSignInit_ex(ctx, &pctx, md, nullptr, nullptr, pkey, nullptr)
                   : EVP_DigestVerifyInit_ex(ctx, &pctx, md, nullptr, nullptr, pkey, nullptr);
  if (ok != 1) return false;
  return alg != SigAlg::sm2 || EVP_PKEY_CTX_set1_id(pctx, id.data(), static_cast<int>(id.size())) == 1;
}

std::string sign_raw(SigAlg alg, std::string_view id, EVP_PKEY* pkey, std::string_view message) {
  MdCtx ctx(EVP_MD_CTX_new());
  if (!ctx || !init_digest_ctx(ctx.get(), true, alg, id, pkey)) crypto_failure("signature setup");
  std::vector<unsigned char> sig(static_cast<std::size_t>(EVP_PKEY_get_size(pkey)));
  size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, bytes(message), message.size()) != 1)
    crypto_failure("signing");
  std::string out(reinterpret_cast<const char*>(sig.data()), len);
  if (alg == SigAlg::ed25519) return out;
  auto fixed = der_to_fixed(out);
  if (!fixed) crypto_failure("SM2 signature decoding");
  return *fixed;
}

bool verify_raw(SigAlg alg, std::string_view id, EVP_PKEY* pkey, std::string_view message,
                std::string_view signature) {
  if (signature.size() != kSignatureBytes) return false;
  std::string sig(signature);
  if (alg == SigAlg::sm2) {
    auto der = fixed_to_der(signature);
    if (!der) return false;
    sig = std::move(*der);
  }
  MdCtx ctx(EVP_MD_CTX_new());
  bool ok = ctx && init_digest_ctx(ctx.get(), false, alg, id, pkey) &&
            EVP_DigestVerify(ctx.get(), bytes(sig), sig.size(), bytes(message), message.size()) == 1;
  ERR_clear_error();
  return ok;
}

// --- timestamps ---------------------------------------------------------------------------------

std::string be64(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, v >>= 8) out[static_cast<std::size_t>(i)] = static_cast<char>(v & 0xff);
  return out;
}

uint64_t read_be64(std::string_view b) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = v << 8 | static_cast<unsigned char>(b[static_cast<std::size_t>(i)]);
  return v;
}

// --- key files ----------------------------------------------------------------------------------

// Wipes a buffer that held private key material when it goes out of scope.
struct Scrubbed {
  std::string& s;
  ~Scrubbed() { OPENSSL_cleanse(s.data(), s.size()); }
};

[[noreturn]] void bad_key_file(const std::filesystem::path& path, std::string_view what) {
  throw invalid("invalid-signing-key-file", "签名密钥文件无效", path.string() + ": " + std::string(what));
}

[[noreturn]] void io_failure(const std::filesystem::path& path, std::string_view what, int err) {
  throw Error(ErrorKind::internal, "signing-key-io", "无法写入签名密钥文件",
              path.string() + ": " + std::string(what) + ": " + std::strerror(err));
}

std::string read_small_file(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) bad_key_file(path, std::string("cannot open: ") + std::strerror(errno));
  std::string data;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      bad_key_file(path, std::string("cannot read: ") + std::strerror(err));
    }
    if (n == 0) break;
    data.append(buf, static_cast<std::size_t>(n));
    if (data.size() > kMaxKeyFileBytes) {
      ::close(fd);
      bad_key_file(path, "file is larger than 16 KiB");
    }
  }
  ::close(fd);
  return data;
}

// Consumes one newline-terminated line from the front of `rest`.
std::string_view take_line(const std::filesystem::path& path, std::string_view& rest, std::string_view what) {
  auto nl = rest.find('\n');
  if (nl == std::string_view::npos) bad_key_file(path, "truncated before the " + std::string(what) + " line");
  std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl + 1);
  return line;
}

// Consumes "<prefix><value>\n" from the front of `rest`, returning value.
std::string take_field(const std::filesystem::path& path, std::string_view& rest, std::string_view prefix) {
  std::string_view line = take_line(path, rest, "\"" + std::string(prefix) + "\"");
  if (line.substr(0, prefix.size()) != prefix)
    bad_key_file(path, "expected a line starting with \"" + std::string(prefix) + "\"");
  return std::string(line.substr(prefix.size()));
}

std::shared_ptr<EVP_PKEY> parse_pem(const std::filesystem::path& path, std::string_view pem) {
  if (pem.substr(0, kPemBegin.size()) != kPemBegin)
    bad_key_file(path, "expected \"-----BEGIN PRIVATE KEY-----\"");
  if (pem.size() < kPemBegin.size() + kPemEnd.size() || pem.substr(pem.size() - kPemEnd.size()) != kPemEnd)
    bad_key_file(path, "truncated: the file must end with \"-----END PRIVATE KEY-----\" and a newline");
  if (pem.find(kPemEnd) != pem.size() - kPemEnd.size())
    bad_key_file(path, "unexpected text after the private key");
  Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  // A callback that refuses, so OpenSSL never prompts for a passphrase on the terminal.
  auto no_password = [](char*, int, int, void*) { return 0; };
  EVP_PKEY* pkey = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, no_password, nullptr) : nullptr;
  if (!pkey) {
    ERR_clear_error();
    bad_key_file(path, "the private key is not valid PKCS#8 PEM");
  }
  return share(pkey);
}

std::string pem_of(EVP_PKEY* pkey) {
  Bio bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    crypto_failure("private key export");
  char* data = nullptr;
  long len = BIO_get_mem_data(bio.get(), &data);
  std::string pem(data, static_cast<std::size_t>(len));
  OPENSSL_cleanse(data, static_cast<std::size_t>(len));
  return pem;
}

void write_all(int fd, std::string_view data, const std::filesystem::path& tmp) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) io_failure(tmp, "write", errno);
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

void fsync_dir(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) io_failure(dir, "open directory", errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) io_failure(dir, "fsync directory", err);
}

// Writes `contents` to a fresh 0600 temporary file beside `path` and links it into place.
void write_new_file(const std::filesystem::path& path, std::string contents) {
  std::string tmp = path.string() + ".tmp-XXXXXX";
  int fd = ::mkstemp(tmp.data());  // creates the file with mode 0600
  if (fd < 0) io_failure(path, "create temporary file", errno);
  auto cleanup = [&] {
    OPENSSL_cleanse(contents.data(), contents.size());
    ::unlink(tmp.c_str());
  };
  try {
    if (::fchmod(fd, 0600) != 0) io_failure(tmp, "chmod", errno);
    write_all(fd, contents, tmp);
    if (::fsync(fd) != 0) io_failure(tmp, "fsync", errno);
  } catch (...) {
    ::close(fd);
    cleanup();
    throw;
  }
  ::close(fd);
  // link() never replaces an existing file, unlike rename().
  if (::link(tmp.c_str(), path.c_str()) != 0) {
    int err = errno;
    cleanup();
    if (err == EEXIST)
      throw conflict("signing-key-exists", "签名密钥文件已存在，拒绝覆盖",
                     path.string() + " already exists; refusing to overwrite a key");
    io_failure(path, "link into place", err);
  }
  cleanup();
  fsync_dir(path.parent_path());
}

}  // namespace

bool is_sm2_point(std::string_view point) { return public_pkey(SigAlg::sm2, point) != nullptr; }

bool verify_sm2(std::string_view point, std::string_view id, std::string_view message, std::string_view signature) {
  if (id.size() > kMaxSm2IdBytes) return false;
  auto pkey = public_pkey(SigAlg::sm2, point);
  return pkey && verify_raw(SigAlg::sm2, id, pkey.get(), message, signature);
}

std::string_view to_string(SigAlg alg) { return alg == SigAlg::sm2 ? "sm2" : "ed25519"; }

std::optional<SigAlg> parse_sig_alg(std::string_view s) {
  if (s == "sm2") return SigAlg::sm2;
  if (s == "ed25519") return SigAlg::ed25519;
  return std::nullopt;
}

bool is_valid_key_name(std::string_view name) {
  if (name.empty() || first_invalid_utf8(name)) return false;
  for (std::size_t i = 0; i < name.size();) {
    char32_t c = next_code_point(name, i);
    if (c < 0x20 || c == U'+' || is_unicode_space(c)) return false;
  }
  return true;
}

std::string cosignature_message(std::string_view checkpoint_body, uint64_t unix_seconds) {
  return "cosignature/v1\ntime " + std::to_string(unix_seconds) + "\n" + std::string(checkpoint_body);
}

// --- SigningKey ---------------------------------------------------------------------------------

SigningKey::SigningKey(SigAlg alg, std::string name, std::string id, std::shared_ptr<EVP_PKEY> pkey)
    : alg_(alg),
      name_(std::move(name)),
      id_(alg == SigAlg::sm2 ? std::move(id) : std::string()),
      pkey_(std::move(pkey)) {}

SigningKey SigningKey::generate(SigAlg alg, std::string name, std::string distinguishing_id) {
  require_valid_name(name);
  if (alg == SigAlg::sm2) require_valid_sm2_id(distinguishing_id);
  EVP_PKEY* pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, alg == SigAlg::sm2 ? "SM2" : "ED25519");
  if (!pkey) crypto_failure("key generation");
  return SigningKey(alg, std::move(name), std::move(distinguishing_id), share(pkey));
}

SigningKey SigningKey::from_ed25519_seed(std::string name, std::string_view seed) {
  require_valid_name(name);
  if (seed.size() != kEd25519KeyBytes)
    throw invalid("invalid-private-key", "私钥无效",
                  "an Ed25519 seed is 32 bytes, got " + std::to_string(seed.size()));
  EVP_PKEY* pkey = EVP_PKEY_new_raw_private_key_ex(nullptr, "ED25519", nullptr, bytes(seed), seed.size());
  if (!pkey) crypto_failure("Ed25519 key import");
  return SigningKey(SigAlg::ed25519, std::move(name), {}, share(pkey));
}

SigningKey SigningKey::from_sm2_scalar(std::string name, std::string_view scalar,
                                       std::string distinguishing_id) {
  require_valid_name(name);
  require_valid_sm2_id(distinguishing_id);
  if (scalar.size() != kSm2ScalarBytes)
    throw invalid("invalid-private-key", "私钥无效", "an SM2 private key is a 32-byte integer in [1, n-2]");
  Bignum d(BN_bin2bn(bytes(scalar), static_cast<int>(scalar.size()), nullptr));
  if (!d) crypto_failure("SM2 key import");
  auto pkey = sm2_pkey(sm2_public_point(d.get()), d.get());
  if (!pkey) crypto_failure("SM2 key import");
  return SigningKey(SigAlg::sm2, std::move(name), std::move(distinguishing_id), std::move(pkey));
}

SigningKey SigningKey::load(const std::filesystem::path& path) {
  std::string data = read_small_file(path);
  Scrubbed scrub{data};
  std::string_view rest = data;
  if (take_line(path, rest, "header") != kKeyFileHeader)
    bad_key_file(path, "the first line must be exactly \"haoban-signing-key/v1\"");
  auto alg = parse_sig_alg(take_field(path, rest, "alg "));
  if (!alg) bad_key_file(path, "alg must be \"ed25519\" or \"sm2\"");
  std::string name = take_field(path, rest, "name ");
  if (!is_valid_key_name(name)) bad_key_file(path, "invalid key name \"" + name + "\"");
  std::string id;
  if (*alg == SigAlg::sm2) {
    auto decoded = hex_decode(take_field(path, rest, "sm2-id-hex "));
    if (!decoded) bad_key_file(path, "sm2-id-hex is not hexadecimal");
    if (decoded->size() > kMaxSm2IdBytes)
      bad_key_file(path, "the SM2 distinguishing ID is longer than 255 bytes");
    id = std::move(*decoded);
  }
  auto pkey = parse_pem(path, rest);
  if (!key_matches(*alg, pkey.get()))
    bad_key_file(path, "the private key is not an " + std::string(to_string(*alg)) + " key");
  return SigningKey(*alg, std::move(name), std::move(id), std::move(pkey));
}

void SigningKey::save(const std::filesystem::path& path) const {
  std::string contents =
      std::string(kKeyFileHeader) + "\nalg " + std::string(to_string(alg_)) + "\nname " + name_ + "\n";
  if (alg_ == SigAlg::sm2) contents += "sm2-id-hex " + hex_encode(id_) + "\n";
  std::string pem = pem_of(pkey_.get());
  contents += pem;
  OPENSSL_cleanse(pem.data(), pem.size());
  write_new_file(path, std::move(contents));
}

std::string SigningKey::public_key() const { return raw_public_key(alg_, pkey_.get()); }

uint32_t SigningKey::key_id(KeyRole role) const {
  return compute_key_id(name_, type_bytes(alg_, role), key_material(alg_, id_, public_key()));
}

VerifierKey SigningKey::verifier(KeyRole role) const {
  return VerifierKey(alg_, role, name_, id_, public_key());
}

std::string SigningKey::sign(std::string_view message) const {
  return sign_raw(alg_, id_, pkey_.get(), message);
}

std::string SigningKey::cosign(std::string_view checkpoint_body, uint64_t unix_seconds) const {
  if (unix_seconds > kMaxCosignatureTime)
    throw invalid("invalid-cosignature-time", "见证签名时间无效",
                  "cosignature timestamps must not exceed 2^63-1");
  return be64(unix_seconds) + sign(cosignature_message(checkpoint_body, unix_seconds));
}

// --- VerifierKey --------------------------------------------------------------------------------

VerifierKey::VerifierKey(SigAlg alg, KeyRole role, std::string name, std::string id, std::string public_key)
    : alg_(alg), role_(role), name_(std::move(name)), id_(std::move(id)), public_key_(std::move(public_key)) {
  key_id_ = compute_key_id(name_, type_bytes(alg_, role_), key_material(alg_, id_, public_key_));
  pkey_ = public_pkey(alg_, public_key_);
  if (!pkey_)
    throw invalid("invalid-verifier-key", "验证公钥无效", "the public key is not a valid point on the curve");
}

namespace {

[[noreturn]] void bad_vkey(std::string_view vkey, std::string_view why) {
  throw invalid("invalid-verifier-key", "验证公钥无效", std::string(why) + ": \"" + std::string(vkey) + "\"");
}

struct TypedKey {
  SigAlg alg;
  KeyRole role;
  std::string_view material;
};

std::optional<TypedKey> split_type(std::string_view key) {
  struct Known {
    std::string_view type;
    SigAlg alg;
    KeyRole role;
  };
  static constexpr Known kKnown[] = {{kEd25519NoteType, SigAlg::ed25519, KeyRole::note},
                                     {kEd25519CosignerType, SigAlg::ed25519, KeyRole::cosigner},
                                     {kSm2NoteType, SigAlg::sm2, KeyRole::note},
                                     {kSm2CosignerType, SigAlg::sm2, KeyRole::cosigner}};
  for (const auto& k : kKnown)
    if (key.substr(0, k.type.size()) == k.type) return TypedKey{k.alg, k.role, key.substr(k.type.size())};
  return std::nullopt;
}

}  // namespace

VerifierKey VerifierKey::parse(std::string_view vkey) {
  auto plus = vkey.find('+');
  if (plus == std::string_view::npos) bad_vkey(vkey, "a vkey is <name>+<key id>+<key>");
  std::string_view name = vkey.substr(0, plus), rest = vkey.substr(plus + 1);
  if (!is_valid_key_name(name)) bad_vkey(vkey, "invalid key name");
  if (rest.size() < 9 || rest[8] != '+') bad_vkey(vkey, "the key ID must be 8 hex digits followed by '+'");
  auto id_bytes = hex_decode(rest.substr(0, 8));
  if (!id_bytes) bad_vkey(vkey, "the key ID is not hexadecimal");
  auto key = base64_decode(rest.substr(9));
  if (!key) bad_vkey(vkey, "the key is not valid base64");
  auto typed = split_type(*key);
  if (!typed) bad_vkey(vkey, "unknown signature type");
  std::string id, point;
  std::string_view m = typed->material;
  if (typed->alg == SigAlg::ed25519) {
    if (m.size() != kEd25519KeyBytes) bad_vkey(vkey, "an Ed25519 key is 32 bytes");
    point = m;
  } else {
    std::size_t id_len = m.empty() ? 0 : static_cast<unsigned char>(m[0]);
    if (m.size() != 1 + id_len + kSm2PointBytes)
      bad_vkey(vkey, "an SM2 key is id length, id and a 65-byte point");
    id = m.substr(1, id_len);
    point = m.substr(1 + id_len);
  }
  VerifierKey out(typed->alg, typed->role, std::string(name), std::move(id), std::move(point));
  if (*id_bytes != be64(out.key_id_).substr(4)) bad_vkey(vkey, "the key ID does not match the key");
  return out;
}

std::string VerifierKey::to_string() const {
  std::string key = std::string(type_bytes(alg_, role_)) + key_material(alg_, id_, public_key_);
  return name_ + "+" + hex_encode(be64(key_id_).substr(4)) + "+" + base64_encode(key);
}

bool VerifierKey::verify(std::string_view message, std::string_view signature) const {
  return verify_raw(alg_, id_, pkey_.get(), message, signature);
}

std::optional<uint64_t> VerifierKey::verify_cosigned(std::string_view checkpoint_body,
                                                     std::string_view timestamped_signature) const {
  if (role_ != KeyRole::cosigner)
    throw invalid("wrong-key-role", "密钥用途不符", "key " + name_ + " is not a cosigner (witness) key");
  if (timestamped_signature.size() != 8 + kSignatureBytes) return std::nullopt;
  uint64_t t = read_be64(timestamped_signature);
  if (t > kMaxCosignatureTime) return std::nullopt;
  if (!verify(cosignature_message(checkpoint_body, t), timestamped_signature.substr(8))) return std::nullopt;
  return t;
}

}  // namespace haoban::ledger
