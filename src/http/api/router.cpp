#include "http/api/router.h"

#include <stdexcept>

namespace haoban::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool is_param(const std::string& seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }
// "{rest...}": the last segment of a pattern may take one or more path segments.
bool is_rest(const std::string& seg) { return is_param(seg) && seg.ends_with("...}"); }

// Matches and scores: more literal segments score higher, so /items/new beats /items/{id}.
std::optional<int> match_segments(const Route& r, const std::vector<std::string>& parts,
                                  std::map<std::string, std::string>* params) {
  bool rest = !r.segments.empty() && is_rest(r.segments.back());
  if (rest ? parts.size() < r.segments.size() : r.segments.size() != parts.size()) return std::nullopt;
  int score = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (rest && i + 1 == r.segments.size()) {
      std::string joined = parts[i];
      for (size_t j = i + 1; j < parts.size(); ++j) joined += "/" + parts[j];
      if (params) (*params)[r.segments[i].substr(1, r.segments[i].size() - 5)] = joined;
      break;
    }
    if (is_param(r.segments[i])) {
      if (parts[i].empty()) return std::nullopt;
      if (params) (*params)[r.segments[i].substr(1, r.segments[i].size() - 2)] = parts[i];
    } else if (r.segments[i] == parts[i]) {
      ++score;
    } else {
      return std::nullopt;
    }
  }
  return score;
}

}  // namespace

void Router::add(Method m, std::string pattern, Access access, Handler h, Execution execution) {
  for (const auto& r : routes_)
    if (r.method == m && r.pattern == pattern)
      throw std::logic_error("duplicate route " + std::string(to_string(m)) + " " + pattern);
  auto segs = split_path(pattern);
  routes_.push_back({m, std::move(pattern), std::move(access), std::move(h), execution, std::move(segs)});
}

RouteMatch Router::match(Method m, std::string_view path) const {
  auto parts = split_path(path);
  RouteMatch best;
  int best_score = -1;
  for (const auto& r : routes_) {
    auto score = match_segments(r, parts, nullptr);
    if (!score) continue;
    Method want = m == Method::head ? Method::get : m;
    if (r.method != want) {
      best.allowed.push_back(r.method);
      continue;
    }
    if (*score > best_score) {
      best_score = *score;
      best.route = &r;
    }
  }
  if (best.route) match_segments(*best.route, parts, &best.params);
  return best;
}

}  // namespace haoban::http
