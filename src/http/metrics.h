// Prometheus text exposition of request counts and latency histograms per route.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace haoban::http {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  // `route` is the route pattern ("/api/v1/items/{id}"), "static", or "unmatched" — never the raw
  // path, so the number of series stays bounded.
  void record(std::string_view route, std::string_view method, int status, double seconds);
  void connection_opened();
  void connection_closed();
  std::string render() const;
  // Adds a source of more exposition text (gauges of other modules). It runs on the I/O thread
  // for every scrape, so it must only read memory. Register before serving.
  void add_source(std::function<std::string()> source);

 private:
  struct MethodStatusLess {
    using is_transparent = void;
    template <class A, class B>
    bool operator()(const A& a, const B& b) const {
      std::string_view am(a.first), bm(b.first);
      return am < bm || (am == bm && a.second < b.second);
    }
  };
  struct RouteStats {
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
    std::map<std::pair<std::string, int>, unsigned long long, MethodStatusLess> requests;  // (method, status)
  };
  mutable std::mutex mu_;
  // Transparent lookups: recording a known route, method and status allocates nothing.
  std::map<std::string, RouteStats, std::less<>> routes_;
  std::vector<std::function<std::string()>> sources_;
  long long open_connections_ = 0;
  unsigned long long total_connections_ = 0;
};

}  // namespace haoban::http
