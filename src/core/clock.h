// Time comes in through Clock so tests can control it (deadlines, session expiry, rate limits).
#pragma once

#include <atomic>
#include <chrono>
#include <string>

namespace haoban {

using SysTime = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual SysTime now() const = 0;
};

class SystemClock final : public Clock {
 public:
  SysTime now() const override { return std::chrono::system_clock::now(); }
};

// Thread-safe settable clock for tests and for `--now` style demos.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(SysTime t) : t_(t.time_since_epoch().count()) {}
  SysTime now() const override { return SysTime(SysTime::duration(t_.load())); }
  void set(SysTime t) { t_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds d) { t_ += std::chrono::duration_cast<SysTime::duration>(d).count(); }

 private:
  std::atomic<SysTime::rep> t_;
};

// ISO 8601 UTC with seconds, e.g. "2026-11-27T01:54:11Z".
std::string format_iso8601(SysTime t);

}  // namespace haoban
