// Supervised text classification with fastText: words from the caller's tokenizer plus character
// n-grams of one and two characters (so 残急证 still shares 证 and 残 with 残疾人证), a softmax
// over the labels. Used for 小宝's intents and for "which item is this question about".
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace haoban::search {

struct Labelled {
  std::string label;  // no spaces
  std::string text;
};

struct Guess {
  std::string label;
  double probability = 0;
};

// Splits text into the words the model sees.
using Tokenizer = std::function<std::vector<std::string>(std::string_view)>;

struct ClassifierOptions {
  int epochs = 25;
  int dim = 32;
  double learning_rate = 0.5;
  int buckets = 100000;  // hashed n-gram rows: the model's size is about (words + buckets) * dim * 4 bytes
  int threads = 1;
};

class Classifier {
 public:
  // Trains on `examples` and saves the model to `path` (written beside it, then renamed).
  // Throws Error(invalid) without examples, Error(internal) when fastText fails.
  static Classifier train(const std::vector<Labelled>& examples, Tokenizer tokenize, const std::filesystem::path& path,
                          const ClassifierOptions& options = {});
  // Loads a saved model; Error(invalid) naming the path when it is missing or unreadable.
  static Classifier load(const std::filesystem::path& path, Tokenizer tokenize);

  Classifier(Classifier&&) noexcept;
  Classifier& operator=(Classifier&&) noexcept;
  ~Classifier();

  // The k most likely labels, most likely first; empty for text without a word. Thread-safe.
  std::vector<Guess> predict(std::string_view text, int k = 1) const;
  // Share of `examples` whose most likely label is theirs.
  double accuracy(const std::vector<Labelled>& examples) const;

 private:
  struct Impl;
  explicit Classifier(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::search
