// Word vectors learnt with fastText (unsupervised, CBOW) from the caller's own texts, and the
// vector of a text as the mean of its words' unit vectors. Words are given with their character
// n-grams of one and two characters, so a word never seen (残急证) still gets a vector near the
// words it shares characters with (残疾证). Used by the knowledge base to find the items a question
// is about when it shares no word with them (semantic recall).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "search/classifier.h"

namespace haoban::search {

struct WordVectorOptions {
  int dim = 64;
  int epochs = 4;
  int window = 5;
  double learning_rate = 0.05;
  int buckets = 200000;  // hashed n-gram rows: the model's size is about (words + buckets) * dim * 4 bytes
  int threads = 1;
};

class WordVectors {
 public:
  // Learns from `texts` (one sentence each, cut into words by `tokenize`) and saves the model to
  // `path` (written beside it, then renamed). Throws Error(invalid) without any word, Error(internal)
  // when fastText fails.
  static WordVectors train(const std::vector<std::string>& texts, Tokenizer tokenize, const std::filesystem::path& path,
                           const WordVectorOptions& options = {});
  // Loads a saved model; Error(invalid) naming the path when it is missing or unreadable.
  static WordVectors load(const std::filesystem::path& path, Tokenizer tokenize);

  WordVectors(WordVectors&&) noexcept;
  WordVectors& operator=(WordVectors&&) noexcept;
  ~WordVectors();

  int dim() const;
  // The text's vector, of length 1 (the mean of its words' unit vectors, normalised); all zeros for
  // a text without a word. Thread-safe.
  std::vector<float> embed(std::string_view text) const;
  // The same for words already cut.
  std::vector<float> embed_words(const std::vector<std::string>& words) const;

 private:
  struct Impl;
  explicit WordVectors(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Cosine of two vectors of length 1 (their dot product); 0 when the lengths differ.
double cosine(const std::vector<float>& a, const std::vector<float>& b);
// `v` scaled to length 1 (unchanged when all zeros).
void normalize(std::vector<float>& v);

}  // namespace haoban::search
