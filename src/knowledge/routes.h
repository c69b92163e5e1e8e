// HTTP mapping of the knowledge base: search, entries with versions and the editorial workflow,
// maintenance tasks, helpers' candidate answers, usage. docs/knowledge.md and docs/api.md describe it.
#pragma once

#include <functional>

#include "http/api/router.h"
#include "knowledge/knowledge.h"

namespace haoban::knowledge {

// `kb` is resolved at the first request (the index opens lazily).
void add_routes(http::Router& router, std::function<KnowledgeBase&()> kb);

}  // namespace haoban::knowledge
