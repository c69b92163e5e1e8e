// The built web app from web/dist: correct content types, long caching for hashed assets,
// no-cache for index.html, ETag/304, no escape from the root, SPA fallback to index.html.
#pragma once

#include <filesystem>
#include <string_view>

#include "http/api/http.h"

namespace haoban::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  // `path` is the decoded request path. Returns a 404 problem for a missing asset and the
  // index for any extension-less path a browser navigates to (client-side routes).
  Response serve(const Request& req, std::string_view path) const;

 private:
  std::filesystem::path root_;
};

std::string_view content_type_for(const std::filesystem::path& p);

}  // namespace haoban::http
