#include "analytics/routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <fmt/format.h>

#include "analytics/report.h"
#include "core/csv.h"
#include "core/error.h"
#include "http/api/files.h"

namespace haoban::analytics {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(nullptr); }

json::object value_json(const Value& v) {
  json::array parts;
  for (const auto& p : v.parts) parts.push_back(json::object{{"key", p.key}, {"label", p.label}, {"value", p.value}});
  return {{"key", v.key},
          {"name", v.name},
          {"unit", v.unit},
          {"value", opt(v.value)},
          {"numerator", v.numerator},
          {"denominator", v.denominator},
          {"target", opt(v.target)},
          {"comparison", v.comparison},
          {"met", v.met ? json::value(*v.met) : json::value(nullptr)},
          {"definition", v.definition},
          {"source", v.source},
          {"note", v.note},
          {"parts", std::move(parts)}};
}

// The period (default: this month so far) and the filter. Staff other than analysts and admin see
// their own department only.
Filter filter_of(const Request& req, const Clock& clock) {
  Date today = china_date(clock.now());
  Filter f{today.year() / today.month() / std::chrono::day{1}, today, "", "", ""};
  std::vector<FieldError> errors;
  auto date = [&](const char* name, Date& out) {
    if (auto v = req.query_param(name); v && !v->empty()) {
      if (auto d = parse_date(*v)) out = *d;
      else errors.push_back({name, "日期格式应为 YYYY-MM-DD"});
    }
  };
  date("from", f.from);
  date("to", f.to);
  if (errors.empty() && f.to < f.from) errors.push_back({"to", "结束日期不能早于开始日期"});
  if (!errors.empty()) throw invalid("validation-failed", "查询参数有误", "", std::move(errors));
  f.department = req.query_param("department").value_or("");
  f.item = req.query_param("item").value_or("");
  f.unit = req.query_param("unit").value_or("");
  const Principal& who = *req.who();
  if (!who.has_role(Role::analyst) && !who.has_role(Role::admin)) {
    if (!f.department.empty() && f.department != who.department_id.value_or(""))
      throw forbidden("只能查看本部门的指标");
    f.department = who.department_id.value_or("-");
  }
  return f;
}

// The rows behind a number as CSV, with names beside the ids.
std::string rows_csv(const std::vector<Row>& rows, const Names& names) {
  std::string out(kCsvBom);
  out += "编号,部门编码,部门,事项编码,事项,日期,状态,计入分子\r\n";
  for (const auto& r : rows)
    out += fmt::format("{},{},{},{},{},{},{},{}\r\n", r.id, csv_field(r.department), csv_field(names.department(r.department)),
                       csv_field(r.item), csv_field(r.item.empty() ? "" : names.item(r.item)), r.date, csv_field(r.status),
                       r.in_numerator ? "是" : "否");
  return out;
}

json::object period_json(const Filter& f) {
  return {{"from", format_date(f.from)}, {"to", format_date(f.to)}, {"department", f.department},
          {"item", f.item}, {"unit", f.unit}};
}

}  // namespace

void add_routes(http::Router& router, db::Database& db, TopicDb& topic, const IndexDefinition& index,
                const Clock& clock, std::function<std::string(const std::string& period)> report, Names names) {
  router.add(Method::get, "/api/v1/cockpit/report", Access::staff({Role::analyst, Role::admin}),
             [report](Request& req) {
               auto period = req.query_param("period").value_or("");
               if (!month_period(period))
                 throw invalid("validation-failed", "查询参数有误", "", {{"period", "应为 YYYY-MM，例如 2026-10"}});
               return http::file_response("运营分析报告-" + period + ".pdf", "application/pdf", report(period));
             });
  router.add(Method::get, "/api/v1/cockpit/service-index", Access::staff({Role::analyst, Role::admin}),
             [&db, &index, &clock](Request& req) {
               Filter f = filter_of(req, clock);
               json::array dims;
               for (const auto& d : index.dimensions) {
                 json::array inds;
                 for (const auto& i : d.indicators) inds.push_back(json::object{{"key", i.key}, {"weight", i.weight}});
                 dims.push_back(json::object{{"id", d.id}, {"name", d.name}, {"about", d.about}, {"weight", d.weight},
                                             {"indicators", std::move(inds)}});
               }
               json::array items;
               for (const auto& di : service_index(db, index, f.from, f.to)) {
                 json::object ds;
                 for (const auto& [id, score] : di.dimensions) ds[id] = opt(score);
                 json::array contributions;
                 for (const auto& c : di.contributions)
                   contributions.push_back(json::object{{"key", c.key},       {"name", c.name},
                                                        {"dimension", c.dimension}, {"value", opt(c.value)},
                                                        {"score", opt(c.score)}, {"weight", c.weight},
                                                        {"points", c.points}, {"delta", c.delta}});
                 items.push_back(json::object{{"department", di.department},
                                              {"score", opt(di.score)},
                                              {"previous", opt(di.previous)},
                                              {"rank", di.rank},
                                              {"dimensions", std::move(ds)},
                                              {"contributions", std::move(contributions)}});
               }
               return Response::json(json::object{{"name", index.name},
                                                  {"version", index.version},
                                                  {"from", format_date(f.from)},
                                                  {"to", format_date(f.to)},
                                                  {"dimensions", std::move(dims)},
                                                  {"items", std::move(items)}});
             });
  router.add(Method::get, "/api/v1/cockpit/service-index/{department}/trend", Access::staff({Role::analyst, Role::admin}),
             [&db, &index, &clock](Request& req) {
               Filter f = filter_of(req, clock);
               int months = 12;
               if (auto m = req.query_param("months"); m && !m->empty()) {
                 try {
                   months = std::stoi(*m);
                 } catch (...) {
                   months = 0;
                 }
                 if (months < 1 || months > 36) throw invalid("validation-failed", "查询参数有误", "", {{"months", "应为 1 至 36"}});
               }
               json::array points;
               for (const auto& [month, score] : index_trend(db, index, req.param("department"), f.to, months))
                 points.push_back(json::object{{"month", month}, {"score", opt(score)}});
               return Response::json(json::object{{"department", req.param("department")}, {"points", std::move(points)}});
             });
  const auto readers = Access::staff({Role::analyst, Role::admin, Role::approver, Role::window_clerk});
  router.add(Method::get, "/api/v1/cockpit/indicators", readers, [&db, &clock](Request& req) {
    Filter f = filter_of(req, clock);
    json::array items;
    for (const auto& v : indicators(db, f)) items.push_back(value_json(v));
    json::object out = period_json(f);
    out["items"] = std::move(items);
    return Response::json(out);
  });
  router.add(Method::get, "/api/v1/cockpit/indicators/{key}/breakdown", readers, [&db, &clock](Request& req) {
    Filter f = filter_of(req, clock);
    auto by = group_by_from(req.query_param("by").value_or("department"));
    if (!by) throw invalid("validation-failed", "查询参数有误", "", {{"by", "应为 department、item、unit 或 month"}});
    json::array groups;
    for (const auto& [k, v] : breakdown(db, req.param("key"), f, *by)) {
      json::object g = value_json(v);
      g["group"] = k;
      groups.push_back(std::move(g));
    }
    json::object out = period_json(f);
    out["key"] = req.param("key");
    out["by"] = req.query_param("by").value_or("department");
    out["groups"] = std::move(groups);
    return Response::json(out);
  });
  // The rows behind a number: the newest 500 as JSON, or up to 50,000 as CSV (format=csv).
  router.add(Method::get, "/api/v1/cockpit/indicators/{key}/rows", readers, [&db, &clock, names](Request& req) {
    Filter f = filter_of(req, clock);
    auto format = req.query_param("format").value_or("json");
    if (format != "json" && format != "csv")
      throw invalid("validation-failed", "查询参数有误", "", {{"format", "应为 json 或 csv"}});
    if (format == "csv") {
      Response r;
      r.content_type = "text/csv; charset=utf-8";
      r.body = rows_csv(drill(db, req.param("key"), f, 50000), names);
      r.with_header("Content-Disposition", fmt::format("attachment; filename=\"{}-{}-{}.csv\"", req.param("key"),
                                                       format_date(f.from), format_date(f.to)));
      return r;
    }
    json::array rows;
    for (const auto& r : drill(db, req.param("key"), f, 500))
      rows.push_back(json::object{{"id", r.id},
                                  {"department", r.department},
                                  {"item", r.item},
                                  {"date", r.date},
                                  {"status", r.status},
                                  {"in_numerator", r.in_numerator}});
    json::object out = period_json(f);
    out["key"] = req.param("key");
    out["rows"] = std::move(rows);
    return Response::json(out);
  });
  router.add(Method::post, "/api/v1/cockpit/rebuild", Access::staff({Role::admin}), [&topic](Request&) {
    auto rep = topic.rebuild();
    return Response::json(json::object{{"from", rep.from},
                                       {"to", rep.to},
                                       {"applications", rep.applications},
                                       {"conversations", rep.conversations},
                                       {"ratings", rep.ratings},
                                       {"reports", rep.reports}});
  });
}

}  // namespace haoban::analytics
