// 小宝: the digital assistant. It classifies what someone wants (intent), finds the knowledge
// entries that answer it, composes an answer that cites them, keeps the item in context across
// turns ("那要多久？"), and when it is not confident says so, offers a human helper and records the
// question for the knowledge base's maintenance queue. docs/assistant.md describes it.
//
// Thread-safety: ask() may be called from any number of threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "assistant/intent.h"
#include "core/principal.h"
#include "db/db.h"

namespace haoban::catalog {
class Catalog;
}
namespace haoban::knowledge {
class KnowledgeBase;
}
namespace haoban::search {
class Segmenter;
}

namespace haoban::assistant {

struct Citation {
  std::int64_t entry = 0;
  std::string code, title, type;
};

struct RelatedItem {
  std::string code, name, department;
  bool online = false;        // can be applied for online
  bool online_help = false;   // 帮办 is offered for it
};

struct Answer {
  std::string conversation;   // opaque id: send it back with the next message
  std::string text;           // plain text, paragraphs separated by "\n"
  std::vector<Citation> citations;
  std::vector<RelatedItem> related;
  double confidence = 0;      // 0..1
  Intent intent = Intent::consult;
  double intent_confidence = 0;
  std::string context_item;   // the item the conversation is about now, if any
  bool low_confidence = false;
  bool offer_human = false;   // show "转人工帮办"
  std::string handover_reason;
  bool rewritten = false;     // the optional LLM rewrote the text
};

struct Message {
  std::string role;  // "user" or "assistant"
  std::string text;
  std::string at;
  std::vector<Citation> citations;
};

// An OpenAI-compatible chat endpoint used only to rephrase an answer from the retrieved entries
// (optional; app/ wires it from haoban.toml). Given the system and user prompts, returns the new
// text, or nullopt when the endpoint failed (the composed answer is used then).
using Rewriter = std::function<std::optional<std::string>(const std::string& system, const std::string& user)>;

class Assistant {
 public:
  // `intent_model`: a fastText model file; when missing, it is trained from the catalog's items
  // (IntentModel::train) and saved there.
  Assistant(db::Database& db, const catalog::Catalog& catalog, knowledge::KnowledgeBase& kb,
            std::shared_ptr<const search::Segmenter> segmenter, const std::filesystem::path& intent_model,
            Rewriter rewriter = {});
  ~Assistant();

  static std::span<const db::Migration> migrations();

  // Answers one message. `conversation` empty starts a new one; a conversation belongs to who
  // started it (anonymous ones to whoever holds the id). Throws Error(invalid) for empty or
  // over-long text, not_found for an unknown or foreign conversation.
  Answer ask(const Principal* who, std::string_view conversation, std::string_view text);

  // The messages of a conversation, oldest first (for the chat panel after a reload, and the
  // helper who takes it over).
  std::vector<Message> history(const Principal* who, std::string_view conversation) const;

  const IntentModel& intents() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Longest question accepted, in bytes (about 330 Chinese characters); longer is a 422.
inline constexpr std::size_t kMaxQuestionBytes = 1000;

}  // namespace haoban::assistant
