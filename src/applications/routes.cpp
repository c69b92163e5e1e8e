#include "applications/routes.h"

#include <boost/json/array.hpp>

#include "http/api/json_body.h"

namespace haoban::applications {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

std::string_view urgency_name(Urgency u) {
  switch (u) {
    case Urgency::overdue: return "overdue";
    case Urgency::due_soon: return "due_soon";
    case Urgency::none: return "none";
  }
  return "none";
}

json::object summary(const ApplicationService& svc, const Application& a) {
  json::object o{{"id", a.id},
                 {"is_bundle", a.is_bundle},
                 {"code", a.code},
                 {"name", a.name},
                 {"status", to_string(a.status)},
                 {"status_label", label(a.status)},
                 {"department_id", a.department_id},
                 {"applicant_name", a.applicant_name},
                 {"channel", to_string(a.channel)},
                 {"created_at", a.created_at},
                 {"submitted_at", a.submitted_at},
                 {"due_on", a.due_on ? json::value(format_date(*a.due_on)) : nullptr},
                 {"urgency", urgency_name(svc.urgency_of(a))}};
  o["parent_id"] = a.parent_id ? json::value(*a.parent_id) : nullptr;
  o["origin"] = a.origin ? json::value(to_json(*a.origin)) : nullptr;
  if (a.due_on) o["days_left"] = svc.days_left(a);
  return o;
}

json::object detail(ApplicationService& svc, const Principal& who, const Application& a) {
  json::object o = summary(svc, a);
  o["version"] = a.version;
  o["enterprise_code"] = a.enterprise_code;
  o["fields"] = a.fields;
  o["answers"] = a.answers;
  o["promised_days"] = a.promised_days;
  o["prefill"] = a.prefill.empty() ? json::value(nullptr) : json::value(a.prefill);
  o["copied_from"] = a.copied_from ? json::value(*a.copied_from) : nullptr;
  o["materials"] = a.materials;
  o["corrections"] = a.corrections;
  o["opened_at"] = a.opened_at;
  o["decided_at"] = a.decided_at;
  o["completed_at"] = a.completed_at;
  o["accepted_on"] = a.accepted_on ? json::value(format_date(*a.accepted_on)) : nullptr;
  o["on_time"] = a.on_time ? json::value(*a.on_time) : nullptr;
  o["first_time_success"] = a.first_time_success();
  json::array history;
  for (const auto& h : a.history)
    history.push_back(json::object{{"at", h.at},
                                   {"actor", h.actor},
                                   {"action", h.action},
                                   {"from", h.from},
                                   {"to", h.to},
                                   {"to_label", label(status_from_string(h.to).value_or(Status::draft))},
                                   {"reason", h.reason}});
  o["history"] = std::move(history);
  json::array children;
  std::vector<Status> parts;
  for (long long id : a.children) {
    auto c = svc.get(who, id);
    parts.push_back(c.status);
    children.push_back(summary(svc, c));
  }
  if (a.is_bundle && a.status != Status::draft) o["combined_status_label"] = combined_label(parts);
  o["children"] = std::move(children);
  json::array actions;
  for (Action act : svc.allowed_actions(who, a))
    actions.push_back(json::object{{"action", to_string(act)}, {"label", label(act)}});
  o["allowed_actions"] = std::move(actions);
  return o;
}

json::object optional_object(const json::object& body, std::string_view name, std::vector<FieldError>& errors) {
  auto it = body.find(name);
  if (it == body.end() || it->value().is_null()) return {};
  if (!it->value().is_object()) {
    errors.push_back({std::string(name), "应为对象"});
    return {};
  }
  return it->value().as_object();
}

}  // namespace

void add_routes(http::Router& router, ApplicationService& svc) {
  router.add(Method::post, "/api/v1/applications", Access::applicants(), [&svc](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"item", "bundle", "answers", "fields", "channel", "opened_at"});
    CreateRequest cr;
    cr.item = f.optional_string("item", 64).value_or("");
    cr.bundle = f.optional_string("bundle", 64).value_or("");
    cr.opened_at = f.optional_string("opened_at", 32).value_or("");
    auto channel = f.optional_string("channel", 16).value_or("online");
    std::vector<FieldError> errors;
    cr.answers = optional_object(body, "answers", errors);
    cr.fields = optional_object(body, "fields", errors);
    if (channel != "online" && channel != "counter") errors.push_back({"channel", "应为 online 或 counter"});
    try {
      f.done();
    } catch (Error& e) {
      errors.insert(errors.begin(), e.fields().begin(), e.fields().end());
    }
    if (!errors.empty()) throw invalid("validation-failed", "请求内容有误", "", std::move(errors));
    cr.channel = channel == "counter" ? Channel::counter : Channel::online;
    auto a = svc.create(*req.principal, cr);
    return Response::json(detail(svc, *req.principal, a), 201)
        .with_header("Location", "/api/v1/applications/" + std::to_string(a.id));
  });

  router.add(Method::get, "/api/v1/applications", Access::signed_in(), [&svc](Request& req) {
    ListFilter f;
    f.mine = req.query_param("mine").value_or("") == "1";
    f.department = req.query_param("department").value_or("");
    f.overdue = req.query_param("overdue").value_or("") == "1";
    f.due_soon = req.query_param("due_soon").value_or("") == "1";
    if (auto st = req.query_param("status"); st && !st->empty()) {
      f.status = status_from_string(*st);
      if (!f.status) throw invalid("validation-failed", "查询参数有误", "", {{"status", "未知的状态：" + *st}});
    }
    try {
      if (auto c = req.query_param("cursor")) f.cursor = std::stoll(*c);
      if (auto l = req.query_param("limit")) f.limit = std::stoi(*l);
    } catch (const std::exception&) {
      throw invalid("validation-failed", "查询参数有误", "", {{"cursor", "cursor 和 limit 应为整数"}});
    }
    auto page = svc.list(*req.principal, f);
    json::array items;
    for (const auto& a : page.items) {
      json::object o = summary(svc, a);
      if (a.is_bundle && a.status != Status::draft) {  // the applicant's list shows a bundle as one
        std::vector<Status> parts;
        for (long long id : svc.get(*req.principal, a.id).children) parts.push_back(svc.get(*req.principal, id).status);
        o["combined_status_label"] = combined_label(parts);
      }
      items.push_back(std::move(o));
    }
    json::object o{{"items", std::move(items)}};
    o["next_cursor"] = page.next_cursor ? json::value(std::to_string(*page.next_cursor)) : nullptr;
    return Response::json(o);
  });

  router.add(Method::get, "/api/v1/applications/{id}", Access::signed_in(), [&svc](Request& req) {
    return Response::json(detail(svc, *req.principal, svc.get(*req.principal, req.id_param("办件"))));
  });

  router.add(Method::patch, "/api/v1/applications/{id}", Access::applicants(), [&svc](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"fields"});
    f.done();
    std::vector<FieldError> errors;
    auto fields = optional_object(body, "fields", errors);
    if (!errors.empty()) throw invalid("validation-failed", "请求内容有误", "", std::move(errors));
    auto a = svc.update_fields(*req.principal, req.id_param("办件"), fields);
    return Response::json(detail(svc, *req.principal, a));
  });

  router.add(Method::post, "/api/v1/applications/{id}/submit", Access::applicants(), [&svc](Request& req) {
    auto a = svc.submit(*req.principal, req.id_param("办件"));
    return Response::json(detail(svc, *req.principal, a));
  });

  router.add(Method::post, "/api/v1/applications/{id}/materials", Access::applicants(), [&svc](Request& req) {
    return Response::json(detail(svc, *req.principal, svc.refresh_materials(*req.principal, req.id_param("办件"))));
  });

  router.add(Method::post, "/api/v1/applications/{id}/again", Access::applicants(), [&svc](Request& req) {
    auto again = svc.again(*req.principal, req.id_param("办件"));
    return Response::json(
        json::object{{"application", detail(svc, *req.principal, again.application)}, {"changes", again.changes}},
        201);
  });

  router.add(Method::post, "/api/v1/applications/{id}/actions", Access::signed_in(), [&svc](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"action", "reason"});
    std::string name = f.required_string("action", 32);
    std::string reason = f.optional_string("reason", 2000).value_or("");
    f.done();
    auto action = action_from_string(name);
    if (!action)
      throw invalid("validation-failed", "请求内容有误", "",
                    {{"action", "未知的操作：" + name +
                                    "（可用：accept, not_accept, return, resubmit, approve, deny, complete, withdraw）"}});
    auto a = svc.act(*req.principal, req.id_param("办件"), *action, reason);
    return Response::json(detail(svc, *req.principal, a));
  });
}

}  // namespace haoban::applications
