#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <set>

#include "core/error.h"
#include "feedback/routes.h"
#include "feedback/route_params.h"
#include "http/api/json_body.h"

namespace haoban::feedback {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::object report_json(const Report& r) {
  json::array steps;
  for (const auto& s : r.steps)
    steps.push_back(json::object{{"at", s.at}, {"actor", s.actor}, {"action", s.action}, {"note", s.note}});
  return {{"id", r.id},
          {"channel", r.channel},
          {"reporter_name", r.reporter_name},
          {"reporter_phone", r.reporter_phone},
          {"item", r.item},
          {"item_name", r.item_name},
          {"application", r.application},
          {"text", r.text},
          {"category", r.category},
          {"department", r.department},
          {"status", r.status},
          {"due_on", r.due_on},
          {"overdue", r.overdue},
          {"escalation", r.escalation},
          {"handling", r.handling},
          {"reply", r.reply},
          {"verification", r.verification},
          {"plan", r.plan},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at},
          {"filed_at", r.filed_at},
          {"steps", std::move(steps)}};
}

json::object plan_json(const Plan& p) {
  json::array reports;
  for (long long r : p.reports) reports.emplace_back(r);
  return {{"id", p.id},           {"title", p.title},         {"department", p.department},
          {"measures", p.measures}, {"due_on", p.due_on},     {"status", p.status},
          {"reports", std::move(reports)}, {"created_by", p.created_by}, {"created_at", p.created_at},
          {"done_at", p.done_at}};
}

}  // namespace

void add_report_routes(http::Router& router, Reports& reports) {
  router.add(Method::get, "/api/v1/cant-do-reports/categories", Access::anyone(), [](Request&) {
    json::array items;
    for (const auto& c : report_categories())
      items.push_back(json::object{{"code", c.code}, {"name", c.name}, {"description", c.description}});
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::post, "/api/v1/cant-do-reports", Access::signed_in(), [&reports](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"channel", "item", "application", "text", "reason", "reporter_name", "reporter_phone"});
    NewReport n;
    n.channel = f.optional_string("channel", 16).value_or("online");
    n.item = f.optional_string("item", 32).value_or("");
    n.text = f.optional_string("text", 20000).value_or("");
    n.reason = f.optional_string("reason", 200).value_or("");
    n.reporter_name = f.optional_string("reporter_name", 200).value_or("");
    n.reporter_phone = f.optional_string("reporter_phone", 64).value_or("");
    f.done();
    if (const auto* a = body.if_contains("application")) {
      if (!a->is_int64() || a->as_int64() < 0) throw field_invalid("application", "应为办件编号");
      n.application = a->as_int64();
    }
    return Response::json(report_json(reports.submit(*req.who(), n)), 201);
  });
  router.add(Method::get, "/api/v1/cant-do-reports", Access::signed_in(), [&reports](Request& req) {
    ReportFilter f;
    f.status = req.query_param("status").value_or("");
    f.department = req.query_param("department").value_or("");
    f.category = req.query_param("category").value_or("");
    f.overdue_only = req.query_param("overdue").value_or("") == "1";
    f.from = date_param(req, "from");
    f.to = date_param(req, "to");
    static const std::set<std::string> kStatuses = {"",        "open",    "received", "assigned",
                                                    "handled", "replied", "verified", "filed"};
    if (!kStatuses.count(f.status)) throw invalid("validation-failed", "查询参数有误", "", {{"status", "未知的状态"}});
    json::array items;
    for (const auto& r : reports.list(*req.who(), f)) items.push_back(report_json(r));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::get, "/api/v1/cant-do-reports/groups", Access::staff({Role::analyst, Role::admin}),
             [&reports](Request& req) {
               json::array groups;
               for (const auto& g : reports.similar_groups(*req.who())) {
                 json::array ids;
                 for (long long id : g) ids.emplace_back(id);
                 groups.push_back(json::object{{"reports", std::move(ids)}});
               }
               return Response::json(json::object{{"items", std::move(groups)}});
             });
  router.add(Method::get, "/api/v1/cant-do-reports/{id}", Access::signed_in(), [&reports](Request& req) {
    return Response::json(report_json(reports.get(*req.who(), req.id_param("办不成事反映"))));
  });
  router.add(Method::post, "/api/v1/cant-do-reports/{id}/assign", Access::staff({Role::analyst, Role::admin}),
             [&reports](Request& req) {
               auto body = http::parse_object(req);
               http::JsonFields f(body, {"category", "department", "note"});
               auto category = f.required_string("category", 32);
               auto department = f.required_string("department", 64);
               auto note = f.optional_string("note", 20000).value_or("");
               f.done();
               return Response::json(report_json(reports.assign(*req.who(), req.id_param("办不成事反映"), category, department, note)));
             });
  const auto dept = Access::staff({Role::approver, Role::window_clerk, Role::admin});
  router.add(Method::post, "/api/v1/cant-do-reports/{id}/handle", dept, [&reports](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"handling"});
    auto handling = f.optional_string("handling", 20000).value_or("");
    f.done();
    return Response::json(report_json(reports.handle(*req.who(), req.id_param("办不成事反映"), handling)));
  });
  router.add(Method::post, "/api/v1/cant-do-reports/{id}/reply", dept, [&reports](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reply"});
    auto reply = f.optional_string("reply", 20000).value_or("");
    f.done();
    return Response::json(report_json(reports.reply(*req.who(), req.id_param("办不成事反映"), reply)));
  });
  router.add(Method::post, "/api/v1/cant-do-reports/{id}/verify", Access::signed_in(), [&reports](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"resolved", "note"});
    auto note = f.optional_string("note", 20000).value_or("");
    f.done();
    return Response::json(report_json(reports.verify(*req.who(), req.id_param("办不成事反映"), required_bool(body, "resolved"), note)));
  });
  router.add(Method::post, "/api/v1/cant-do-reports/{id}/file", Access::staff({Role::analyst, Role::admin}),
             [&reports](Request& req) {
               auto body = http::parse_object(req);
               http::JsonFields f(body, {"note"});
               auto note = f.optional_string("note", 20000).value_or("");
               f.done();
               return Response::json(report_json(reports.file(*req.who(), req.id_param("办不成事反映"), note)));
             });

  router.add(Method::get, "/api/v1/cant-do-plans", Access::staff({}), [&reports](Request& req) {
    json::array items;
    for (const auto& p : reports.plans(*req.who())) items.push_back(plan_json(p));
    return Response::json(json::object{{"items", std::move(items)}});
  });
  router.add(Method::post, "/api/v1/cant-do-plans", Access::staff({Role::analyst, Role::admin}), [&reports](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"title", "department", "measures", "reports"});
    auto title = f.optional_string("title", 2000).value_or("");
    auto department = f.optional_string("department", 64).value_or("");
    auto measures = f.optional_string("measures", 20000).value_or("");
    f.done();
    std::vector<long long> ids;
    const auto* rs = body.if_contains("reports");
    if (!rs || !rs->is_array()) throw field_invalid("reports", "请选择反映");
    for (const auto& v : rs->as_array()) {
      if (!v.is_int64() || v.as_int64() <= 0) throw field_invalid("reports", "应为反映编号");
      ids.push_back(v.as_int64());
    }
    return Response::json(plan_json(reports.create_plan(*req.who(), title, department, measures, ids)), 201);
  });
  router.add(Method::post, "/api/v1/cant-do-plans/{id}/complete", Access::staff({Role::analyst, Role::admin}),
             [&reports](Request& req) {
               auto body = http::parse_object(req);
               http::JsonFields f(body, {"measures"});
               auto measures = f.optional_string("measures", 20000).value_or("");
               f.done();
               return Response::json(plan_json(reports.complete_plan(*req.who(), req.id_param("整改方案"), measures)));
             });
}

}  // namespace haoban::feedback
