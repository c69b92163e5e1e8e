#include "helpdesk/routes.h"

#include <boost/json/array.hpp>
#include <charconv>

#include <fmt/format.h>

#include "core/error.h"
#include "helpdesk/assessment.h"
#include "http/api/json_body.h"

namespace haoban::helpdesk {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

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
          {"sla", std::move(sla)}};
}

json::object message_json(const Message& m) {
  return {{"id", m.id},
          {"conversation", m.conversation},
          {"seq", m.seq},
          {"sender_kind", m.sender_kind},
          {"sender_name", m.sender_name},
          {"body", m.body},
          {"client_id", m.client_id},
          {"created_at", m.created_at}};
}

json::object helper_json(const Helper& h) {
  json::array skills;
  for (const auto& s : h.skills) skills.push_back(json::value(s));
  return {{"account", h.account},   {"username", h.username},          {"name", h.name},
          {"department", h.department}, {"skills", std::move(skills)}, {"seats", h.seats},
          {"presence", to_string(h.presence)}, {"presence_at", h.presence_at}, {"active", h.active}};
}

Date date_query(const Request& req, const char* name, Date fallback) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  if (auto d = parse_date(*v)) return *d;
  throw invalid("validation-failed", "查询参数有误", "", {{name, "日期格式应为 YYYY-MM-DD"}});
}

json::object assessment_row_json(const AssessmentRow& r) {
  return {{"key", r.key},
          {"name", r.name},
          {"conversations", r.conversations},
          {"responded", r.responded},
          {"first_response_median", r.first_response_median},
          {"first_response_p90", r.first_response_p90},
          {"within_target", r.within_target},
          {"within_target_share", r.within_target_share},
          {"resolved", r.resolved},
          {"resolution_rate", r.resolution_rate},
          {"reopened", r.reopened},
          {"reopen_rate", r.reopen_rate},
          {"rated", r.rated},
          {"satisfaction", r.satisfaction},
          {"escalations", r.escalations},
          {"score", r.score}};
}

}  // namespace

void add_routes(http::Router& router, HelpdeskService& service, ContextResolver resolve, db::Database& db,
                const Clock& clock) {
  // 帮办考核 over a period (default: this month so far), as JSON or CSV.
  router.add(Method::get, "/api/v1/help/assessment", Access::staff({Role::helper, Role::analyst, Role::admin}),
             [&db, &clock](Request& req) {
               Date today = china_date(clock.now());
               Date first = today.year() / today.month() / std::chrono::day{1};
               Date from = date_query(req, "from", first), to = date_query(req, "to", today);
               auto by = group_by_from_string(req.query_param("by").value_or("helper"));
               if (!by) throw invalid("validation-failed", "查询参数有误", "", {{"by", "应为 helper、unit 或 department"}});
               auto a = assess(db, from, to, *by);
               auto format = req.query_param("format").value_or("json");
               if (format == "csv") {
                 http::Response r;
                 r.content_type = "text/csv; charset=utf-8";
                 r.body = to_csv(a);
                 r.with_header("Content-Disposition",
                               fmt::format("attachment; filename=\"helpdesk-assessment-{}-{}.csv\"", format_date(from),
                                           format_date(to)));
                 return r;
               }
               if (format != "json") throw invalid("validation-failed", "查询参数有误", "", {{"format", "应为 json 或 csv"}});
               json::array rows;
               for (const auto& row : a.rows) rows.push_back(assessment_row_json(row));
               return Response::json(json::object{{"from", format_date(from)},
                                                  {"to", format_date(to)},
                                                  {"by", req.query_param("by").value_or("helper")},
                                                  {"rows", std::move(rows)}});
             });
  const auto helpers = Access::staff({Role::helper, Role::admin});

  router.add(Method::post, "/api/v1/help/conversations", Access::applicants(), [&service, resolve](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"item", "application", "assistant_conversation", "text"});
    auto item = f.optional_string("item", 32).value_or("");
    auto assistant = f.optional_string("assistant_conversation", 64).value_or("");
    auto text = f.required_string("text", 20000);
    long long application = 0;
    if (const auto* a = body.if_contains("application")) {
      if (!a->is_int64() || a->as_int64() < 0)
        throw field_invalid("application", "应为办件编号");
      application = a->as_int64();
    }
    f.done();
    Context context = resolve(*req.who(), item, application, assistant);
    return Response::json(conversation_json(service.open(*req.who(), context, text)), 201);
  });
  router.add(Method::get, "/api/v1/help/conversations/{id}", Access::signed_in(), [&service](Request& req) {
    return Response::json(conversation_json(service.get(*req.who(), req.id_param("帮办会话"))));
  });
  router.add(Method::get, "/api/v1/help/conversations/{id}/messages", Access::signed_in(), [&service](Request& req) {
    long long after = 0;
    if (auto a = req.query_param("after"); a && !a->empty()) {
      auto [p, ec] = std::from_chars(a->data(), a->data() + a->size(), after);
      if (ec != std::errc() || p != a->data() + a->size() || after < 0)
        throw invalid("validation-failed", "查询参数有误", "", {{"after", "应为消息序号"}});
    }
    json::array items;
    for (const auto& m : service.messages(*req.who(), req.id_param("帮办会话"), after)) items.push_back(message_json(m));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/messages", Access::signed_in(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"body", "client_id"});
    auto text = f.required_string("body", 20000);
    auto client_id = f.required_string("client_id", 64);
    f.done();
    return Response::json(message_json(service.post(*req.who(), req.id_param("帮办会话"), text, client_id)), 201);
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/unstaffed", Access::applicants(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"choice", "phone"});
    auto choice = f.required_string("choice", 16);
    auto phone = f.optional_string("phone", 32).value_or("");
    f.done();
    return Response::json(conversation_json(service.choose_unstaffed(*req.who(), req.id_param("帮办会话"), choice, phone)));
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/confirm", Access::applicants(), [&service](Request& req) {
    return Response::json(conversation_json(service.confirm(*req.who(), req.id_param("帮办会话"))));
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/reopen", Access::applicants(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reason"});
    auto reason = f.required_string("reason", 20000);
    f.done();
    return Response::json(conversation_json(service.reopen(*req.who(), req.id_param("帮办会话"), reason)));
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/rating", Access::applicants(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"rating"});
    f.done();
    const auto* r = body.if_contains("rating");
    if (!r || !r->is_int64()) throw field_invalid("rating", "评分应为 1 至 5");
    return Response::json(conversation_json(service.rate(*req.who(), req.id_param("帮办会话"), static_cast<int>(r->as_int64()))));
  });

  router.add(Method::put, "/api/v1/help/presence", Access::staff({Role::helper}), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"presence"});
    auto presence = f.required_string("presence", 16);
    f.done();
    auto p = presence_from_string(presence);
    if (!p) throw field_invalid("presence", "应为 online、away 或 offline");
    return Response::json(helper_json(service.set_presence(*req.who(), *p)));
  });
  router.add(Method::get, "/api/v1/help/queue", helpers, [&service](Request& req) {
    json::array items;
    for (const auto& c : service.my_queue(*req.who())) items.push_back(conversation_json(c));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::get, "/api/v1/help/helpers", helpers, [&service](Request&) {
    json::array items;
    for (const auto& h : service.helpers()) items.push_back(helper_json(h));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/resolve", helpers, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"category"});
    auto category = f.required_string("category", 200);
    f.done();
    return Response::json(conversation_json(service.resolve(*req.who(), req.id_param("帮办会话"), category)));
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/escalate", helpers, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"department", "outcome"});
    auto department = f.required_string("department", 64);
    auto outcome = f.required_string("outcome", 4000);
    f.done();
    return Response::json(conversation_json(service.escalate(*req.who(), req.id_param("帮办会话"), department, outcome)));
  });
}

}  // namespace haoban::helpdesk
