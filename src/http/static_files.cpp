#include "http/static_files.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "http/api/problem.h"

namespace haoban::http {

namespace fs = std::filesystem;

namespace {

struct Type {
  std::string_view ext, type;
};
constexpr Type kTypes[] = {
    {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
    {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
    {".json", "application/json"},          {".svg", "image/svg+xml"},
    {".png", "image/png"},                  {".jpg", "image/jpeg"},
    {".jpeg", "image/jpeg"},                {".gif", "image/gif"},
    {".webp", "image/webp"},                {".ico", "image/x-icon"},
    {".woff", "font/woff"},                 {".woff2", "font/woff2"},
    {".ttf", "font/ttf"},                   {".txt", "text/plain; charset=utf-8"},
    {".map", "application/json"},           {".pdf", "application/pdf"},
    {".wasm", "application/wasm"},
};

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = std::move(ss).str();
  return true;
}

}  // namespace

std::string_view content_type_for(const fs::path& p) {
  std::string ext = p.extension().string();
  for (const auto& t : kTypes)
    if (t.ext == ext) return t.type;
  return "application/octet-stream";
}

StaticFiles::StaticFiles(fs::path root) : root_(std::move(root)) {}

Response StaticFiles::serve(const Request& req, std::string_view path) const {
  // Reject traversal outright rather than normalising it away: no legitimate asset has "..".
  if (path.find("..") != std::string_view::npos || path.find('\0') != std::string_view::npos ||
      path.find('\\') != std::string_view::npos)
    return problem(400, "bad-path", "请求路径无效", "the path must not contain '..', NUL or backslashes",
                   path);
  std::error_code ec;
  fs::path rel = fs::path(std::string(path)).relative_path();
  fs::path file = root_ / rel;
  bool is_file = !rel.empty() && fs::is_regular_file(file, ec);
  if (!is_file) {
    // Client-side routes have no extension; a missing asset with an extension is a real 404.
    if (!rel.empty() && rel.has_extension())
      return problem(404, "not-found", "未找到请求的文件", std::string(path), path);
    file = root_ / "index.html";
    if (!fs::is_regular_file(file, ec))
      return problem(503, "web-not-built", "网页尚未构建",
                     "no index.html under " + root_.string() + "; run `make` to build web/dist", path);
  }
  // The canonical file must still be inside the root (symlinks included).
  auto canon_root = fs::weakly_canonical(root_, ec);
  auto canon_file = fs::weakly_canonical(file, ec);
  auto [a, b] = std::mismatch(canon_root.begin(), canon_root.end(), canon_file.begin(), canon_file.end());
  if (a != canon_root.end()) return problem(404, "not-found", "未找到请求的文件", std::string(path), path);

  auto size = fs::file_size(file, ec);
  auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  std::string etag = fmt::format("\"{:x}-{:x}\"", size, static_cast<unsigned long long>(mtime));
  Response r;
  r.content_type = std::string(content_type_for(file));
  bool hashed_asset = rel.begin() != rel.end() && *rel.begin() == "assets";
  r.with_header("Cache-Control", hashed_asset ? "public, max-age=31536000, immutable" : "no-cache");
  r.with_header("ETag", etag);
  r.with_header("X-Content-Type-Options", "nosniff");
  if (req.header("If-None-Match") == etag) {
    r.status = 304;
    return r;
  }
  if (!read_file(file, r.body)) return problem(404, "not-found", "未找到请求的文件", std::string(path), path);
  return r;
}

}  // namespace haoban::http
