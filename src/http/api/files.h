// Files over HTTP: the percent-encoded X-Filename of an upload, and a download's response with a
// Content-Disposition any browser reads (RFC 6266 / RFC 8187), used by materials and 帮办 files.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/api/http.h"

namespace haoban::http {

// RFC 3986 percent-decoding; nullopt for a '%' not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view s);
// RFC 8187 ext-value (unreserved characters kept, every other byte %XX).
std::string percent_encode(std::string_view s);

// The bytes with their media type, `inline` (shown by the browser, e.g. an image) or as an
// attachment, never sniffed and never cached by shared caches.
Response file_response(std::string_view file_name, std::string_view media_type, std::string bytes, bool inline_ = false);

}  // namespace haoban::http
