#include "assistant/routes.h"

#include <boost/json/array.hpp>

#include "assistant/json.h"
#include "http/api/json_body.h"

namespace haoban::assistant {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

void add_routes(http::Router& router, std::function<Assistant&()> assistant) {
  // Anyone may ask: residents often ask before they have an account. A signed-in person's
  // conversations are theirs alone.
  router.add(Method::post, "/api/v1/assistant/messages", Access::anyone(), [assistant](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"conversation", "text"});
    auto conversation = f.optional_string("conversation", 64).value_or("");
    auto text = f.required_string("text", 100000);
    f.done();
    return Response::json(answer_json(assistant().ask(req.who(), conversation, text)));
  });
  router.add(Method::get, "/api/v1/assistant/conversations/{id}", Access::anyone(), [assistant](Request& req) {
    json::array items;
    for (const auto& m : assistant().history(req.who(), req.param("id"))) items.push_back(message_json(m));
    return Response::json(json::object{{"id", req.param("id")}, {"messages", std::move(items)}});
  });
}

}  // namespace haoban::assistant
