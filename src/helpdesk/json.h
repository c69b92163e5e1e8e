// The 帮办 module's JSON shapes, shared by the HTTP routes and the WebSocket events (docs/api.md).
#pragma once

#include <boost/json/object.hpp>

#include "helpdesk/helpdesk.h"

namespace haoban::helpdesk {

boost::json::object conversation_json(const Conversation& c);
boost::json::object message_json(const Message& m);
boost::json::object helper_json(const Helper& h);
boost::json::object board_json(const Board& b);

}  // namespace haoban::helpdesk
