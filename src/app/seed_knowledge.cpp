// The seed's knowledge base: the generated entries (knowledge/generate.h) imported as they are,
// the word vectors of search's semantic recall learnt from them, and 小宝's intent model trained on the way.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>

#include "app/seed.h"
#include "core/error.h"
#include "assistant/assistant.h"
#include "knowledge/generate.h"
#include "knowledge/knowledge.h"

namespace haoban::app {

void seed_knowledge(App& app) {
  using namespace std::chrono;
  auto t0 = steady_clock::now();
  const auto& defs = app.catalog().definitions();
  auto options = knowledge::options_for(defs, china_date(app.db().clock().now()), 2026);
  auto entries = knowledge::generate_entries(defs.items, options);
  Principal seed;
  seed.username = "seed";
  seed.display_name = "初始化";
  seed.kind = AccountKind::staff;
  seed.roles = {Role::admin};
  auto result = app.knowledge().import(seed, entries, true);
  if (!result.problems.empty())
    throw Error(ErrorKind::internal, "seed-knowledge", "知识库初始化失败",
                fmt::format("{} generated entries are invalid, the first at {}: {}", result.problems.size(),
                            result.problems.front().line, result.problems.front().message));
  auto t1 = steady_clock::now();
  app.knowledge().train_word_vectors();
  auto t2 = steady_clock::now();
  app.assistant();  // trains the intent model when there is none
  spdlog::info("seeded the knowledge base: {} entries in {} ms; word vectors in {} ms; assistant ready in {} ms", result.created,
               duration_cast<milliseconds>(t1 - t0).count(), duration_cast<milliseconds>(t2 - t1).count(),
               duration_cast<milliseconds>(steady_clock::now() - t2).count());
}

}  // namespace haoban::app
