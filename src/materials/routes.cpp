#include "materials/routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>
#include <charconv>

#include "core/error.h"
#include "http/api/files.h"
#include "http/api/json_body.h"
#include "ledger/service.h"

namespace haoban::materials {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::value date_json(const std::optional<Date>& d) {
  return d ? json::value(format_date(*d)) : json::value(nullptr);
}
json::value index_json(const std::optional<std::uint64_t>& i) {
  return i ? json::value(*i) : json::value(nullptr);
}

json::object use_json(const MaterialUse& u) {
  return {{"application", u.application}, {"department", u.department},
          {"required", u.required},       {"reason", u.reason},
          {"used_at", u.used_at},         {"ledger_index", index_json(u.ledger_index)}};
}

json::object material_json(const MaterialService& svc, const Material& m, const Validity& v,
                           const std::vector<MaterialUse>& uses) {
  const defs::MaterialCategory* cat = svc.definitions().category(m.category);
  json::object o{{"id", m.id},
                 {"category", m.category},
                 {"category_name", cat ? cat->name : m.category},
                 {"title", m.title},
                 {"file_name", m.file_name},
                 {"media_type", m.media_type},
                 {"size", m.size},
                 {"content_id", m.content_id},
                 {"issuer", m.issuer},
                 {"number", m.number},
                 {"issued_on", date_json(m.issued_on)},
                 {"expires_on", date_json(m.expires_on)},
                 {"version", m.version},
                 {"supersedes", m.supersedes ? json::value(*m.supersedes) : nullptr},
                 {"superseded_by", m.superseded_by ? json::value(*m.superseded_by) : nullptr},
                 {"status", to_string(m.status)},
                 {"status_label", label(m.status)},
                 {"source", to_string(m.source)},
                 {"created_at", m.created_at},
                 {"ledger_index", index_json(m.ledger_index)}};
  o["revoked"] = m.status == Status::revoked
                     ? json::value(json::object{{"reason", m.revoked_reason},
                                                {"by", m.revoked_by},
                                                {"at", m.revoked_at},
                                                {"ledger_index", index_json(m.revoke_ledger_index)}})
                     : json::value(nullptr);
  o["validity"] = json::object{{"in_force", v.in_force},
                               {"reusable", v.reusable},
                               {"offered", v.offered()},
                               {"valid_until", date_json(v.valid_until)},
                               {"note", v.note}};
  json::array used;
  for (const auto& u : uses) used.push_back(use_json(u));
  o["uses"] = std::move(used);
  return o;
}

std::optional<Date> date_param(const Request& req, std::string_view name, std::vector<FieldError>& errors) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::nullopt;
  auto d = parse_date(*v);
  if (!d) errors.push_back({std::string(name), "日期格式应为 YYYY-MM-DD"});
  return d;
}

}  // namespace

void add_routes(http::Router& router, MaterialService& svc) {
  router.add(Method::get, "/api/v1/materials", Access::applicants(), [&svc](Request& req) {
    json::array items;
    for (const auto& it : svc.library(ledger::subject_of(*req.who())))
      items.push_back(material_json(svc, it.material, it.validity, it.uses));
    return Response::json(json::object{{"items", std::move(items)}});
  });

  // The raw file is the body (any Content-Type: the bytes decide); metadata in the query string.
  router.add(Method::post, "/api/v1/materials", Access::applicants(), [&svc](Request& req) {
    std::vector<FieldError> errors;
    NewMaterial n;
    n.category = req.query_param("category").value_or("");
    n.title = req.query_param("title").value_or("");
    n.issuer = req.query_param("issuer").value_or("");
    n.issued_on = date_param(req, "issued_on", errors);
    n.expires_on = date_param(req, "expires_on", errors);
    if (auto name = req.header("X-Filename"); !name.empty()) {
      if (auto decoded = http::percent_decode(name))
        n.file_name = std::move(*decoded);
      else
        errors.push_back({"file_name", "X-Filename 应为百分号编码的文件名"});
    }
    if (!errors.empty()) throw invalid("invalid-material", "材料信息有误", "", errors);
    n.content = std::move(req.body);
    const Principal& who = *req.who();
    Upload up = svc.upload(ledger::subject_of(who), n, who);
    auto uses = svc.uses_of(up.material.id);
    json::object o = material_json(svc, up.material, svc.validity(up.material, svc.today()), uses);
    o["created"] = up.created;
    Response r = Response::json(o, up.created ? 201 : 200);
    r.with_header("Location", "/api/v1/materials/" + std::to_string(up.material.id));
    return r;
  });

  router.add(Method::get, "/api/v1/materials/match", Access::applicants(), [&svc](Request& req) {
    auto code = req.query_param("item");
    if (!code || code->empty())
      throw invalid("missing-parameter", "缺少查询参数", "item is required", {{"item", "必填"}});
    const defs::Item* item = svc.definitions().item(*code);
    if (!item) throw not_found("item " + *code);
    std::vector<RequiredMaterial> required;
    for (const auto& m : item->materials) required.push_back({m.id, m.name, m.category.id});
    Date today = svc.today();
    auto matches = svc.match(ledger::subject_of(*req.who()), required, today);
    json::array out;
    int exempt = 0;
    for (std::size_t i = 0; i < matches.size(); ++i) {
      const auto& mm = matches[i];
      const defs::Material& def = item->materials[i];
      const defs::MaterialCategory* cat = svc.definitions().category(def.category.id);
      json::object o{{"id", def.id},
                     {"name", def.name},
                     {"category", def.category.id},
                     {"category_name", cat ? cat->name : def.category.id},
                     {"conditional", def.when.has_value()},
                     {"condition", def.reason},
                     {"exempt", mm.exempt()},
                     {"source", to_string(mm.kind)},
                     {"reason", mm.reason},
                     {"valid_until", date_json(mm.valid_until)}};
      if (mm.material)
        o["material"] = json::object{
            {"id", mm.material->id}, {"title", mm.material->title}, {"created_at", mm.material->created_at}};
      else
        o["material"] = nullptr;
      if (mm.licence)
        o["licence"] = json::object{{"name", mm.licence->name},
                                    {"number", mm.licence->number},
                                    {"issuer", mm.licence->issuer},
                                    {"issued_on", date_json(mm.licence->issued_on)},
                                    {"expires_on", date_json(mm.licence->expires_on)}};
      else
        o["licence"] = nullptr;
      json::array not_counted;
      for (const auto& s : mm.not_counted) not_counted.emplace_back(s);
      o["not_counted"] = std::move(not_counted);
      exempt += mm.exempt() ? 1 : 0;
      out.push_back(std::move(o));
    }
    return Response::json(json::object{{"item", item->code},
                                       {"name", item->name},
                                       {"as_of", format_date(today)},
                                       {"exempt", exempt},
                                       {"total", matches.size()},
                                       {"materials", std::move(out)}});
  });

  router.add(Method::get, "/api/v1/materials/{id}", Access::signed_in(), [&svc](Request& req) {
    const Principal& who = *req.who();
    Material m = svc.get(req.id_param("材料"), who);
    std::vector<MaterialUse> uses;
    for (auto& u : svc.uses_of(m.id))  // staff see only their own department's uses
      if (who.kind != AccountKind::staff || u.department == who.department_id.value_or(""))
        uses.push_back(std::move(u));
    return Response::json(material_json(svc, m, svc.validity(m, svc.today()), uses));
  });

  router.add(Method::get, "/api/v1/materials/{id}/content", Access::signed_in(), [&svc](Request& req) {
    auto [m, bytes] = svc.content(req.id_param("材料"), *req.who());
    return http::file_response(m.file_name, m.media_type, std::move(bytes));
  });

  router.add(Method::post, "/api/v1/materials/{id}/revoke", Access::applicants(), [&svc](Request& req) {
    long long id = req.id_param("材料");
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reason"});
    std::string reason = f.required_string("reason", 1000);
    f.done();
    const Principal& who = *req.who();
    Material m = svc.revoke(id, reason, who);
    return Response::json(material_json(svc, m, svc.validity(m, svc.today()), svc.uses_of(m.id)));
  });
}

}  // namespace haoban::materials
