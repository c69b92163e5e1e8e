#include "materials/formats.h"

#include <array>
#include <cctype>

namespace haoban::materials {

namespace {

constexpr std::string_view kUnsupported = "不支持的文件类型：仅接受 PDF、JPEG、PNG、OFD";

Sniffed ok(FileType t) { return {DetectedType{t, media_type_of(t), extension_of(t)}, {}, false}; }
Sniffed broken(std::string_view what) { return {std::nullopt, "文件已损坏：" + std::string(what), false}; }
Sniffed unsupported(std::string_view what = kUnsupported) { return {std::nullopt, std::string(what), true}; }

std::uint32_t be32(std::string_view b, std::size_t at) {
  auto u = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])); };
  return u(0) << 24 | u(1) << 16 | u(2) << 8 | u(3);
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  auto u = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])); };
  return u(3) << 24 | u(2) << 16 | u(1) << 8 | u(0);
}
std::uint16_t le16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(b[at]) | static_cast<unsigned char>(b[at + 1])
                                                                            << 8);
}
unsigned char byte(std::string_view b, std::size_t at) { return static_cast<unsigned char>(b[at]); }

bool is_space(char c) { return c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == '\0'; }

// ---- PDF (ISO 32000: header, and a file trailer ending in startxref <offset> %%EOF) ----

Sniffed check_pdf(std::string_view b) {
  std::size_t head = b.substr(0, 1024).find("%PDF-");
  if (head == std::string_view::npos) return unsupported();
  if (b.size() < head + 8 || !std::isdigit(byte(b, head + 5)) || b[head + 6] != '.' ||
      !std::isdigit(byte(b, head + 7)))
    return broken("PDF 文件头不完整");
  std::string_view end = b;
  while (!end.empty() && is_space(end.back())) end.remove_suffix(1);
  if (!end.ends_with("%%EOF")) return broken("PDF 缺少结束标记");
  std::string_view tail = end.substr(end.size() >= 1024 ? end.size() - 1024 : 0);
  std::size_t sx = tail.rfind("startxref");
  if (sx == std::string_view::npos) return broken("PDF 缺少交叉引用位置（startxref）");
  std::string_view offset = tail.substr(sx + 9, tail.size() - 5 - (sx + 9));
  while (!offset.empty() && is_space(offset.front())) offset.remove_prefix(1);
  while (!offset.empty() && is_space(offset.back())) offset.remove_suffix(1);
  std::uint64_t at = 0;
  if (offset.empty() || offset.size() > 15) return broken("PDF 交叉引用位置无效");
  for (char c : offset) {
    if (!std::isdigit(static_cast<unsigned char>(c))) return broken("PDF 交叉引用位置无效");
    at = at * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (at >= b.size()) return broken("PDF 交叉引用位置超出文件");
  return ok(FileType::pdf);
}

// ---- JPEG (ITU T.81 B.1: marker segments; entropy-coded data between SOS and the next marker) ----

Sniffed check_jpeg(std::string_view b) {
  std::size_t i = 2;
  bool frame = false, scan = false;
  for (;;) {
    if (i >= b.size()) return broken(scan ? "JPEG 缺少结束标记" : "JPEG 文件不完整");
    if (byte(b, i) != 0xFF) return broken("JPEG 段结构错误");
    while (i < b.size() && byte(b, i) == 0xFF) ++i;  // fill bytes
    if (i >= b.size()) return broken("JPEG 缺少结束标记");
    unsigned char m = byte(b, i++);
    if (m == 0xD9) break;  // EOI
    if (m == 0xD8 || m == 0x00) return broken("JPEG 段结构错误");
    if ((m >= 0xD0 && m <= 0xD7) || m == 0x01) continue;  // RSTn, TEM: no length
    if (i + 2 > b.size()) return broken("JPEG 文件不完整");
    std::size_t len = static_cast<std::size_t>(byte(b, i)) << 8 | byte(b, i + 1);
    if (len < 2) return broken("JPEG 段长度无效");
    if (i + len > b.size()) return broken("JPEG 段长度超出文件");
    bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
    if (sof) {
      if (len < 8) return broken("JPEG 帧头不完整");
      // The height may be 0 (defined later by a DNL segment); the width may not.
      if ((byte(b, i + 5) << 8 | byte(b, i + 6)) == 0) return broken("JPEG 图像尺寸无效");
      frame = true;
    }
    i += len;
    if (m == 0xDA) {  // SOS: skip the entropy-coded data up to the next real marker
      if (!frame) return broken("JPEG 缺少帧头");
      scan = true;
      while (i + 1 < b.size() && !(byte(b, i) == 0xFF && byte(b, i + 1) != 0x00 &&
                                   !(byte(b, i + 1) >= 0xD0 && byte(b, i + 1) <= 0xD7)))
        ++i;
      if (i + 1 >= b.size()) return broken("JPEG 缺少结束标记");
    }
  }
  if (!scan) return broken("JPEG 缺少图像数据");
  return ok(FileType::jpeg);  // bytes after EOI (camera trailers) are tolerated
}

// ---- PNG (ISO/IEC 15948: signature, chunks of length + type + data + CRC) ----

Sniffed check_png(std::string_view b) {
  std::size_t i = 8;
  bool first = true, idat = false;
  for (;;) {
    if (i == b.size()) return broken("PNG 缺少结束块 IEND");
    if (i + 12 > b.size()) return broken("PNG 数据块不完整");
    std::uint32_t len = be32(b, i);
    std::string_view type = b.substr(i + 4, 4);
    for (char c : type)
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return broken("PNG 数据块类型无效");
    if (len > 0x7FFFFFFFu || len > b.size() - i - 12) return broken("PNG 数据块长度超出文件");
    if (crc32(b.substr(i + 4, 4 + len)) != be32(b, i + 8 + len))
      return broken("PNG 数据块校验失败（" + std::string(type) + "）");
    if (first) {
      if (type != "IHDR" || len != 13) return broken("PNG 第一个数据块不是 IHDR");
      if (be32(b, i + 8) == 0 || be32(b, i + 12) == 0) return broken("PNG 图像尺寸无效");
      first = false;
    } else if (type == "IHDR") {
      return broken("PNG 含有多个 IHDR");
    }
    if (type == "IDAT") idat = true;
    i += 12 + len;
    if (type == "IEND") {
      if (len != 0) return broken("PNG 结束块 IEND 无效");
      if (!idat) return broken("PNG 缺少图像数据（IDAT）");
      if (i != b.size()) return broken("PNG 结束块 IEND 之后还有数据");
      return ok(FileType::png);
    }
  }
}

// ---- OFD (GB/T 33190): a ZIP (APPNOTE 4.3) with OFD.xml at its root ----

constexpr std::size_t kEocdSize = 22, kCentralSize = 46, kLocalSize = 30;

Sniffed check_ofd(std::string_view b) {
  // The end-of-central-directory record: the last "PK\5\6" whose comment ends the file.
  std::optional<std::size_t> eocd;
  if (b.size() >= kEocdSize) {
    std::size_t lowest = b.size() - kEocdSize > 0xFFFF ? b.size() - kEocdSize - 0xFFFF : 0;
    for (std::size_t p = b.size() - kEocdSize + 1; p-- > lowest;)
      if (b.compare(p, 4, "PK\x05\x06") == 0 && p + kEocdSize + le16(b, p + 20) == b.size()) {
        eocd = p;
        break;
      }
  }
  if (!eocd) return broken("OFD 缺少压缩包目录（文件不完整）");
  std::size_t e = *eocd;
  if (le16(b, e + 4) != 0 || le16(b, e + 6) != 0) return unsupported("不支持的文件类型：分卷压缩的 OFD");
  std::uint32_t count = le16(b, e + 10), cd_size = le32(b, e + 12), cd_offset = le32(b, e + 16);
  if (count == 0xFFFF || cd_size == 0xFFFFFFFFu || cd_offset == 0xFFFFFFFFu)
    return unsupported("不支持的文件类型：OFD 使用了 ZIP64 格式");
  if (le16(b, e + 8) != count) return broken("OFD 压缩包目录不一致");
  if (std::size_t{cd_offset} + cd_size > e) return broken("OFD 压缩包目录超出文件");
  bool has_root = false;
  std::size_t p = cd_offset;
  for (std::uint32_t n = 0; n < count; ++n) {
    if (p + kCentralSize > std::size_t{cd_offset} + cd_size || b.compare(p, 4, "PK\x01\x02") != 0)
      return broken("OFD 压缩包目录损坏");
    std::size_t name_len = le16(b, p + 28), extra_len = le16(b, p + 30), comment_len = le16(b, p + 32);
    std::uint32_t local = le32(b, p + 42), packed = le32(b, p + 20);
    std::size_t next = p + kCentralSize + name_len + extra_len + comment_len;
    if (next > std::size_t{cd_offset} + cd_size) return broken("OFD 压缩包目录损坏");
    if (std::size_t{local} + kLocalSize > cd_offset || b.compare(local, 4, "PK\x03\x04") != 0)
      return broken("OFD 压缩包条目位置无效");
    std::size_t data = local + kLocalSize + le16(b, local + 26) + le16(b, local + 28);
    if (data + packed > cd_offset) return broken("OFD 压缩包条目超出文件");
    if (b.substr(p + kCentralSize, name_len) == "OFD.xml") has_root = true;
    p = next;
  }
  if (p != std::size_t{cd_offset} + cd_size) return broken("OFD 压缩包目录不一致");
  if (!has_root) return unsupported("不支持的文件类型：压缩包中没有 OFD.xml，不是 OFD 文件");
  return ok(FileType::ofd);
}

}  // namespace

std::string_view media_type_of(FileType t) {
  switch (t) {
    case FileType::pdf:
      return "application/pdf";
    case FileType::jpeg:
      return "image/jpeg";
    case FileType::png:
      return "image/png";
    case FileType::ofd:
      return "application/ofd";
  }
  return "application/octet-stream";
}

std::string_view extension_of(FileType t) {
  switch (t) {
    case FileType::pdf:
      return "pdf";
    case FileType::jpeg:
      return "jpg";
    case FileType::png:
      return "png";
    case FileType::ofd:
      return "ofd";
  }
  return "bin";
}

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (char ch : bytes) crc = table[(crc ^ static_cast<unsigned char>(ch)) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

Sniffed sniff(std::string_view b) {
  if (b.empty()) return broken("文件为空");
  if (b.starts_with("\x89PNG\r\n\x1a\n")) return check_png(b);
  if (b.size() >= 3 && b.starts_with("\xFF\xD8\xFF")) return check_jpeg(b);
  if (b.starts_with("PK\x03\x04")) return check_ofd(b);
  if (b.substr(0, 1024).find("%PDF-") != std::string_view::npos) return check_pdf(b);
  return unsupported();
}

}  // namespace haoban::materials
