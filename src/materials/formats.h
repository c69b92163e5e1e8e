// What an uploaded file is, decided by its bytes alone (never its name or the client's
// Content-Type): magic bytes plus a structural check per format, so a truncated or damaged file is
// refused with a reason a person can act on.
//
//   PDF   "%PDF-x.y" header within the first 1024 bytes; "startxref" and a final "%%EOF" at the end
//   JPEG  SOI, well-formed marker segments up to a frame header and a scan, EOI
//   PNG   signature, IHDR first, every chunk's length inside the file and its CRC-32 right, at least
//         one IDAT, IEND last with nothing after it
//   OFD   a ZIP (GB/T 33190) whose end-of-central-directory record and central directory are
//         consistent and list OFD.xml at the root
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace haoban::materials {

enum class FileType { pdf, jpeg, png, ofd };

struct DetectedType {
  FileType type;
  std::string_view media_type;  // application/pdf, image/jpeg, image/png, application/ofd
  std::string_view extension;   // pdf, jpg, png, ofd
};

// Either the type, or `problem`: a Simplified Chinese sentence naming what is wrong, e.g.
// 「文件已损坏：PDF 缺少结束标记」 or 「不支持的文件类型：仅接受 PDF、JPEG、PNG、OFD」.
struct Sniffed {
  std::optional<DetectedType> type;
  std::string problem;
  bool unsupported = false;  // true: not one of the accepted formats; false with a problem: damaged
};

Sniffed sniff(std::string_view bytes);

std::string_view media_type_of(FileType t);
std::string_view extension_of(FileType t);

// CRC-32 (ISO-HDLC, as PNG and ZIP use it), continuing from `crc` (0 to start).
std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);

}  // namespace haoban::materials
