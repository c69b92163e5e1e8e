// 远程虚拟窗口: the signalling for video and screen sharing between an applicant and their helper.
// The browsers connect peer to peer (WebRTC); the server only carries offers, answers and ICE
// candidates between the two parties of one conversation, over the WebSocket they already hold
// (/api/v1/events). Annotations travel on the peers' data channel and never reach the server.
//
// Client frames (JSON {"type":…, "data":{…}}), all with data.conversation_id:
//   rtc.invite   ask the other party to open the window      → they get event rtc.invite
//   rtc.decline  refuse an invitation                         → the inviter gets event rtc.declined
//   rtc.join     enter the conversation's room                → rtc.joined {role, peer_present};
//                                                               the other member gets rtc.peer {event: joined}
//   rtc.signal   {signal: {…}} relayed to the other member    → rtc.signal {from, signal}
//   rtc.leave    leave the room (closing the socket does too) → the other member gets rtc.peer {event: left}
//   chat.typing  the sender is typing                         → the other party gets event chat.typing
// A party may be in a room from one connection: joining again from another tab moves them there,
// and the old connection gets rtc.ended {reason: replaced}. Errors go back to the sender as
// {"type":"error","data":{code, title, detail, ref}}.
//
// Only the applicant and the helper the conversation is assigned to may join, invite or type into
// it, and only while it is active or awaiting the applicant's confirmation (resolved).
//
// Thread-safety: handle() and closed() may run concurrently for different connections.
#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"

namespace haoban {
class Clock;
class EventBus;
}  // namespace haoban

namespace haoban::helpdesk {

class HelpdeskService;

// A frame for one WebSocket connection.
struct Outbound {
  std::uint64_t connection = 0;
  std::string text;
};

class Signaling {
 public:
  Signaling(HelpdeskService& desk, EventBus& events, const Clock& clock);
  ~Signaling();

  // True for the frame types this class handles (rtc.*, chat.typing).
  static bool handles(std::string_view type);
  // One client frame. Returns what to send to which connection; events for whole accounts
  // (invitations, typing) are published on the EventBus.
  std::vector<Outbound> handle(std::uint64_t connection, const Principal& who, std::string_view type,
                               const boost::json::object& data);
  // The connection has gone: it leaves every room it was in.
  std::vector<Outbound> closed(std::uint64_t connection);

  // For tests and /metrics: rooms with at least one member.
  std::size_t rooms() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// {"type":"error","data":{code, title, detail, ref}}: what a client's bad frame gets back.
std::string socket_error(std::string_view code, std::string_view title, std::string_view detail,
                         std::string_view ref);

}  // namespace haoban::helpdesk
