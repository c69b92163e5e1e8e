#include "catalog/routes.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <charconv>

#include "core/error.h"
#include "http/api/json_body.h"

namespace haoban::catalog {

namespace json = boost::json;
using http::Execution;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::object department_json(const Catalog& c, std::string_view id) {
  return {{"id", id}, {"name", c.department_name(id)}};
}

json::array strings(const std::vector<defs::Ref>& refs) {
  json::array a;
  for (const auto& r : refs) a.emplace_back(r.id);
  return a;
}

json::object item_summary(const Catalog& c, const defs::Item& it) {
  json::array aliases;
  for (const auto& a : it.aliases) aliases.emplace_back(a);
  return {{"code", it.code},
          {"name", it.name},
          {"aliases", std::move(aliases)},
          {"department", department_json(c, it.department.id)},
          {"kind", it.kind},
          {"audience", defs::to_string(it.audience)},
          {"events", strings(it.events)},
          {"online", it.guide.online},
          {"online_help", it.online_help},
          {"time_limit", json::object{{"statutory", it.statutory_days}, {"promised", it.promised_days}}}};
}

json::object material_json(const Catalog& c, const defs::Material& m) {
  json::object o{{"id", m.id},
                 {"name", m.name},
                 {"category", m.category.id},
                 {"category_name", c.category_name(m.category.id)},
                 {"type", defs::to_string(m.type)},
                 {"type_label", defs::label(m.type)},
                 {"count", m.count}};
  if (!m.note.empty()) o["note"] = m.note;
  if (m.when) o["when"] = m.when->source;
  if (!m.reason.empty()) o["reason"] = m.reason;
  return o;
}

json::object item_detail(const Catalog& c, const defs::Item& it) {
  json::object o = item_summary(c, it);
  o["guide"] = defs::guide_json(it.guide);
  json::array questions, materials;
  for (const auto& q : it.questions) questions.push_back(defs::question_json(q));
  for (const auto& m : it.materials) materials.push_back(material_json(c, m));
  o["questions"] = std::move(questions);
  o["materials"] = std::move(materials);
  if (const defs::Form* f = c.form(it.form.id)) {
    json::object fo = defs::body_json(*f);
    fo["version"] = f->version;
    o["form"] = std::move(fo);
  }
  o["version"] = it.version;
  return o;
}

int bundle_promised_days(const Catalog& c, const defs::Bundle& b) {
  if (b.promised_days) return b.promised_days;
  int days = 0;
  for (const auto& bi : b.items)
    if (const defs::Item* it = c.item(bi.item.id)) days = std::max(days, it->promised_days);
  return days;
}

json::object bundle_summary(const Catalog& c, const defs::Bundle& b) {
  json::array items;
  for (const auto& bi : b.items) {
    const defs::Item* it = c.item(bi.item.id);
    if (!it) continue;
    json::object io{{"code", it->code},
                    {"name", it->name},
                    {"department", department_json(c, it->department.id)},
                    {"conditional", bi.when.has_value()}};
    if (bi.when) io["when"] = bi.when->source;
    if (!bi.reason.empty()) io["reason"] = bi.reason;
    items.push_back(std::move(io));
  }
  json::object o{{"code", b.code},
                 {"name", b.name},
                 {"audience", defs::to_string(b.audience)},
                 {"industry", b.industry},
                 {"events", strings(b.events)},
                 {"description", b.description},
                 {"items", std::move(items)},
                 {"promised_days", bundle_promised_days(c, b)}};
  return o;
}

json::array basis_json(const std::vector<Basis>& basis) {
  json::array a;
  for (const auto& b : basis)
    a.push_back(json::object{{"id", b.question_id}, {"question", b.question}, {"answer", b.answer}});
  return a;
}

json::array decisions_json(const Catalog& c, const std::vector<ItemDecision>& ds) {
  json::array a;
  for (const auto& d : ds)
    a.push_back(json::object{{"code", d.item->code},
                             {"name", d.item->name},
                             {"department", department_json(c, d.item->department.id)},
                             {"promised_days", d.item->promised_days},
                             {"reason", d.reason},
                             {"basis", basis_json(d.basis)}});
  return a;
}

json::object resolution_json(const Catalog& c, const Resolution& r) {
  json::object o{{"done", r.done}};
  if (!r.done) {
    json::array qs;
    for (const auto& nq : r.questions) {
      json::object q = defs::question_json(*nq.question);
      json::array decides;
      for (const auto& d : nq.decides) decides.emplace_back(d);
      q["decides"] = std::move(decides);
      qs.push_back(std::move(q));
    }
    o["questions"] = std::move(qs);
  }
  o["items"] = decisions_json(c, r.items);
  o["excluded"] = decisions_json(c, r.excluded);
  o["answers"] = basis_json(r.answers);
  if (r.done) {
    json::array ms;
    for (const auto& m : r.materials) {
      json::object mo = material_json(c, *m.material);
      mo["id"] = m.items.front()->code + "/" + m.material->id;
      json::array items;
      for (const auto* it : m.items) items.emplace_back(it->code);
      mo["items"] = std::move(items);
      mo["reason"] = m.reason;
      mo["basis"] = basis_json(m.basis);
      mo.erase("when");
      ms.push_back(std::move(mo));
    }
    o["materials"] = std::move(ms);
    o["form"] = r.form.to_json();
  }
  return o;
}

// The `answers` object of a situations request body ({} when absent).
json::object answers_of(const Request& req) {
  json::object body = req.body.empty() ? json::object{} : http::parse_object(req);
  http::JsonFields f(body, {"answers"});
  f.done();
  auto it = body.find("answers");
  if (it == body.end() || it->value().is_null()) return {};
  if (!it->value().is_object())
    throw field_invalid("answers", "应为对象，键为问题编号");
  return it->value().as_object();
}

std::optional<defs::Audience> audience_param(const Request& req) {
  auto a = req.query_param("audience");
  if (!a || a->empty()) return std::nullopt;
  auto v = defs::audience_from_string(*a);
  if (!v || *v == defs::Audience::both)
    throw invalid("validation-failed", "查询参数有误", "", {{"audience", "应为 person 或 enterprise"}});
  return v;
}

}  // namespace

void add_routes(http::Router& router, const Catalog& catalog) {
  const Catalog& c = catalog;
  router.add(
      Method::get, "/api/v1/items", Access::anyone(),
      [&c](Request& req) {
        ItemQuery q;
        q.q = req.query_param("q").value_or("");
        q.department = req.query_param("department").value_or("");
        q.kind = req.query_param("kind").value_or("");
        q.event = req.query_param("event").value_or("");
        q.cursor = req.query_param("cursor").value_or("");
        q.audience = audience_param(req);
        if (auto l = req.query_param("limit"); l && !l->empty()) {
          auto [p, ec] = std::from_chars(l->data(), l->data() + l->size(), q.limit);
          if (ec != std::errc() || p != l->data() + l->size()) q.limit = 0;  // reported by search()
        }
        ItemPage page = c.search(q);
        json::array items;
        for (const auto* it : page.items) items.push_back(item_summary(c, *it));
        return Response::json(
            json::object{{"items", std::move(items)},
                         {"next_cursor", page.next_cursor ? json::value(*page.next_cursor) : nullptr},
                         {"total", page.total}});
      },
      Execution::inline_);

  router.add(
      Method::get, "/api/v1/items/{code}", Access::anyone(),
      [&c](Request& req) {
        const defs::Item* it = c.item(req.param("code"));
        if (!it) throw not_found("item " + req.param("code"));
        return Response::json(item_detail(c, *it));
      },
      Execution::inline_);

  router.add(
      Method::post, "/api/v1/items/{code}/situations", Access::anyone(),
      [&c](Request& req) {
        if (!c.item(req.param("code"))) throw not_found("item " + req.param("code"));
        return Response::json(resolution_json(c, c.resolve_item(req.param("code"), answers_of(req))));
      },
      Execution::inline_);

  router.add(
      Method::get, "/api/v1/forms/{id}", Access::anyone(),
      [&c](Request& req) {
        const defs::Form* f = c.form(req.param("id"));
        if (!f) throw not_found("form " + req.param("id"));
        json::object o = defs::body_json(*f);
        o["version"] = f->version;
        return Response::json(o);
      },
      Execution::inline_);

  router.add(
      Method::get, "/api/v1/bundles", Access::anyone(),
      [&c](Request& req) {
        json::array items;
        for (const auto* b : c.bundles(audience_param(req), req.query_param("industry").value_or("")))
          items.push_back(bundle_summary(c, *b));
        return Response::json(json::object{{"items", std::move(items)}});
      },
      Execution::inline_);

  router.add(
      Method::get, "/api/v1/bundles/{code}", Access::anyone(),
      [&c](Request& req) {
        const defs::Bundle* b = c.bundle(req.param("code"));
        if (!b) throw not_found("bundle " + req.param("code"));
        json::object o = bundle_summary(c, *b);
        json::array questions;
        for (const auto* q : c.bundle_questions(b->code)) questions.push_back(defs::question_json(*q));
        o["questions"] = std::move(questions);
        o["version"] = b->version;
        return Response::json(o);
      },
      Execution::inline_);

  router.add(
      Method::post, "/api/v1/bundles/{code}/situations", Access::anyone(),
      [&c](Request& req) {
        if (!c.bundle(req.param("code"))) throw not_found("bundle " + req.param("code"));
        return Response::json(resolution_json(c, c.resolve_bundle(req.param("code"), answers_of(req))));
      },
      Execution::inline_);
}

}  // namespace haoban::catalog
