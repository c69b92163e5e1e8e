#include "core/clock.h"

#include <fmt/chrono.h>

namespace haoban {

std::string format_iso8601(SysTime t) {
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace haoban
