#include "identity/routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <charconv>
#include <mutex>
#include <unordered_map>

#include "core/error.h"
#include "http/api/json_body.h"

namespace haoban::identity {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

constexpr std::string_view kCookie = "haoban_session";

json::object user_json(const AccountView& v) {
  const Principal& p = v.principal;
  json::array roles, labels, areas;
  for (Role r : p.roles) {
    roles.emplace_back(to_string(r));
    labels.emplace_back(role_label(r));
  }
  for (const auto& a : v.areas) areas.emplace_back(a);
  json::object o{{"id", p.account_id},          {"username", p.username}, {"display_name", p.display_name},
                 {"kind", to_string(p.kind)},   {"roles", roles},         {"role_labels", labels},
                 {"areas", areas}};
  o["department"] = v.department ? json::value(json::object{{"id", v.department->id}, {"name", v.department->name}})
                                 : json::value(nullptr);
  o["enterprise"] = v.enterprise ? json::value(json::object{{"credit_code", v.enterprise->credit_code},
                                                            {"name", v.enterprise->name}})
                                 : json::value(nullptr);
  return o;
}

std::string session_cookie(std::string_view token, long long max_age, bool secure) {
  std::string c = std::string(kCookie) + "=" + std::string(token) + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                  std::to_string(max_age);
  if (secure) c += "; Secure";
  return c;
}

// The /me body per account for 10 s: it changes only with the account, its department or its
// enterprise, and it is the most frequent authenticated request (every page load polls it).
class MeCache {
 public:
  std::optional<std::string> get(long long account, std::chrono::steady_clock::time_point now) {
    std::lock_guard lock(mu_);
    auto it = bodies_.find(account);
    if (it == bodies_.end() || now - it->second.first > std::chrono::seconds(10)) return std::nullopt;
    return it->second.second;
  }
  void put(long long account, std::chrono::steady_clock::time_point now, std::string body) {
    std::lock_guard lock(mu_);
    if (bodies_.size() > 100000) bodies_.clear();
    bodies_[account] = {now, std::move(body)};
  }

 private:
  std::mutex mu_;
  std::unordered_map<long long, std::pair<std::chrono::steady_clock::time_point, std::string>> bodies_;
};

}  // namespace

void add_routes(http::Router& router, IdentityService& service, RouteOptions options) {
  router.add(Method::post, "/api/v1/sessions", Access::anyone(), [&service, options](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"username", "password"});
    std::string username = f.required_string("username", 64);
    std::string password = f.required_string("password", 256);
    f.done();
    auto result = service.login(username, password, req.remote_addr);
    auto view = service.account_view(result.principal);
    auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(result.expires_at - std::chrono::system_clock::now());
    return Response::json(json::object{{"token", result.token}, {"user", user_json(*view)}}, 201)
        .with_header("Set-Cookie", session_cookie(result.token, std::max<long long>(lifetime.count(), 60),
                                                  options.secure_cookie))
        .with_header("Cache-Control", "no-store");
  });

  auto me_cache = std::make_shared<MeCache>();
  router.add(
      Method::get, "/api/v1/me", Access::signed_in(),
      [&service, me_cache](Request& req) {
        Response r;
        r.with_header("Cache-Control", "no-store");
        auto now = std::chrono::steady_clock::now();
        if (auto body = me_cache->get(req.principal->account_id, now)) {
          r.body = std::move(*body);
          return r;
        }
        auto view = service.account_view(*req.principal);
        if (!view) throw unauthenticated("the account no longer exists");
        r.body = json::serialize(user_json(*view));
        me_cache->put(req.principal->account_id, now, r.body);
        return r;
      },
      http::Execution::inline_);

  router.add(Method::del, "/api/v1/sessions/current", Access::signed_in(), [&service, options](Request& req) {
    service.logout(req.session_token);
    return Response::no_content().with_header("Set-Cookie", session_cookie("", 0, options.secure_cookie));
  });

  router.add(Method::get, "/api/v1/departments", Access::anyone(), [&service](Request&) {
    json::array items;
    for (const auto& d : service.departments())
      items.push_back(json::object{
          {"id", d.id}, {"name", d.name}, {"kind", d.kind}, {"division_code", d.division_code}});
    return Response::json(json::object{{"items", items}});
  });
}

namespace {

json::object signing_key_json(const SigningKey& k) {
  return {{"id", k.id},
          {"public_key", k.public_key},
          {"fingerprint", k.fingerprint},
          {"label", k.label},
          {"created_at", k.created_at},
          {"revoked_at", k.revoked_at},
          {"last_used_at", k.last_used_at},
          {"active", k.revoked_at.empty()}};
}

}  // namespace

void add_signing_key_routes(http::Router& router, SigningKeys& keys) {
  router.add(Method::get, "/api/v1/me/signing-keys", Access::signed_in(), [&keys](Request& req) {
    json::array a;
    for (const auto& k : keys.list(*req.who())) a.push_back(signing_key_json(k));
    return Response::json(json::object{{"items", std::move(a)}});
  });
  router.add(Method::post, "/api/v1/me/signing-keys", Access::signed_in(), [&keys](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"public_key", "label"});
    auto public_key = f.required_string("public_key", 200);
    auto label = f.optional_string("label", 200).value_or("");
    f.done();
    return Response::json(signing_key_json(keys.add(*req.who(), public_key, label)), 201);
  });
  router.add(Method::del, "/api/v1/me/signing-keys/{id}", Access::signed_in(), [&keys](Request& req) {
    keys.revoke(*req.who(), req.id_param("签名密钥"));
    return Response::no_content();
  });
}

}  // namespace haoban::identity
