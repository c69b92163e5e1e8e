#include "materials/samples.h"

#include <fmt/format.h>

#include <algorithm>

#include "materials/formats.h"

namespace haoban::materials {

namespace {

void put_be32(std::string& out, std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out += static_cast<char>((v >> s) & 0xFF);
}
void put_le16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>((v >> 8) & 0xFF);
}
void put_le32(std::string& out, std::uint32_t v) {
  put_le16(out, v & 0xFFFF);
  put_le16(out, v >> 16);
}

std::string pdf_string(std::string_view s) {
  std::string out = "(";
  for (unsigned char c : s) {
    if (c == '(' || c == ')' || c == '\\') out += '\\';
    out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
  }
  // A UTF-8 sequence became one '?' per byte: collapse runs to keep the text readable.
  out.erase(std::unique(out.begin(), out.end(), [](char a, char b) { return a == '?' && b == '?'; }),
            out.end());
  return out + ")";
}

void png_chunk(std::string& out, std::string_view type, std::string_view data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type);
  body += data;
  out += body;
  put_be32(out, crc32(body));
}

// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 §3.2.4): valid, uncompressed.
std::string zlib_stored(std::string_view raw) {
  std::string out = "\x78\x01";
  std::size_t at = 0;
  do {
    std::size_t n = std::min<std::size_t>(raw.size() - at, 0xFFFF);
    bool last = at + n == raw.size();
    out += static_cast<char>(last ? 1 : 0);
    put_le16(out, static_cast<std::uint32_t>(n));
    put_le16(out, static_cast<std::uint32_t>(~n & 0xFFFF));
    out.append(raw.substr(at, n));
    at += n;
  } while (at < raw.size());
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : raw) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  put_be32(out, b << 16 | a);
  return out;
}

}  // namespace

std::string sample_pdf(const std::vector<std::string>& lines) {
  std::string text = "BT /F1 14 Tf 72 770 Td 18 TL";
  for (const auto& l : lines) text += " " + pdf_string(l) + " '";
  text += " ET";
  const std::string objects[] = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents "
      "5 0 R >>",
      "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
      fmt::format("<< /Length {} >>\nstream\n{}\nendstream", text.size(), text),
  };
  std::string out = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<std::size_t> offsets;
  for (std::size_t i = 0; i < std::size(objects); ++i) {
    offsets.push_back(out.size());
    out += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects[i]);
  }
  std::size_t xref = out.size();
  out += fmt::format("xref\n0 {}\n0000000000 65535 f \n", offsets.size() + 1);
  for (std::size_t o : offsets) out += fmt::format("{:010} 00000 n \n", o);
  out += fmt::format("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{}\n%%EOF\n", offsets.size() + 1, xref);
  return out;
}

std::string sample_png(int width, int height, std::uint32_t rgb, std::uint32_t border) {
  std::string raw;
  raw.reserve(static_cast<std::size_t>(height) * (1 + 3 * static_cast<std::size_t>(width)));
  for (int y = 0; y < height; ++y) {
    raw += '\0';  // filter: none
    for (int x = 0; x < width; ++x) {
      bool edge = x == 0 || y == 0 || x == width - 1 || y == height - 1;
      std::uint32_t c = edge ? border : rgb;
      raw += static_cast<char>((c >> 16) & 0xFF);
      raw += static_cast<char>((c >> 8) & 0xFF);
      raw += static_cast<char>(c & 0xFF);
    }
  }
  std::string ihdr;
  put_be32(ihdr, static_cast<std::uint32_t>(width));
  put_be32(ihdr, static_cast<std::uint32_t>(height));
  ihdr += std::string("\x08\x02\x00\x00\x00", 5);  // 8-bit RGB, deflate, adaptive filtering, no interlace
  std::string out = "\x89PNG\r\n\x1a\n";
  png_chunk(out, "IHDR", ihdr);
  png_chunk(out, "IDAT", zlib_stored(raw));
  png_chunk(out, "IEND", "");
  return out;
}

std::string sample_jpeg() {
  // One 8×8 block whose DC difference is 0 (grey 128) and whose AC coefficients end at once: with
  // one-symbol Huffman tables each is the 1-bit code '0', so the scan is the bits 00, padded with 1s.
  std::string out("\xFF\xD8", 2);
  out += std::string("\xFF\xE0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00", 18);
  out += std::string("\xFF\xDB\x00\x43\x00", 5) + std::string(64, '\x01');
  out += std::string("\xFF\xC0\x00\x0B\x08\x00\x08\x00\x08\x01\x01\x11\x00", 13);
  for (char table_class : {'\x00', '\x10'})
    out += std::string("\xFF\xC4\x00\x14", 4) + table_class + '\x01' + std::string(15, '\0') + '\0';
  out += std::string("\xFF\xDA\x00\x08\x01\x01\x00\x00\x3F\x00", 10);
  out += std::string("\x3F\xFF\xD9", 3);
  return out;
}

std::string sample_zip(const std::vector<std::pair<std::string, std::string>>& entries) {
  constexpr std::uint32_t kDosTime = 9 << 11, kDosDate = (2026 - 1980) << 9 | 1 << 5 | 1;  // 2026-01-01 09:00
  std::string out, central;
  for (const auto& [name, data] : entries) {
    std::uint32_t crc = crc32(data), size = static_cast<std::uint32_t>(data.size());
    auto common = [&](std::string& s) {
      put_le16(s, 20);      // version needed: 2.0
      put_le16(s, 0x0800);  // flags: UTF-8 names
      put_le16(s, 0);       // method: stored
      put_le16(s, kDosTime);
      put_le16(s, kDosDate);
      put_le32(s, crc);
      put_le32(s, size);
      put_le32(s, size);
      put_le16(s, static_cast<std::uint32_t>(name.size()));
      put_le16(s, 0);  // extra length
    };
    std::uint32_t local = static_cast<std::uint32_t>(out.size());
    out += "PK\x03\x04";
    common(out);
    out += name + data;
    central += "PK\x01\x02";
    put_le16(central, 20);  // version made by
    common(central);
    put_le16(central, 0);  // comment length
    put_le16(central, 0);  // disk
    put_le16(central, 0);  // internal attributes
    put_le32(central, 0);  // external attributes
    put_le32(central, local);
    central += name;
  }
  std::uint32_t cd_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  out += "PK\x05\x06";
  put_le16(out, 0);
  put_le16(out, 0);
  put_le16(out, static_cast<std::uint32_t>(entries.size()));
  put_le16(out, static_cast<std::uint32_t>(entries.size()));
  put_le32(out, static_cast<std::uint32_t>(central.size()));
  put_le32(out, cd_offset);
  put_le16(out, 0);
  return out;
}

std::string sample_ofd(std::string_view title) {
  std::string escaped;
  for (char c : title) {
    if (c == '<')
      escaped += "&lt;";
    else if (c == '>')
      escaped += "&gt;";
    else if (c == '&')
      escaped += "&amp;";
    else
      escaped += c;
  }
  std::string ofd = fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ofd:OFD xmlns:ofd=\"http://www.ofdspec.org/2016\" Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody>"
      "<ofd:DocInfo><ofd:Title>{}</ofd:Title></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
      "</ofd:DocBody></ofd:OFD>\n",
      escaped);
  std::string doc =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<ofd:Document "
      "xmlns:ofd=\"http://www.ofdspec.org/2016\"><ofd:CommonData><ofd:MaxUnitID>1</ofd:MaxUnitID>"
      "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
      "<ofd:Pages/></ofd:Document>\n";
  return sample_zip({{"OFD.xml", ofd}, {"Doc_0/Document.xml", doc}});
}

}  // namespace haoban::materials
