// 办不成事 as Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), read-only, JSON only, so
// existing civic tools can read the reports: services are the report categories; requests are the
// reports, `open` until filed, `closed` after. No reporter is ever shown, and digit runs of seven or
// more (phones, id numbers) in the texts are masked. Errors follow the specification's own format,
// an array of {code, description}, not problem+json.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "core/error.h"
#include "feedback/routes.h"

namespace haoban::feedback {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

Response georeport_error(int status, std::string description) {
  return Response::json(json::array{json::object{{"code", status}, {"description", std::move(description)}}}, status);
}

std::string_view category_name(std::string_view code) {
  for (const auto& c : report_categories())
    if (c.code == code) return c.name;
  return "未分类";
}

json::object request_json(const Report& r, const Open311Options& o) {
  std::string notes = r.reply.empty() ? r.status : r.reply;
  json::object out{{"service_request_id", std::to_string(r.id)},
                   {"status", r.status == "filed" ? "closed" : "open"},
                   {"status_notes", notes},
                   {"service_name", category_name(r.category)},
                   {"service_code", r.category.empty() ? "other" : r.category},
                   {"description", r.text},
                   {"agency_responsible", r.department.empty() ? "" : o.department(r.department)},
                   {"service_notice", ""},
                   {"requested_datetime", r.created_at},
                   {"updated_datetime", r.updated_at},
                   {"expected_datetime", r.due_on.empty() ? "" : r.due_on + "T17:00:00+08:00"},
                   {"address", r.item_name},
                   {"address_id", r.item},
                   {"zipcode", ""},
                   {"media_url", ""}};
  return out;
}

// W3C datetime or a plain date → the China date it falls on (its first 10 characters).
std::optional<Date> w3c_date(const std::string& s) {
  if (s.size() < 10) return std::nullopt;
  return parse_date(s.substr(0, 10));
}

}  // namespace

void add_open311_routes(http::Router& router, Reports& reports, Open311Options options) {
  router.add(Method::get, "/open311/v2/discovery.json", Access::anyone(), [options](Request& req) {
    std::string base = "http://" + std::string(req.header("Host")) + "/open311/v2/";
    return Response::json(json::object{
        {"changeset", "2026-11-27T00:00:00Z"},
        {"contact", "宝山区数据局 办不成事受理专窗"},
        {"key_service", ""},
        {"endpoints", json::array{json::object{{"specification", "http://wiki.open311.org/GeoReport_v2"},
                                               {"url", base},
                                               {"changeset", "2026-11-27T00:00:00Z"},
                                               {"type", "production"},
                                               {"formats", json::array{"application/json"}}}}}});
  });
  router.add(Method::get, "/open311/v2/services.json", Access::anyone(), [options](Request& req) {
    if (auto j = req.query_param("jurisdiction_id"); j && !j->empty() && *j != options.jurisdiction)
      return georeport_error(404, "unknown jurisdiction_id: " + *j);
    json::array out;
    for (const auto& c : report_categories())
      out.push_back(json::object{{"service_code", c.code},
                                 {"service_name", c.name},
                                 {"description", c.description},
                                 {"metadata", false},
                                 {"type", "realtime"},
                                 {"keywords", "办不成事"},
                                 {"group", "办不成事"}});
    return Response::json(out);
  });
  router.add(Method::get, "/open311/v2/requests.json", Access::anyone(), [&reports, options](Request& req) {
    if (auto j = req.query_param("jurisdiction_id"); j && !j->empty() && *j != options.jurisdiction)
      return georeport_error(404, "unknown jurisdiction_id: " + *j);
    std::string status = req.query_param("status").value_or("");
    if (!status.empty() && status != "open" && status != "closed")
      return georeport_error(400, "status must be open or closed");
    std::string code = req.query_param("service_code").value_or("");
    if (!code.empty() && category_name(code) == std::string_view("未分类"))
      return georeport_error(400, "unknown service_code: " + code);
    std::optional<Date> from, to;
    if (auto s = req.query_param("start_date"); s && !s->empty())
      if (!(from = w3c_date(*s))) return georeport_error(400, "start_date must be a W3C datetime");
    if (auto s = req.query_param("end_date"); s && !s->empty())
      if (!(to = w3c_date(*s))) return georeport_error(400, "end_date must be a W3C datetime");
    json::array out;
    if (auto ids = req.query_param("service_request_id"); ids && !ids->empty()) {
      std::string_view rest = *ids;
      while (!rest.empty()) {
        auto comma = rest.find(',');
        std::string_view one = rest.substr(0, comma);
        long long id = 0;
        auto [p, ec] = std::from_chars(one.data(), one.data() + one.size(), id);
        if (ec != std::errc() || p != one.data() + one.size() || id <= 0)
          return georeport_error(400, "service_request_id must be a comma-separated list of ids");
        if (auto r = reports.public_get(id)) out.push_back(request_json(*r, options));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
      }
      return Response::json(out);
    }
    for (const auto& r : reports.public_list(code, status, from, to, 1000)) out.push_back(request_json(r, options));
    return Response::json(out);
  });
  router.add(Method::get, "/open311/v2/requests/{file}", Access::anyone(), [&reports, options](Request& req) {
    const std::string& file = req.param("file");
    if (!file.ends_with(".json")) return georeport_error(400, "only the json format is served");
    std::string_view digits(file.data(), file.size() - 5);
    long long id = 0;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || p != digits.data() + digits.size() || id <= 0)
      return georeport_error(404, "no such service request: " + std::string(digits));
    auto r = reports.public_get(id);
    if (!r) return georeport_error(404, "no such service request: " + std::string(digits));
    return Response::json(json::array{request_json(*r, options)});
  });
}

}  // namespace haoban::feedback
