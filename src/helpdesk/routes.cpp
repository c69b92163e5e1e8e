#include "helpdesk/routes.h"

#include <boost/json/array.hpp>
#include <charconv>

#include <fmt/format.h>

#include "core/error.h"
#include "helpdesk/assessment.h"
#include "helpdesk/json.h"
#include "http/api/files.h"
#include "http/api/json_body.h"

namespace haoban::helpdesk {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

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

json::object accompaniment_json(const Accompaniment& a) {
  json::array problems;
  for (const auto& p : a.problems) problems.emplace_back(p);
  return {{"id", a.id},           {"leader_name", a.leader_name}, {"leader_title", a.leader_title},
          {"unit", a.unit},       {"date", a.date},               {"item", a.item},
          {"process", a.process}, {"problems", std::move(problems)}, {"follow_up", a.follow_up},
          {"status", a.status},   {"recorded_by", a.recorded_by}, {"created_at", a.created_at},
          {"updated_at", a.updated_at}};
}

std::vector<std::string> string_list(const json::object& body, const char* name) {
  std::vector<std::string> out;
  const auto* v = body.if_contains(name);
  if (!v || v->is_null()) return out;
  if (!v->is_array()) throw field_invalid(name, "应为文字列表");
  for (const auto& e : v->as_array()) {
    if (!e.is_string()) throw field_invalid(name, "应为文字列表");
    out.emplace_back(e.as_string());
  }
  return out;
}

}  // namespace

void add_routes(http::Router& router, const Services& s, db::Database& db, const Clock& clock) {
  HelpdeskService& service = s.desk;
  ContextResolver resolve = s.resolve;
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
    http::JsonFields f(body, {"item", "application", "assistant_conversation", "text", "client_id"});
    auto item = f.optional_string("item", 32).value_or("");
    auto client_id = f.optional_string("client_id", 64).value_or("");
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
    return Response::json(conversation_json(service.open(*req.who(), context, text, client_id)), 201);
  });
  router.add(Method::get, "/api/v1/help/conversations", Access::applicants(), [&service](Request& req) {
    json::array items;
    for (const auto& c : service.mine(*req.who())) items.push_back(conversation_json(c));
    return Response::json(json::object{{"items", std::move(items)}});
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

  // Read receipts, files and images, effective answers.
  router.add(Method::post, "/api/v1/help/conversations/{id}/read", Access::signed_in(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"seq"});
    f.done();
    const auto* v = body.if_contains("seq");
    if (!v || !v->is_int64()) throw field_invalid("seq", "应为消息序号");
    service.mark_read(*req.who(), req.id_param("帮办会话"), v->as_int64());
    return Response::no_content();
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/files", Access::signed_in(), [&service](Request& req) {
    FileUpload up;
    auto name = req.header("X-Filename");
    if (name.empty()) throw field_invalid("file_name", "请在 X-Filename 头中给出百分号编码的文件名");
    auto decoded = http::percent_decode(name);
    if (!decoded) throw field_invalid("file_name", "X-Filename 应为百分号编码的文件名");
    up.name = std::move(*decoded);
    up.declared_type = std::string(req.header("Content-Type"));
    up.client_id = std::string(req.header("X-Client-Id"));
    if (up.client_id.size() > 64) throw field_invalid("client_id", "应为 1 至 64 个字符的客户端编号");
    up.bytes = std::move(req.body);
    return Response::json(message_json(service.attach(*req.who(), req.id_param("帮办会话"), up)), 201);
  });
  router.add(Method::get, "/api/v1/help/conversations/{id}/files/{file}", Access::signed_in(), [&service](Request& req) {
    auto [meta, bytes] = service.file(*req.who(), req.id_param("帮办会话"), req.id_param("文件", "file"));
    bool image = meta.media_type.starts_with("image/");
    return http::file_response(meta.name, meta.media_type, std::move(bytes), image);
  });
  router.add(Method::post, "/api/v1/help/conversations/{id}/messages/{seq}/effective", helpers,
             [&service, propose = s.propose](Request& req) {
               auto m = service.mark_effective(*req.who(), req.id_param("帮办会话"), req.id_param("消息", "seq"), propose);
               return Response::json(json::object{{"task", m.kb_task}, {"message", message_json(m)}}, 201);
             });

  // Supervisors: the live board.
  router.add(Method::get, "/api/v1/help/board", Access::staff({Role::admin, Role::analyst}), [&service](Request&) {
    return Response::json(board_json(service.board()));
  });

  // 领导干部帮办.
  router.add(Method::get, "/api/v1/help/accompaniments", Access::staff({Role::helper, Role::analyst, Role::admin}),
             [&acc = s.accompaniments](Request& req) {
               std::optional<Date> from, to;
               if (auto v = req.query_param("from"); v && !v->empty()) from = date_query(req, "from", {});
               if (auto v = req.query_param("to"); v && !v->empty()) to = date_query(req, "to", {});
               json::array items;
               for (const auto& a : acc.list(from, to)) items.push_back(accompaniment_json(a));
               return Response::json(json::object{{"items", std::move(items)}});
             });
  router.add(Method::post, "/api/v1/help/accompaniments", helpers, [&acc = s.accompaniments](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"leader_name", "leader_title", "unit", "date", "item", "process", "problems", "follow_up"});
    Accompaniment a;
    a.leader_name = f.required_string("leader_name", 200);
    a.leader_title = f.required_string("leader_title", 200);
    a.unit = f.required_string("unit", 200);
    a.date = f.required_string("date", 20);
    a.item = f.optional_string("item", 64).value_or("");
    a.process = f.required_string("process", 4000);
    a.follow_up = f.optional_string("follow_up", 20000).value_or("");
    f.done();
    a.problems = string_list(body, "problems");
    return Response::json(accompaniment_json(acc.record(*req.who(), a)), 201);
  });
  router.add(Method::patch, "/api/v1/help/accompaniments/{id}", helpers, [&acc = s.accompaniments](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"follow_up", "status"});
    auto follow_up = f.optional_string("follow_up", 20000);
    auto status = f.optional_string("status", 16);
    f.done();
    return Response::json(accompaniment_json(acc.update(*req.who(), req.id_param("领导干部帮办记录"), follow_up, status)));
  });
}

}  // namespace haoban::helpdesk
