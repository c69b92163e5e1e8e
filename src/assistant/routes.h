// HTTP mapping of 小宝: POST /api/v1/assistant/messages and the conversation's history.
#pragma once

#include <functional>

#include "assistant/assistant.h"
#include "http/api/router.h"

namespace haoban::assistant {

void add_routes(http::Router& router, std::function<Assistant&()> assistant);

}  // namespace haoban::assistant
