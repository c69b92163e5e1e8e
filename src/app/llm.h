// The optional LLM behind 小宝: one call to an OpenAI-compatible chat endpoint (llama.cpp server,
// vLLM, Ollama), configured in haoban.toml [assistant]. Off unless llm_url is set.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace haoban::app {

// POSTs {model, messages: [system, user], temperature} to <base_url>/chat/completions and returns
// choices[0].message.content; nullopt (with a warning logged) when the endpoint cannot be reached,
// answers an error, or answers something else than a chat completion.
std::optional<std::string> chat_completion(const std::string& base_url, const std::string& model,
                                           const std::string& system, const std::string& user,
                                           std::chrono::seconds timeout);

}  // namespace haoban::app
