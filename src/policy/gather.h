// An entity's attributes from the authoritative sources (数源), as entities.yaml maps them: what the
// check-up (政策体检) of a registered enterprise or resident reads. Every source is asked once, each
// query logged with the purpose given (the owner sees who looked, docs/sources.md).
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "defs/defs.h"
#include "sources/sources.h"

namespace haoban::policy {

struct Gathered {
  boost::json::object attributes;        // nested by path, the shape Population::add reads
  std::vector<std::string> unavailable;  // sources that could not answer (their attributes unknown)
};

// Throws what SourceService::fetch_all throws for an unknown source id.
Gathered gather(sources::SourceService& sources, defs::EntityKind kind, std::string_view subject,
                const sources::FetchContext& ctx);

}  // namespace haoban::policy
