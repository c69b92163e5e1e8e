#include "materials/formats.h"

#include <gtest/gtest.h>

#include "materials/samples.h"

namespace haoban::materials {
namespace {

std::string png() { return sample_png(12, 8, 0xF0F0F0, 0x3050A0); }

void expect_type(const std::string& bytes, FileType t) {
  Sniffed s = sniff(bytes);
  ASSERT_TRUE(s.type) << s.problem;
  EXPECT_EQ(s.type->type, t);
  EXPECT_EQ(s.type->media_type, media_type_of(t));
}

void expect_problem(const std::string& bytes, std::string_view contains, bool unsupported = false) {
  Sniffed s = sniff(bytes);
  EXPECT_FALSE(s.type);
  EXPECT_NE(s.problem.find(contains), std::string::npos) << "problem: " << s.problem;
  EXPECT_EQ(s.unsupported, unsupported) << s.problem;
}

TEST(Formats, Crc32KnownAnswer) {
  EXPECT_EQ(crc32("123456789"), 0xCBF43926u);  // the CRC-32/ISO-HDLC check value
  EXPECT_EQ(crc32("6789", crc32("12345")), 0xCBF43926u);
}

TEST(Formats, SamplesOfEveryFormatAreRecognised) {
  expect_type(sample_pdf({"haoban", "sample"}), FileType::pdf);
  expect_type(png(), FileType::png);
  expect_type(sample_jpeg(), FileType::jpeg);
  expect_type(sample_ofd("营业执照"), FileType::ofd);
}

TEST(Formats, PdfNeedsHeaderStartxrefAndEof) {
  std::string pdf = sample_pdf({"x"});
  expect_type(pdf + "\r\n\n", FileType::pdf);            // trailing whitespace is fine
  expect_type("garbage before\n" + pdf, FileType::pdf);  // header within the first 1024 bytes
  expect_problem(pdf.substr(0, pdf.size() / 2), "文件已损坏：PDF 缺少结束标记");
  expect_problem(pdf.substr(0, pdf.find("startxref")) + "%%EOF\n", "startxref");
  std::string bad_offset = pdf;
  bad_offset.replace(bad_offset.rfind("startxref\n") + 10, 3, "999999");
  expect_problem(bad_offset, "交叉引用位置");
  expect_problem("%PDF-x", "PDF 文件头不完整");
}

TEST(Formats, JpegNeedsSegmentsScanAndEoi) {
  std::string jpg = sample_jpeg();
  expect_type(jpg + "trailer bytes some cameras add", FileType::jpeg);
  expect_problem(jpg.substr(0, jpg.size() - 2), "JPEG 缺少结束标记");
  expect_problem(jpg.substr(0, 30), "JPEG 段长度超出文件");
  std::string no_scan = jpg.substr(0, jpg.find("\xFF\xDA")) + "\xFF\xD9";
  expect_problem(no_scan, "JPEG 缺少图像数据");
  std::string broken_length = jpg;
  broken_length[5] = '\x01';  // APP0 length 1
  expect_problem(broken_length, "JPEG 段长度无效");
}

TEST(Formats, PngChecksChunkOrderLengthsAndCrcs) {
  std::string p = png();
  expect_problem(p.substr(0, p.size() - 12), "PNG 缺少结束块 IEND");
  expect_problem(p.substr(0, p.size() - 20), "PNG 数据块");
  std::string flipped = p;
  flipped[p.find("IDAT") + 20] ^= 0x01;
  expect_problem(flipped, "PNG 数据块校验失败（IDAT）");
  expect_problem(p + "extra", "IEND 之后还有数据");
  // IDAT before IHDR.
  std::size_t ihdr = 8, idat = 8 + 25, iend = p.size() - 12;
  std::string swapped = p.substr(0, 8) + p.substr(idat, iend - idat) + p.substr(ihdr, 25) + p.substr(iend);
  expect_problem(swapped, "PNG 第一个数据块不是 IHDR");
  std::string huge = p;
  huge[idat] = '\x10';  // IDAT length far beyond the file
  expect_problem(huge, "PNG 数据块长度超出文件");
}

TEST(Formats, OfdIsAZipListingOfdXml) {
  std::string ofd = sample_ofd("证照");
  expect_problem(ofd.substr(0, ofd.size() - 10), "OFD 缺少压缩包目录");
  expect_problem(sample_zip({{"word/document.xml", "<w/>"}}), "没有 OFD.xml", true);
  expect_problem(sample_zip({{"Doc_0/OFD.xml", "<x/>"}}), "没有 OFD.xml", true);  // must be at the root
  std::string moved = ofd;
  std::size_t eocd = moved.rfind("PK\x05\x06");
  moved[eocd + 16] = static_cast<char>(moved[eocd + 16] + 7);  // central directory offset off by 7
  EXPECT_FALSE(sniff(moved).type);
  std::string cut_entry = ofd;
  cut_entry.erase(40, 5);  // local data shortened: every later offset is wrong
  EXPECT_FALSE(sniff(cut_entry).type);
}

TEST(Formats, AnythingElseIsUnsupported) {
  expect_problem("hello, this is a text file renamed to .pdf", "不支持的文件类型", true);
  expect_problem("GIF89a\x01\x00\x01\x00", "不支持的文件类型", true);
  expect_problem("", "文件为空");
}

}  // namespace
}  // namespace haoban::materials
