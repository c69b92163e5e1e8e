// What a message asks for: intent classification with fastText (a supervised model over words and
// character n-grams), trained on question variants generated from the catalog when the seed runs.
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "search/classifier.h"

namespace haoban::defs {
struct Item;
}

namespace haoban::assistant {

enum class Intent {
  consult,  // 咨询: how, what, where, how long, how much
  apply,    // 办理: wants to start an application
  status,   // 查进度: where is my application
  complain, // 投诉/办不成事
  human,    // 转人工: asks for a person
};
inline constexpr Intent kIntents[] = {Intent::consult, Intent::apply, Intent::status, Intent::complain, Intent::human};

std::string_view to_string(Intent i);     // consult, apply, status, complain, human
std::string_view intent_label(Intent i);  // 咨询, 办理, 查进度, 投诉, 转人工
std::optional<Intent> intent_from(std::string_view s);

struct Example {
  Intent intent;
  std::string text;
};

// Generated training questions: for each item, the ways people ask about it, ask to do it, ask
// where it stands, complain about it; plus ways of asking for a person. Deterministic for `seed`.
std::vector<Example> intent_examples(const std::vector<const defs::Item*>& items, unsigned seed);

// Splits text into the words the model sees (the segmenter's words).
using Tokenizer = search::Tokenizer;

struct IntentGuess {
  Intent intent = Intent::consult;
  double probability = 0;
};

class IntentModel {
 public:
  // Trains on `examples` (a search::Classifier) and saves the model to `path`. Throws
  // Error(internal) when fastText fails. Under a second for the catalog's examples.
  static IntentModel train(const std::vector<Example>& examples, const Tokenizer& tokenize,
                           const std::filesystem::path& path);
  // Loads a saved model; Error(invalid) naming the path when it is missing or not a fastText model.
  static IntentModel load(const std::filesystem::path& path, Tokenizer tokenize);


  IntentGuess classify(std::string_view text) const;  // thread-safe

  // Accuracy on held-out examples (for the report `haoban kb ask` prints with --verbose and tests).
  double accuracy(const std::vector<Example>& examples) const;

 private:
  explicit IntentModel(search::Classifier model) : model_(std::move(model)) {}
  search::Classifier model_;
};

}  // namespace haoban::assistant
