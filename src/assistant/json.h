// 小宝's answers and conversations as JSON (the API and `haoban kb ask --json`).
#pragma once

#include <boost/json/object.hpp>

#include "assistant/assistant.h"

namespace haoban::assistant {

boost::json::object answer_json(const Answer& a);
boost::json::object message_json(const Message& m);

}  // namespace haoban::assistant
