#include "helpdesk/json.h"

#include <boost/json/array.hpp>
#include <fmt/format.h>

namespace haoban::helpdesk {

namespace json = boost::json;

json::object conversation_json(const Conversation& c) {
  json::array sla;
  for (const auto& t : c.sla)
    sla.push_back(json::object{{"kind", t.kind}, {"state", t.state}, {"started_at", t.started_at},
                               {"due_at", t.due_at}, {"stopped_at", t.stopped_at}});
  return {{"id", c.id},
          {"applicant_name", c.applicant_name},
          {"item", c.context.item},
          {"department", c.context.department},
          {"application", c.context.application},
          {"assistant_transcript", c.context.assistant_transcript},
          {"state", c.state},
          {"helper", c.helper},
          {"helper_name", c.helper_name},
          {"created_at", c.created_at},
          {"assigned_at", c.assigned_at},
          {"first_response_at", c.first_response_at},
          {"resolved_at", c.resolved_at},
          {"closed_at", c.closed_at},
          {"category", c.category},
          {"escalated_to", c.escalated_to},
          {"escalation_outcome", c.escalation_outcome},
          {"unstaffed_choice", c.unstaffed_choice},
          {"callback_phone", c.callback_phone},
          {"rating", c.rating},
          {"reopens", c.reopens},
          {"last_seq", c.last_seq},
          {"queue_position", c.queue_position},
          {"applicant_read_seq", c.applicant_read_seq},
          {"helper_read_seq", c.helper_read_seq},
          {"sla", std::move(sla)}};
}

json::object message_json(const Message& m) {
  json::value attachment = nullptr;
  if (m.attachment)
    attachment = json::object{
        {"id", m.attachment->id},
        {"name", m.attachment->name},
        {"mime", m.attachment->media_type},
        {"size", m.attachment->size},
        {"url", fmt::format("/api/v1/help/conversations/{}/files/{}", m.conversation, m.attachment->id)}};
  return {{"id", m.id},
          {"conversation", m.conversation},
          {"seq", m.seq},
          {"sender_kind", m.sender_kind},
          {"sender_name", m.sender_name},
          {"body", m.body},
          {"client_id", m.client_id},
          {"created_at", m.created_at},
          {"attachment", std::move(attachment)},
          {"kb_task", m.kb_task}};
}

json::object helper_json(const Helper& h) {
  json::array skills;
  for (const auto& s : h.skills) skills.push_back(json::value(s));
  return {{"account", h.account},   {"username", h.username},          {"name", h.name},
          {"department", h.department}, {"skills", std::move(skills)}, {"seats", h.seats},
          {"presence", to_string(h.presence)}, {"presence_at", h.presence_at}, {"active", h.active}};
}

json::object board_json(const Board& b) {
  json::array helpers, queued, active, missed;
  for (const auto& h : b.helpers) helpers.push_back(helper_json(h));
  for (const auto& c : b.queued) queued.push_back(conversation_json(c));
  for (const auto& c : b.active) active.push_back(conversation_json(c));
  for (const auto& m : b.missed)
    missed.push_back(json::object{{"conversation_id", m.conversation},
                                  {"kind", m.kind},
                                  {"helper", m.helper},
                                  {"helper_name", m.helper_name},
                                  {"due_at", m.due_at},
                                  {"at", m.at},
                                  {"business_minutes", m.business_minutes},
                                  {"item", m.item}});
  return {{"generated_at", b.generated_at},
          {"helpers", std::move(helpers)},
          {"queued", std::move(queued)},
          {"active", std::move(active)},
          {"missed", std::move(missed)}};
}

}  // namespace haoban::helpdesk
