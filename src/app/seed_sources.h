// The demo district's authoritative records (数源), consistent with the accounts the seed created.
#pragma once

#include <span>
#include <string>
#include <utility>

#include "app/app.h"
#include "identity/identity.h"

namespace haoban::app {

// Fills every source for every seeded person (id number, name) and enterprise: complete records,
// with a few deliberate gaps (docs/sources.md). Deterministic. Returns the number of records stored.
int seed_sources(App& app, std::span<const std::pair<std::string, std::string>> persons,
                 std::span<const identity::Enterprise> enterprises);

}  // namespace haoban::app
