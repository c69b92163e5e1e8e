#include "sources/routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <map>

#include "core/error.h"
#include "core/utf8.h"
#include "http/api/json_body.h"

namespace haoban::sources {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxPurposeChars = 100;
constexpr std::size_t kMaxNoteBytes = 600;

std::size_t chars(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

std::string_view outcome_label(Outcome o) {
  switch (o) {
    case Outcome::ok:
      return "已查询";
    case Outcome::not_found:
      return "未查到记录";
    case Outcome::unavailable:
      return "数源不可用";
  }
  return "";
}

json::object department_json(const defs::Definitions& d, const std::string& id) {
  const defs::Department* dep = d.department(id);
  return {{"id", id}, {"name", dep ? dep->name : id}};
}

json::object column_json(const defs::Field& f) {
  json::object o{{"key", f.key}, {"label", f.label}, {"type", defs::to_string(f.type)}};
  if (f.type == defs::FieldType::number || f.type == defs::FieldType::money) o["decimals"] = f.decimals;
  if (!f.columns.empty()) {
    json::array cols;
    for (const auto& c : f.columns) cols.push_back(column_json(c));
    o["columns"] = std::move(cols);
  }
  return o;
}

json::object source_json(SourceService& svc, const defs::SourceDef& s) {
  const auto& d = svc.definitions();
  json::array fields;
  for (const auto& f : s.fields) {
    json::object o = column_json(f.def);
    o["department"] = department_json(d, f.department.id);
    o["cadence"] = f.cadence;
    o["verified"] = f.verified;
    fields.push_back(std::move(o));
  }
  Availability av = svc.availability(s.id);
  return {{"id", s.id},
          {"name", s.name},
          {"description", s.description},
          {"department", department_json(d, s.department.id)},
          {"subject", defs::to_string(s.subject)},
          {"cadence", s.cadence},
          {"adapter", svc.adapter_kind(s.id)},
          {"available", av.available},
          {"note", av.note},
          {"changed_at", av.changed_at},
          {"changed_by", av.changed_by},
          {"fields", std::move(fields)}};
}

const defs::SourceDef& known_source(SourceService& svc, const std::string& id) {
  const defs::SourceDef* s = svc.definitions().source(id);
  if (!s) throw not_found("source " + id);
  return *s;
}

void page_params(const Request& req, long long& cursor, int& limit) {
  try {
    if (auto c = req.query_param("cursor"); c && !c->empty()) cursor = std::stoll(*c);
    if (auto l = req.query_param("limit"); l && !l->empty()) limit = std::stoi(*l);
  } catch (const std::exception&) {
    throw invalid("validation-failed", "查询参数有误", "", {{"cursor", "cursor 和 limit 应为整数"}});
  }
  if (cursor < 0 || limit < 1 || limit > 200)
    throw invalid("validation-failed", "查询参数有误", "cursor must be >= 0, limit 1..200",
                  {{"limit", "limit 应为1至200的整数"}});
}

// Who looked, as the data's owner sees it: 系统（预填）, 本人, or the staff member's name and department.
class ActorLabels {
 public:
  explicit ActorLabels(identity::IdentityService& ids) : ids_(ids) {}

  json::object of(const QueryLogEntry& e, const Principal& viewer) {
    // Prefill runs for the applicant (as the system, or under the applicant's own name): the system read it.
    bool own = e.actor == kSystemActor || e.actor == viewer.username;
    if (own && e.purpose.starts_with("预填")) return {{"kind", "system"}, {"label", "系统（预填）"}};
    if (e.actor == kSystemActor) return {{"kind", "system"}, {"label", "系统"}};
    if (own) return {{"kind", "self"}, {"label", "本人"}};
    auto [name, dept, staff] = resolve(e);
    std::string label = name.empty() ? "工作人员" : dept.empty() ? name : name + "（" + dept + "）";
    return {{"kind", staff ? "staff" : "other"}, {"label", label}, {"name", name}, {"department", dept}};
  }

 private:
  struct Who {
    std::string name, department;
    bool staff = true;
  };
  Who resolve(const QueryLogEntry& e) {
    if (!e.actor_name.empty()) return {e.actor_name, e.actor_department, true};
    if (auto it = cache_.find(e.actor); it != cache_.end()) return it->second;
    Who w;
    if (auto p = ids_.principal(e.actor)) {
      w.name = p->display_name;
      w.staff = p->kind == AccountKind::staff;
      if (p->department_id)
        if (auto d = ids_.department(*p->department_id)) w.department = d->name;
    }
    return cache_[e.actor] = w;
  }
  identity::IdentityService& ids_;
  std::map<std::string, Who> cache_;
};

json::value cursor_json(const QueryPage& p) {
  return p.next_cursor ? json::value(std::to_string(*p.next_cursor)) : json::value(nullptr);
}

json::object source_ref(SourceService& svc, const std::string& id) {
  const defs::SourceDef* s = svc.definitions().source(id);
  return {{"id", id}, {"name", s ? s->name : id}};
}

}  // namespace

void add_routes(http::Router& router, SourceService& svc, identity::IdentityService& ids, CaseCheck case_check) {
  router.add(Method::get, "/api/v1/sources", Access::staff({}), [&svc](Request&) {
    json::array items;
    for (const auto& s : svc.definitions().sources) items.push_back(source_json(svc, s));
    return Response::json(json::object{{"items", std::move(items)}});
  });

  router.add(Method::get, "/api/v1/sources/queries/mine", Access::applicants(), [&svc, &ids](Request& req) {
    long long cursor = 0;
    int limit = 50;
    page_params(req, cursor, limit);
    auto subject = ids.subject_key(*req.who());
    QueryPage page = subject ? svc.queries_about(*subject, cursor, limit) : QueryPage{};
    ActorLabels labels(ids);
    json::array items;
    for (const auto& e : page.items)
      items.push_back(json::object{{"id", e.id},
                                   {"at", e.at},
                                   {"source", source_ref(svc, e.source)},
                                   {"actor", labels.of(e, *req.who())},
                                   {"application", e.application},
                                   {"purpose", e.purpose},
                                   {"outcome", to_string(e.outcome)},
                                   {"outcome_label", outcome_label(e.outcome)}});
    return Response::json(json::object{{"items", std::move(items)}, {"next_cursor", cursor_json(page)}})
        .with_header("Cache-Control", "no-store");
  });

  router.add(
      Method::get, "/api/v1/sources/queries", Access::staff({Role::admin}), [&svc, &ids](Request& req) {
        QueryFilter f;
        page_params(req, f.cursor, f.limit);
        f.subject = req.query_param("subject").value_or("");
        f.source = req.query_param("source").value_or("");
        if (!f.source.empty() && !svc.definitions().source(f.source))
          throw invalid("validation-failed", "查询参数有误", "unknown source " + f.source,
                        {{"source", "没有这个数源"}});
        QueryPage page = svc.recent_queries(f);
        ActorLabels labels(ids);
        json::array items;
        for (const auto& e : page.items)
          items.push_back(json::object{{"id", e.id},
                                       {"at", e.at},
                                       {"source", source_ref(svc, e.source)},
                                       {"subject", e.subject},
                                       {"actor", e.actor},
                                       {"actor_label", labels.of(e, *req.who())["label"]},
                                       {"application", e.application},
                                       {"purpose", e.purpose},
                                       {"outcome", to_string(e.outcome)}});
        return Response::json(json::object{{"items", std::move(items)}, {"next_cursor", cursor_json(page)}})
            .with_header("Cache-Control", "no-store");
      });

  router.add(Method::put, "/api/v1/sources/{id}/availability", Access::staff({Role::admin}),
             [&svc](Request& req) {
               const auto& s = known_source(svc, req.param("id"));
               auto body = http::parse_object(req);
               http::JsonFields f(body, {"available", "note"});
               std::string note = f.optional_string("note", kMaxNoteBytes).value_or("");
               f.done();
               std::vector<FieldError> errors;
               const json::value* available = body.if_contains("available");
               if (!available)
                 errors.push_back({"available", "必填"});
               else if (!available->is_bool())
                 errors.push_back({"available", "应为是或否（true/false）"});
               else if (!available->as_bool() && note.find_first_not_of(" \t\r\n") == std::string::npos)
                 errors.push_back({"note", "停用数源时请说明原因"});
               if (!errors.empty()) throw invalid("validation-failed", "请求内容有误", "", std::move(errors));
               svc.set_available(s.id, available->as_bool(), note, req.who()->username);
               return Response::json(source_json(svc, s));
             });

  router.add(Method::post, "/api/v1/sources/{id}/lookups", Access::staff({Role::window_clerk, Role::admin}),
             [&svc, &ids, case_check](Request& req) {
               const auto& s = known_source(svc, req.param("id"));
               auto body = http::parse_object(req);
               http::JsonFields f(body, {"subject", "purpose", "application"});
               std::string subject = f.required_string("subject", 64);
               std::string purpose = f.required_string("purpose", kMaxPurposeChars * 4);
               std::string application = f.optional_string("application", 64).value_or("");
               f.done();
               std::vector<FieldError> errors;
               if (!svc.subject_fits(s.id, subject))
                 errors.push_back({"subject", s.subject == defs::SourceSubject::enterprise
                                                  ? "应为有效的统一社会信用代码"
                                              : s.subject == defs::SourceSubject::person
                                                  ? "应为有效的居民身份证号码"
                                                  : "应为有效的统一社会信用代码或居民身份证号码"});
               if (first_invalid_utf8(purpose) || chars(purpose) < 2 || chars(purpose) > kMaxPurposeChars)
                 errors.push_back({"purpose", "请说明查询用途（2至100个字）"});
               const Principal& who = *req.who();
               // A clerk reads someone's data only for a case their department handles for that person.
               if (!who.has_role(Role::admin) && application.empty())
                 errors.push_back({"application", "请填写所办理的办件编号"});
               if (!errors.empty()) throw invalid("validation-failed", "请求内容有误", "", std::move(errors));
               if (case_check && !application.empty()) case_check(who, application, subject);
               FetchContext ctx{who.username, application, purpose, who.display_name, ""};
               if (who.department_id)
                 if (auto d = ids.department(*who.department_id)) ctx.actor_department = d->name;
               auto rec = svc.lookup(s.id, subject, ctx);
               json::object o{{"source", s.id}, {"subject", subject}, {"found", rec.has_value()}};
               if (rec) {
                 o["values"] = rec->values;
                 o["updated_at"] = rec->updated_at;
                 o["fetched_at"] = rec->fetched_at;
               }
               return Response::json(o).with_header("Cache-Control", "no-store");
             });
}

}  // namespace haoban::sources
