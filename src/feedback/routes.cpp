#include "feedback/routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include <set>

#include "core/error.h"
#include "feedback/route_params.h"
#include "http/api/json_body.h"

namespace haoban::feedback {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::object rating_json(const Rating& r) {
  json::array tags;
  for (const auto& t : r.tags) tags.emplace_back(t);
  return {{"id", r.id},
          {"channel", r.channel},
          {"event_kind", r.event_kind},
          {"event_id", r.event_id},
          {"department", r.department},
          {"item", r.item},
          {"item_name", r.item_name},
          {"staff", r.staff},
          {"staff_name", r.staff_name},
          {"level", r.level},
          {"level_label", level_label(r.level)},
          {"tags", std::move(tags)},
          {"text", r.text},
          {"real_name", r.real_name},
          {"rater_name", r.rater_name},
          {"rater_phone", r.rater_phone},
          {"created_at", r.created_at},
          {"excluded", r.excluded},
          {"task", r.task}};
}

json::object task_json(const Task& t) {
  json::array steps;
  for (const auto& s : t.steps)
    steps.push_back(json::object{{"at", s.at}, {"actor", s.actor}, {"action", s.action}, {"note", s.note}});
  return {{"id", t.id},
          {"rating", t.rating},
          {"level", t.level},
          {"level_label", level_label(t.level)},
          {"rating_text", t.rating_text},
          {"department", t.department},
          {"item", t.item},
          {"state", t.state},
          {"due_on", t.due_on},
          {"overdue", t.overdue},
          {"callback_result", t.callback_result},
          {"finding", t.finding},
          {"appeal_reason", t.appeal_reason},
          {"appeal_decision", t.appeal_decision},
          {"measures", t.measures},
          {"review", t.review},
          {"reopened", t.reopened},
          {"created_at", t.created_at},
          {"closed_at", t.closed_at},
          {"steps", std::move(steps)}};
}

json::object visit_json(const CounterVisit& v) {
  return {{"id", v.id},       {"department", v.department},
          {"item", v.item},   {"item_name", v.item_name},
          {"staff_name", v.staff_name}, {"created_at", v.created_at},
          {"rated", v.rating != 0}, {"token", v.token},
          {"rate_url", fmt::format("/rate/{}?token={}", v.id, v.token)}};
}

const Access kTaskStaff = Access::staff({Role::approver, Role::window_clerk, Role::analyst, Role::admin});

}  // namespace

void add_routes(http::Router& router, FeedbackService& service, ItemName item_name) {
  // Rating: signed in for an application (一事一评); a counter visit's pad may rate anonymously
  // with the visit's token (一次一评).
  router.add(Method::post, "/api/v1/feedback/ratings", Access::anyone(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"event_kind", "event_id", "token", "level", "tags", "text", "phone", "anonymous"});
    NewRating n;
    n.event_kind = f.required_string("event_kind", 16);
    n.token = f.optional_string("token", 64).value_or("");
    n.text = f.optional_string("text", 20000).value_or("");
    n.phone = f.optional_string("phone", 64).value_or("");
    f.done();
    const auto* id = body.if_contains("event_id");
    if (!id || !id->is_int64() || id->as_int64() <= 0) throw field_invalid("event_id", "应为服务编号");
    n.event_id = id->as_int64();
    const auto* level = body.if_contains("level");
    if (!level || !level->is_int64()) throw field_invalid("level", "评价等级应为 1 至 5");
    n.level = static_cast<int>(level->as_int64());
    if (const auto* tags = body.if_contains("tags")) {
      if (!tags->is_array()) throw field_invalid("tags", "应为标签列表");
      for (const auto& t : tags->as_array()) {
        if (!t.is_string()) throw field_invalid("tags", "应为标签列表");
        n.tags.emplace_back(t.as_string());
      }
    }
    if (const auto* a = body.if_contains("anonymous")) {
      if (!a->is_bool()) throw field_invalid("anonymous", "应为 true 或 false");
      n.anonymous = a->as_bool();
    }
    const Principal* who = req.who();
    if (!who && n.event_kind != "counter") throw unauthenticated("sign in to rate an application");
    Principal anonymous;
    return Response::json(rating_json(service.rate(who ? *who : anonymous, n)), 201);
  });
  router.add(Method::get, "/api/v1/feedback/ratings", kTaskStaff, [&service](Request& req) {
    json::array items;
    for (const auto& r : service.ratings(*req.who(), req.query_param("department").value_or(""), date_param(req, "from"),
                                         date_param(req, "to")))
      items.push_back(rating_json(r));
    return Response::json(json::object{{"items", std::move(items)}});
  });

  router.add(Method::post, "/api/v1/feedback/visits", Access::staff({Role::window_clerk}), [&service, item_name](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"item"});
    auto item = f.required_string("item", 32);
    f.done();
    auto name = item_name(item);
    if (!name) throw field_invalid("item", "没有该事项：" + item);
    Response r = Response::json(visit_json(service.record_visit(*req.who(), item, *name)), 201);
    return r;
  });
  router.add(Method::get, "/api/v1/feedback/visits/{id}", Access::anyone(), [&service](Request& req) {
    auto v = service.visit(req.id_param("窗口服务记录"), req.query_param("token").value_or(""));
    return Response::json(visit_json(v));
  });

  router.add(Method::get, "/api/v1/feedback/tasks", kTaskStaff, [&service](Request& req) {
    TaskFilter f;
    f.department = req.query_param("department").value_or("");
    f.state = req.query_param("state").value_or("");
    f.overdue_only = req.query_param("overdue").value_or("") == "1";
    static const std::set<std::string> kStates = {"", "open", "callback", "verifying", "rectifying",
                                                  "appealed", "reviewing", "closed"};
    if (!kStates.count(f.state)) throw invalid("validation-failed", "查询参数有误", "", {{"state", "未知的状态"}});
    json::array items;
    for (const auto& t : service.tasks(*req.who(), f)) items.push_back(task_json(t));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::get, "/api/v1/feedback/tasks/{id}", Access::signed_in(), [&service](Request& req) {
    return Response::json(task_json(service.task(*req.who(), req.id_param("整改任务"))));
  });
  const auto dept = Access::staff({Role::approver, Role::window_clerk, Role::admin});
  router.add(Method::post, "/api/v1/feedback/tasks/{id}/callback", dept, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reached", "note"});
    auto note = f.optional_string("note", 20000).value_or("");
    f.done();
    return Response::json(task_json(service.record_callback(*req.who(), req.id_param("整改任务"), required_bool(body, "reached"), note)));
  });
  router.add(Method::post, "/api/v1/feedback/tasks/{id}/verify", dept, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"upheld", "finding"});
    auto finding = f.optional_string("finding", 20000).value_or("");
    f.done();
    return Response::json(task_json(service.verify(*req.who(), req.id_param("整改任务"), required_bool(body, "upheld"), finding)));
  });
  router.add(Method::post, "/api/v1/feedback/tasks/{id}/appeal", dept, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reason"});
    auto reason = f.optional_string("reason", 20000).value_or("");
    f.done();
    return Response::json(task_json(service.appeal(*req.who(), req.id_param("整改任务"), reason)));
  });
  router.add(Method::post, "/api/v1/feedback/tasks/{id}/appeal-decision", Access::staff({Role::analyst, Role::admin}),
             [&service](Request& req) {
               auto body = http::parse_object(req);
               http::JsonFields f(body, {"granted", "decision"});
               auto decision = f.optional_string("decision", 20000).value_or("");
               f.done();
               return Response::json(task_json(
                   service.decide_appeal(*req.who(), req.id_param("整改任务"), required_bool(body, "granted"), decision)));
             });
  router.add(Method::post, "/api/v1/feedback/tasks/{id}/rectify", dept, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"measures"});
    auto measures = f.optional_string("measures", 20000).value_or("");
    f.done();
    return Response::json(task_json(service.rectify(*req.who(), req.id_param("整改任务"), measures)));
  });
  router.add(Method::post, "/api/v1/feedback/tasks/{id}/review", Access::applicants(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"satisfied", "note"});
    auto note = f.optional_string("note", 20000).value_or("");
    f.done();
    return Response::json(task_json(service.review(*req.who(), req.id_param("整改任务"), required_bool(body, "satisfied"), note)));
  });
}

}  // namespace haoban::feedback
