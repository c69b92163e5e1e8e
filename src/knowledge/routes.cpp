#include "knowledge/routes.h"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/error.h"
#include "http/api/json_body.h"
#include "knowledge/json.h"

namespace haoban::knowledge {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr std::size_t kMaxQueryBytes = 1000;

int int_param(const Request& req, std::string_view name, int fallback, int least, int most) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return fallback;
  int n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size() || n < least || n > most)
    throw invalid("validation-failed", "查询参数有误", "",
                  {{std::string(name), "应为" + std::to_string(least) + "至" + std::to_string(most) + "的整数"}});
  return n;
}


std::vector<std::string> string_list(const json::object& body, std::string_view name, std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  auto it = body.find(name);
  if (it == body.end() || it->value().is_null()) return out;
  if (!it->value().is_array()) {
    errors.push_back({std::string(name), "应为字符串数组"});
    return out;
  }
  for (const auto& x : it->value().as_array()) {
    if (!x.is_string()) {
      errors.push_back({std::string(name), "应为字符串数组"});
      return {};
    }
    out.emplace_back(x.as_string());
  }
  return out;
}

// The content fields of a create or update request; `version` is read by the caller.
EntryContent content_from(const json::object& body, std::vector<FieldError>& errors) {
  http::JsonFields f(body, {"code", "version", "type", "title", "body", "variants", "department", "items", "source",
                            "doc_number", "effective_from", "effective_to", "visibility"});
  EntryContent c;
  auto type = f.required_string("type", 32);
  auto t = entry_type_from(type);
  if (!t && !type.empty()) errors.push_back({"type", "未知的条目类型：" + type});
  c.type = t.value_or(EntryType::qa);
  c.title = f.required_string("title", 2000);
  c.body = f.required_string("body", 200000);
  c.department = f.optional_string("department", 64).value_or("");
  c.source = f.optional_string("source", 2000).value_or("");
  c.doc_number = f.optional_string("doc_number", 400).value_or("");
  c.effective_from = f.optional_string("effective_from", 32).value_or("");
  c.effective_to = f.optional_string("effective_to", 32).value_or("");
  auto vis = f.optional_string("visibility", 16).value_or("public");
  auto v = visibility_from(vis);
  if (!v) errors.push_back({"visibility", "应为 public 或 staff"});
  c.visibility = v.value_or(Visibility::open);
  c.variants = string_list(body, "variants", errors);
  c.items = string_list(body, "items", errors);
  f.optional_string("code", 200);
  try {
    f.done();
  } catch (Error& e) {
    errors.insert(errors.begin(), e.fields().begin(), e.fields().end());
  }
  return c;
}

json::object version_json(const EntryVersion& v) {
  json::object content = entry_json(Entry{.content = v.content}, true);
  for (auto k : {"id", "code", "status", "status_label", "version", "created_at", "updated_at", "published_at", "updated_by"})
    content.erase(k);
  return json::object{{"version", v.version},
                      {"action", v.action},
                      {"status", to_string(v.status)},
                      {"status_label", status_label(v.status)},
                      {"note", v.note},
                      {"changed_by", v.changed_by},
                      {"changed_at", v.changed_at},
                      {"changed_fields", string_array(v.changed_fields)},
                      {"content", std::move(content)}};
}

json::object usage_row_json(const UsageRow& u) {
  return json::object{{"id", u.entry},           {"code", u.code},       {"title", u.title},
                      {"department", u.department}, {"type", to_string(u.type)}, {"retrievals", u.retrievals},
                      {"clicks", u.clicks},       {"answers", u.answers}};
}

}  // namespace

void add_routes(http::Router& router, std::function<KnowledgeBase&()> kb) {
  router.add(Method::get, "/api/v1/kb/search", Access::anyone(), [kb](Request& req) {
    SearchRequest r;
    r.text = req.query_param("q").value_or("");
    if (r.text.size() > kMaxQueryBytes)
      throw invalid("query-too-long", "搜索内容过长", std::to_string(r.text.size()) + " bytes",
                    {{"q", "请不要超过" + std::to_string(kMaxQueryBytes / 3) + "个字"}});
    if (auto t = req.query_param("type"); t && !t->empty()) {
      std::size_t start = 0;
      while (start <= t->size()) {
        auto end = t->find(',', start);
        if (end == std::string::npos) end = t->size();
        auto name = t->substr(start, end - start);
        auto type = entry_type_from(name);
        if (!type) throw invalid("validation-failed", "查询参数有误", "", {{"type", "未知的条目类型：" + name}});
        r.types.push_back(*type);
        start = end + 1;
      }
    }
    r.department = req.query_param("department").value_or("");
    r.item = req.query_param("item").value_or("");
    if (auto s = req.query_param("status"); s && !s->empty()) {
      r.status = entry_status_from(*s);
      if (!r.status) throw invalid("validation-failed", "查询参数有误", "", {{"status", "未知的状态：" + *s}});
    }
    r.limit = static_cast<std::size_t>(int_param(req, "limit", 10, 1, 50));
    r.offset = static_cast<std::size_t>(int_param(req, "offset", 0, 0, 1000));
    auto page = kb().search(req.who(), r);
    json::array hits;
    for (const auto& h : page.hits) {
      auto o = entry_json(h.entry, false);
      o["score"] = h.score;
      o["title_html"] = h.title_html;
      o["snippet_html"] = h.snippet_html;
      hits.push_back(std::move(o));
    }
    return Response::json(json::object{{"total", page.total},
                                       {"words", string_array(page.words)},
                                       {"expansions", string_array(page.expansions)},
                                       {"items", std::move(hits)}});
  });

  router.add(Method::get, "/api/v1/kb/entries/{id}", Access::anyone(), [kb](Request& req) {
    auto id = req.id_param("知识条目");
    auto e = kb().find(req.who(), id);
    if (!e) throw not_found("知识条目");
    // Opening an entry counts as a click, except from the editor (?track=0), whose reading is work.
    if (req.query_param("track").value_or("1") != "0") {
      std::int64_t ids[] = {id};
      kb().record_use(ids, UsageKind::click, req.query_param("channel").value_or("search"));
    }
    return Response::json(entry_json(*e, true));
  });

  router.add(Method::get, "/api/v1/kb/entries/{id}/versions", Access::staff({}), [kb](Request& req) {
    json::array items;
    for (const auto& v : kb().versions(*req.who(), req.id_param("知识条目"))) items.push_back(version_json(v));
    return Response::json(json::object{{"items", std::move(items)}});
  });

  const auto editors = Access::staff({Role::kb_editor, Role::admin});
  router.add(Method::post, "/api/v1/kb/entries", editors, [kb](Request& req) {
    auto body = http::parse_object(req);
    std::vector<FieldError> errors;
    auto content = content_from(body, errors);
    std::string code;
    if (auto it = body.find("code"); it != body.end() && it->value().is_string()) code = it->value().as_string();
    if (!errors.empty()) throw invalid("validation-failed", "知识条目内容有误", "", std::move(errors));
    auto e = kb().create(*req.who(), content, code);
    return Response::json(entry_json(e, true), 201).with_header("Location", "/api/v1/kb/entries/" + std::to_string(e.id));
  });

  router.add(Method::put, "/api/v1/kb/entries/{id}", editors, [kb](Request& req) {
    auto id = req.id_param("知识条目");
    auto body = http::parse_object(req);
    std::vector<FieldError> errors;
    auto content = content_from(body, errors);
    int version = 0;
    if (auto it = body.find("version"); it != body.end() && it->value().is_int64())
      version = static_cast<int>(it->value().as_int64());
    else
      errors.push_back({"version", "请提供所编辑的版本号"});
    if (!errors.empty()) throw invalid("validation-failed", "知识条目内容有误", "", std::move(errors));
    return Response::json(entry_json(kb().update(*req.who(), id, content, version), true));
  });

  router.add(Method::post, "/api/v1/kb/entries/{id}/actions", editors, [kb](Request& req) {
    auto id = req.id_param("知识条目");
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"action", "note"});
    auto name = f.required_string("action", 16);
    auto note = f.optional_string("note", 4000).value_or("");
    f.done();
    auto action = action_from(name);
    if (!action) throw invalid("validation-failed", "未知的操作", "", {{"action", "应为 submit、approve、reject、retire 或 restore"}});
    return Response::json(entry_json(kb().transition(*req.who(), id, *action, note), true));
  });

  const auto task_readers = Access::staff({Role::kb_editor, Role::admin, Role::helper, Role::analyst});
  router.add(Method::get, "/api/v1/kb/tasks", task_readers, [kb](Request& req) {
    TaskFilter f;
    if (auto s = req.query_param("state"); s) {
      if (*s == "all" || s->empty()) f.state.reset();
      else if (!(f.state = task_state_from(*s))) throw invalid("validation-failed", "查询参数有误", "", {{"state", "未知的状态：" + *s}});
    }
    if (auto k = req.query_param("kind"); k && !k->empty())
      if (!(f.kind = task_kind_from(*k))) throw invalid("validation-failed", "查询参数有误", "", {{"kind", "未知的任务类型：" + *k}});
    f.department = req.query_param("department").value_or("");
    f.owner = req.query_param("owner").value_or("");
    f.overdue_only = req.query_param("overdue").value_or("") == "1";
    f.limit = int_param(req, "limit", 50, 1, 200);
    if (auto c = req.query_param("cursor"); c && !c->empty()) f.cursor = int_param(req, "cursor", 0, 1, 2147483647);
    auto tasks = kb().tasks(*req.who(), f);
    json::array items;
    for (const auto& t : tasks) items.push_back(task_json(t));
    json::object o{{"items", std::move(items)}};
    o["next_cursor"] = static_cast<int>(tasks.size()) == f.limit ? json::value(std::to_string(tasks.back().id)) : nullptr;
    return Response::json(o);
  });

  router.add(Method::get, "/api/v1/kb/tasks/{id}", task_readers, [kb](Request& req) {
    return Response::json(task_json(kb().task(*req.who(), req.id_param("维护任务"))));
  });

  router.add(Method::post, "/api/v1/kb/tasks/{id}/assign", editors, [kb](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"owner"});
    auto owner = f.required_string("owner", 64);
    f.done();
    return Response::json(task_json(kb().assign(*req.who(), req.id_param("维护任务"), owner)));
  });

  router.add(Method::post, "/api/v1/kb/tasks/{id}/complete", editors, [kb](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"entry", "note"});
    auto note = f.optional_string("note", 4000).value_or("");
    std::optional<std::int64_t> entry;
    if (auto it = body.find("entry"); it != body.end() && !it->value().is_null()) {
      if (!it->value().is_int64()) throw field_invalid("entry", "应为条目编号");
      entry = it->value().as_int64();
    }
    f.done();
    return Response::json(task_json(kb().complete(*req.who(), req.id_param("维护任务"), entry, note)));
  });

  router.add(Method::post, "/api/v1/kb/candidates", Access::staff({Role::helper, Role::kb_editor, Role::admin}),
             [kb](Request& req) {
               auto body = http::parse_object(req);
               http::JsonFields f(body, {"question", "answer", "department", "items"});
               auto question = f.required_string("question", 4000);
               auto answer = f.required_string("answer", 40000);
               auto department = f.optional_string("department", 64).value_or(req.who()->department_id.value_or(""));
               std::vector<FieldError> errors;
               auto items = string_list(body, "items", errors);
               f.done();
               if (!errors.empty()) throw invalid("validation-failed", "请求内容有误", "", std::move(errors));
               return Response::json(task_json(kb().propose_answer(*req.who(), question, answer, department, items)), 201);
             });

  router.add(Method::get, "/api/v1/kb/usage", Access::staff({}), [kb](Request& req) {
    auto from = req.query_param("from").value_or(""), to = req.query_param("to").value_or("");
    auto rep = kb().usage(*req.who(), from, to, req.query_param("department").value_or(""), int_param(req, "top", 20, 1, 100));
    json::array top, never, departments;
    for (const auto& u : rep.top) top.push_back(usage_row_json(u));
    for (const auto& u : rep.never_used) never.push_back(usage_row_json(u));
    for (const auto& d : rep.departments)
      departments.push_back(json::object{{"id", d.id}, {"published", d.published}, {"used", d.used}, {"rate", d.rate}});
    return Response::json(json::object{{"from", rep.from},
                                       {"to", rep.to},
                                       {"department", rep.department},
                                       {"published", rep.published},
                                       {"used", rep.used},
                                       {"rate", rep.rate},
                                       {"retrievals", rep.retrievals},
                                       {"clicks", rep.clicks},
                                       {"answers", rep.answers},
                                       {"top", std::move(top)},
                                       {"never_used", std::move(never)},
                                       {"departments", std::move(departments)}});
  });
}

}  // namespace haoban::knowledge
