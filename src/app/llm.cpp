#include "app/llm.h"

#include <spdlog/spdlog.h>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.h"
#include "http/client.h"

namespace haoban::app {

namespace json = boost::json;

std::optional<std::string> chat_completion(const std::string& base_url, const std::string& model,
                                           const std::string& system, const std::string& user,
                                           std::chrono::seconds timeout) {
  std::string url = base_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += "/chat/completions";
  json::object body{{"model", model},
                    {"temperature", 0.2},
                    {"messages", json::array{json::object{{"role", "system"}, {"content", system}},
                                             json::object{{"role", "user"}, {"content", user}}}}};
  try {
    auto reply = http::post(url, json::serialize(body), "application/json", timeout);
    if (reply.status != 200) {
      spdlog::warn("llm: {} answered HTTP {}", url, reply.status);
      return std::nullopt;
    }
    std::error_code ec;
    auto v = json::parse(reply.body, ec);
    const json::value* content = nullptr;
    if (!ec && v.is_object())
      if (auto* choices = v.as_object().if_contains("choices"); choices && choices->is_array() && !choices->as_array().empty())
        if (auto* first = choices->as_array()[0].if_object())
          if (auto* message = first->if_contains("message"); message && message->is_object())
            content = message->as_object().if_contains("content");
    if (!content || !content->is_string()) {
      spdlog::warn("llm: {} did not answer a chat completion", url);
      return std::nullopt;
    }
    return std::string(content->as_string());
  } catch (const Error& e) {
    spdlog::warn("llm: {}: {}", url, e.detail());
    return std::nullopt;
  }
}

}  // namespace haoban::app
