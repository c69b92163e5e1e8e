#include "http/metrics.h"

#include <fmt/format.h>

namespace haoban::http {

namespace {
std::string escape_label(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}
}  // namespace

void Metrics::record(std::string_view route, std::string_view method, int status, double seconds) {
  std::lock_guard lock(mu_);
  auto it = routes_.find(route);
  if (it == routes_.end()) it = routes_.emplace(std::string(route), RouteStats{}).first;
  RouteStats& r = it->second;
  auto key = std::make_pair(method, status);
  auto c = r.requests.find(key);
  if (c == r.requests.end()) c = r.requests.emplace(std::make_pair(std::string(method), status), 0).first;
  ++c->second;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++r.buckets[i];
  ++r.count;
  r.sum += seconds;
}

void Metrics::connection_opened() {
  std::lock_guard lock(mu_);
  ++open_connections_;
  ++total_connections_;
}

void Metrics::connection_closed() {
  std::lock_guard lock(mu_);
  --open_connections_;
}

std::string Metrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP haoban_http_requests_total HTTP requests by route, method and status.\n";
  out += "# TYPE haoban_http_requests_total counter\n";
  for (const auto& [route, stats] : routes_)
    for (const auto& [key, n] : stats.requests)
      out += fmt::format("haoban_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                         escape_label(route), key.first, key.second, n);
  out += "# HELP haoban_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE haoban_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : routes_) {
    std::string r = escape_label(route);
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("haoban_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", r,
                         kBuckets[i], h.buckets[i]);
    out += fmt::format("haoban_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", r, h.count);
    out += fmt::format("haoban_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r, h.sum);
    out += fmt::format("haoban_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r, h.count);
  }
  out += "# HELP haoban_http_open_connections Open client connections.\n";
  out += "# TYPE haoban_http_open_connections gauge\n";
  out += fmt::format("haoban_http_open_connections {}\n", open_connections_);
  out += "# HELP haoban_http_connections_total Accepted client connections.\n";
  out += "# TYPE haoban_http_connections_total counter\n";
  out += fmt::format("haoban_http_connections_total {}\n", total_connections_);
  for (const auto& source : sources_) out += source();
  return out;
}

void Metrics::add_source(std::function<std::string()> source) {
  std::lock_guard lock(mu_);
  sources_.push_back(std::move(source));
}

}  // namespace haoban::http
