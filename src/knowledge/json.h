// The knowledge base's JSON: entries, their content (also the import/export line format and the
// history's snapshots) and tasks, as the API, the CLI and the store's history write them.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "knowledge/knowledge.h"

namespace haoban::knowledge {

boost::json::array string_array(const std::vector<std::string>& v);
boost::json::object entry_json(const Entry& e, bool with_body);
boost::json::object task_json(const Task& t);
boost::json::object content_json(const EntryContent& c);
// Reads what content_json writes; missing or mistyped fields keep their defaults.
EntryContent content_of(const boost::json::value& v);

}  // namespace haoban::knowledge
