// 小宝's answers and conversations as JSON (the API and `haoban kb ask --json`).
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "assistant/assistant.h"

namespace haoban::assistant {

boost::json::object answer_json(const Answer& a);
// Citations as the API shows them and the store keeps them with each message; citations_of reads
// them back (nothing for text that is not such an array).
boost::json::array citations_json(const std::vector<Citation>& cs);
std::vector<Citation> citations_of(std::string_view s);
boost::json::object message_json(const Message& m);

}  // namespace haoban::assistant
