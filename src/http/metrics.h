// Prometheus text exposition of request counts and latency histograms per route.
#pragma once

#include <array>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace haoban::http {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  // `route` is the route pattern ("/api/v1/items/{id}"), "static", or "unmatched" — never the raw
  // path, so the number of series stays bounded.
  void record(const std::string& route, std::string_view method, int status, double seconds);
  void connection_opened();
  void connection_closed();
  std::string render() const;

 private:
  struct Histogram {
    std::array<unsigned long long, kBuckets.size()> buckets{};
    unsigned long long count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, unsigned long long> requests_;
  std::map<std::string, Histogram> latency_;
  long long open_connections_ = 0;
  unsigned long long total_connections_ = 0;
};

}  // namespace haoban::http
