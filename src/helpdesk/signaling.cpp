#include "helpdesk/signaling.h"

#include <boost/json/serialize.hpp>
#include <map>
#include <mutex>
#include <set>

#include "core/clock.h"
#include "core/error.h"
#include "core/events.h"
#include "helpdesk/helpdesk.h"

namespace haoban::helpdesk {

namespace json = boost::json;

std::string socket_error(std::string_view code, std::string_view title, std::string_view detail,
                         std::string_view ref) {
  json::object o{{"type", "error"},
                 {"data", json::object{{"code", code}, {"title", title}, {"detail", detail}, {"ref", ref}}}};
  return json::serialize(o);
}

namespace {

constexpr std::size_t kMaxSignal = 16 * 1024;            // an SDP offer is a few KiB
constexpr auto kTypingEvery = std::chrono::seconds(2);  // at most one typing event per party and conversation

std::string frame(std::string_view type, json::object data) {
  return json::serialize(json::object{{"type", type}, {"data", std::move(data)}});
}

enum class Side { applicant, helper };
std::string_view name(Side s) { return s == Side::applicant ? "applicant" : "helper"; }
Side other(Side s) { return s == Side::applicant ? Side::helper : Side::applicant; }

struct Party {
  Side side;
  Conversation conversation;
  long long other_account() const { return side == Side::applicant ? conversation.helper : conversation.applicant; }
};

struct Member {
  std::uint64_t connection = 0;
  long long account = 0;
};

struct Room {
  std::optional<Member> applicant, helper;
  std::optional<Member>& at(Side s) { return s == Side::applicant ? applicant : helper; }
  bool empty() const { return !applicant && !helper; }
};

}  // namespace

struct Signaling::Impl {
  HelpdeskService& desk;
  EventBus& events;
  const Clock& clock;
  mutable std::mutex mu;
  std::map<long long, Room> rooms;                              // by conversation
  std::map<std::uint64_t, std::set<long long>> joined;          // connection → conversations
  std::map<std::pair<long long, long long>, SysTime> typed_at;  // (conversation, account) → last typing event

  // Which side `who` is on, from the store. Throws Error for anyone else or a finished conversation.
  Party party(const Principal& who, long long id) {
    Conversation c = desk.get(who, id);  // not_found for strangers
    Side side;
    if (who.account_id == c.applicant) side = Side::applicant;
    else if (c.helper != 0 && who.account_id == c.helper) side = Side::helper;
    else throw forbidden("only the conversation's applicant and its helper");
    if (c.state != "active" && c.state != "resolved")
      throw conflict("conversation-not-active", "会话未在进行中", "the conversation is " + c.state);
    return {side, std::move(c)};
  }

  void publish(std::string type, json::object data, long long account) {
    if (account == 0) return;
    Event e;
    e.type = std::move(type);
    e.payload_json = json::serialize(data);
    e.audience.accounts = {account};
    events.publish(e);
  }

  // Removes `connection` from the room of conversation `id` (caller holds mu).
  void leave_locked(std::uint64_t connection, long long id, std::vector<Outbound>& out) {
    auto it = rooms.find(id);
    if (it == rooms.end()) return;
    for (Side s : {Side::applicant, Side::helper}) {
      auto& m = it->second.at(s);
      if (!m || m->connection != connection) continue;
      m.reset();
      if (auto& peer = it->second.at(other(s)))
        out.push_back({peer->connection, frame("rtc.peer", {{"conversation_id", id}, {"role", name(s)}, {"event", "left"}})});
    }
    if (it->second.empty()) rooms.erase(it);
    auto j = joined.find(connection);
    if (j != joined.end()) {
      j->second.erase(id);
      if (j->second.empty()) joined.erase(j);
    }
  }

  std::vector<Outbound> join(std::uint64_t connection, const Principal& who, long long id) {
    Party p = party(who, id);
    std::vector<Outbound> out;
    std::lock_guard lock(mu);
    Room& room = rooms[id];
    auto& me = room.at(p.side);
    if (me && me->connection != connection) {
      out.push_back({me->connection, frame("rtc.ended", {{"conversation_id", id}, {"reason", "replaced"}})});
      auto j = joined.find(me->connection);
      if (j != joined.end()) {
        j->second.erase(id);
        if (j->second.empty()) joined.erase(j);
      }
    }
    me = Member{connection, who.account_id};
    joined[connection].insert(id);
    const auto& peer = room.at(other(p.side));
    out.push_back({connection, frame("rtc.joined", {{"conversation_id", id},
                                                    {"role", name(p.side)},
                                                    {"peer_present", peer.has_value()}})});
    if (peer)
      out.push_back({peer->connection,
                     frame("rtc.peer", {{"conversation_id", id}, {"role", name(p.side)}, {"event", "joined"}})});
    return out;
  }

  std::vector<Outbound> signal(std::uint64_t connection, long long id, const json::object& data) {
    auto s = data.if_contains("signal");
    if (!s || !s->is_object())
      throw invalid("validation-failed", "信令格式有误", "rtc.signal needs data.signal, an object");
    std::string text = json::serialize(*s);
    if (text.size() > kMaxSignal)
      throw Error(ErrorKind::too_large, "signal-too-large", "信令过大", "at most 16 KiB per signal");
    std::lock_guard lock(mu);
    auto it = rooms.find(id);
    if (it != rooms.end())
      for (Side side : {Side::applicant, Side::helper}) {
        const auto& me = it->second.at(side);
        if (!me || me->connection != connection) continue;
        const auto& peer = it->second.at(other(side));
        if (!peer) throw conflict("peer-absent", "对方尚未进入远程窗口", "nobody else is in the room");
        json::object fwd{{"conversation_id", id}, {"from", name(side)}, {"signal", *s}};
        return {{peer->connection, frame("rtc.signal", std::move(fwd))}};
      }
    throw conflict("not-joined", "请先进入远程窗口", "send rtc.join for this conversation first");
  }

  std::vector<Outbound> invite(const Principal& who, long long id, bool decline) {
    Party p = party(who, id);
    if (p.other_account() == 0) throw conflict("no-helper", "会话尚未分配帮办", "nobody to invite yet");
    json::object data{{"conversation_id", id}, {"from", name(p.side)}, {"from_name", who.display_name}};
    publish(decline ? "rtc.declined" : "rtc.invite", std::move(data), p.other_account());
    return {};
  }

  std::vector<Outbound> typing(const Principal& who, long long id) {
    {
      std::lock_guard lock(mu);
      auto now = clock.now();
      if (typed_at.size() > 10000) std::erase_if(typed_at, [&](const auto& kv) { return now - kv.second > kTypingEvery; });
      auto& last = typed_at[{id, who.account_id}];
      if (last != SysTime{} && now - last < kTypingEvery) return {};  // throttled: no store read either
      last = now;
    }
    Party p = party(who, id);
    publish("chat.typing", {{"conversation_id", id}, {"from", name(p.side)}}, p.other_account());
    return {};
  }
};

Signaling::Signaling(HelpdeskService& desk, EventBus& events, const Clock& clock)
    : impl_(new Impl{desk, events, clock}) {}
Signaling::~Signaling() = default;

bool Signaling::handles(std::string_view type) { return type.starts_with("rtc.") || type == "chat.typing"; }

std::vector<Outbound> Signaling::handle(std::uint64_t connection, const Principal& who, std::string_view type,
                                        const json::object& data) {
  auto idv = data.if_contains("conversation_id");
  if (!idv || !idv->is_int64() || idv->as_int64() <= 0)
    throw invalid("validation-failed", "缺少会话编号", std::string(type) + " needs data.conversation_id, a positive integer");
  long long id = idv->as_int64();
  if (type == "rtc.join") return impl_->join(connection, who, id);
  if (type == "rtc.signal") return impl_->signal(connection, id, data);
  if (type == "rtc.invite") return impl_->invite(who, id, false);
  if (type == "rtc.decline") return impl_->invite(who, id, true);
  if (type == "chat.typing") return impl_->typing(who, id);
  if (type == "rtc.leave") {
    std::vector<Outbound> out;
    std::lock_guard lock(impl_->mu);
    impl_->leave_locked(connection, id, out);
    return out;
  }
  throw invalid("unknown-type", "不支持的消息类型", std::string(type));
}

std::vector<Outbound> Signaling::closed(std::uint64_t connection) {
  std::vector<Outbound> out;
  std::lock_guard lock(impl_->mu);
  auto j = impl_->joined.find(connection);
  if (j == impl_->joined.end()) return out;
  std::set<long long> ids = j->second;
  for (long long id : ids) impl_->leave_locked(connection, id, out);
  return out;
}

std::size_t Signaling::rooms() const {
  std::lock_guard lock(impl_->mu);
  return impl_->rooms.size();
}

}  // namespace haoban::helpdesk
