#include "http/api/router.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "http/api/json_body.h"
#include "http/api/problem.h"

namespace haoban::http {
namespace {

Handler named(std::string name) {
  return [name](Request&) {
    Response r;
    r.body = name;
    return r;
  };
}

TEST(Router, MatchesParametersAndPrefersLiterals) {
  Router r;
  r.add(Method::get, "/api/v1/items/{id}", Access::anyone(), named("by-id"));
  r.add(Method::get, "/api/v1/items/new", Access::anyone(), named("new"));
  r.add(Method::post, "/api/v1/items", Access::signed_in(), named("create"));
  auto m = r.match(Method::get, "/api/v1/items/42");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params.at("id"), "42");
  Request req;
  EXPECT_EQ(m.route->handler(req).body, "by-id");
  EXPECT_EQ(r.match(Method::get, "/api/v1/items/new").route->pattern, "/api/v1/items/new");
  EXPECT_FALSE(r.match(Method::get, "/api/v1/items/42/extra").route);
}

TEST(Router, RestParameterTakesTheRemainingSegments) {
  Router r;
  r.add(Method::get, "/api/v1/ledger/tile/{path...}", Access::anyone(), named("tile"));
  r.add(Method::get, "/api/v1/ledger/checkpoint", Access::anyone(), named("checkpoint"));
  auto m = r.match(Method::get, "/api/v1/ledger/tile/0/x001/234.p/5");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params.at("path"), "0/x001/234.p/5");
  EXPECT_EQ(r.match(Method::get, "/api/v1/ledger/tile/entries").params.at("path"), "entries");
  EXPECT_FALSE(r.match(Method::get, "/api/v1/ledger/tile").route) << "the rest needs at least one segment";
  EXPECT_EQ(r.match(Method::get, "/api/v1/ledger/checkpoint").route->pattern, "/api/v1/ledger/checkpoint");
}

TEST(Router, ReportsAllowedMethodsForA405) {
  Router r;
  r.add(Method::post, "/api/v1/items", Access::anyone(), named("create"));
  auto m = r.match(Method::del, "/api/v1/items");
  EXPECT_FALSE(m.route);
  EXPECT_EQ(m.allowed, std::vector<Method>{Method::post});
  EXPECT_TRUE(r.match(Method::get, "/api/v1/other").allowed.empty());
}

TEST(Router, HeadIsServedByGet) {
  Router r;
  r.add(Method::get, "/api/v1/me", Access::signed_in(), named("me"));
  EXPECT_TRUE(r.match(Method::head, "/api/v1/me").route);
}

TEST(Router, RefusesDuplicates) {
  Router r;
  r.add(Method::get, "/a", Access::anyone(), named("a"));
  EXPECT_THROW(r.add(Method::get, "/a", Access::anyone(), named("b")), std::logic_error);
}

TEST(Request, ReadsCookiesAndHeadersCaseInsensitively) {
  Request req;
  req.headers.emplace("cookie", "theme=dark; haoban_session=abc123; x=1");
  EXPECT_EQ(req.cookie("haoban_session"), "abc123");
  EXPECT_EQ(req.cookie("missing"), std::nullopt);
  EXPECT_EQ(req.header("COOKIE").substr(0, 5), "theme");
}

TEST(Problem, MapsKindsToStatusesWithFieldErrors) {
  auto r = problem(invalid("validation-failed", "请求内容有误", "", {{"name", "必填"}}), "/api/v1/x");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_NE(r.body.find(R"("errors":[{"field":"name","message":"必填"}])"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("type":"https://haoban.gov.cn/problems/validation-failed")"), std::string::npos);
  EXPECT_EQ(problem(not_found("x"), "/").status, 404);
  EXPECT_EQ(problem(Error(ErrorKind::rate_limited, "t", "慢一点"), "/").headers.front().first, "Retry-After");
}

Request json_request(std::string body, std::string type = "application/json") {
  Request req;
  req.headers.emplace("Content-Type", std::move(type));
  req.body = std::move(body);
  return req;
}

ErrorKind kind_of(const std::function<void()>& f, std::string* type = nullptr) {
  try {
    f();
  } catch (const Error& e) {
    if (type) *type = e.type();
    return e.kind();
  }
  return ErrorKind::internal;
}

TEST(JsonBody, RefusesWhatCannotBeRead) {
  std::string type;
  EXPECT_EQ(kind_of([] { parse_object(json_request("{\"a\":")); }, &type), ErrorKind::invalid);
  EXPECT_EQ(type, "malformed-json");
  kind_of([] { parse_object(json_request("[1,2]")); }, &type);
  EXPECT_EQ(type, "malformed-json");
  kind_of([] { parse_object(json_request("{\"a\":\"\xff\"}")); }, &type);
  EXPECT_EQ(type, "invalid-utf8");
  kind_of([] { parse_object(json_request("{}", "text/plain")); }, &type);
  EXPECT_EQ(type, "unsupported-media-type");
  EXPECT_EQ(problem(Error(ErrorKind::invalid, "unsupported-media-type", "x"), "/").status, 415);
}

TEST(JsonBody, CollectsEveryFieldProblem) {
  auto o = parse_object(json_request(R"({"username": 7, "extra": true})"));
  JsonFields f(o, {"username", "password"});
  f.required_string("username");
  f.required_string("password");
  try {
    f.done();
    FAIL();
  } catch (const Error& e) {
    ASSERT_EQ(e.fields().size(), 3u);
    EXPECT_EQ(e.fields()[0].field, "extra");
    EXPECT_EQ(e.fields()[1].field, "username");
    EXPECT_EQ(e.fields()[2].field, "password");
  }
}

}  // namespace
}  // namespace haoban::http
