// HTTP mapping of 帮办: applicants open conversations and talk; helpers keep their presence, see
// their queue, answer, resolve and escalate; both read the messages (delivered live as chat.message
// events over the WebSocket, and by `after=` for catching up after a reconnect). docs/helpdesk.md.
#pragma once

#include <functional>
#include <string_view>

#include "helpdesk/accompaniment.h"
#include "helpdesk/helpdesk.h"
#include "http/api/router.h"

namespace haoban::helpdesk {

// Fills a conversation's context from what the applicant names: the item's department, that the
// application is theirs, what 小宝 said in the named conversation. Throws Error (invalid naming the
// field) for an unknown item or someone else's application.
using ContextResolver = std::function<Context(const Principal& applicant, std::string_view item, long long application,
                                              std::string_view assistant_conversation)>;

struct Services {
  HelpdeskService& desk;
  Accompaniments& accompaniments;
  ContextResolver resolve;
  ProposeAnswer propose;  // an effective answer → a knowledge-base candidate
};

// `db` and `clock` serve the assessment, which reads the stored conversations.
void add_routes(http::Router& router, const Services& services, db::Database& db, const Clock& clock);

}  // namespace haoban::helpdesk
