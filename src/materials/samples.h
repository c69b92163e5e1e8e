// Small, valid documents made in code, for the demo seed and tests: a one-page PDF, a PNG, a JPEG
// and an OFD, each passing sniff() and opening in ordinary viewers. Deterministic: same arguments,
// same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haoban::materials {

// A one-page A4 PDF showing `lines` in Helvetica (non-ASCII characters are shown as '?').
std::string sample_pdf(const std::vector<std::string>& lines);

// A width × height 8-bit RGB PNG filled with `rgb` (0xRRGGBB), with a 1-pixel border in `border`.
std::string sample_png(int width, int height, std::uint32_t rgb, std::uint32_t border);

// An 8 × 8 mid-grey baseline JPEG.
std::string sample_jpeg();

// A ZIP of stored (uncompressed) entries, name → content.
std::string sample_zip(const std::vector<std::pair<std::string, std::string>>& entries);

// An OFD package (GB/T 33190): OFD.xml and one document titled `title`.
std::string sample_ofd(std::string_view title);

}  // namespace haoban::materials
