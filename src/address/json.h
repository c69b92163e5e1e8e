// JSON forms of parses, standard addresses, match candidates and parks: the API's and the CLI's.
#pragma once

#include <boost/json/object.hpp>

#include "address/parser.h"
#include "address/standard.h"

namespace haoban::address {

// One key per level found (the first of each), plus "unrecognised" and "inferred" when non-empty.
boost::json::object levels_json(const ParsedAddress& p);
// The parse in full: input, normalized, method, levels, components (with codes), changes.
boost::json::object parse_json(const ParsedAddress& p);
boost::json::object address_json(const StandardAddress& a);
boost::json::object candidate_json(const Candidate& c);
boost::json::object park_json(const Park& p);

}  // namespace haoban::address
