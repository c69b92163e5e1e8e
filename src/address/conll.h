// CoNLL-format labelled addresses (one "token TAG" per line, a blank line between addresses, BIO
// tags) and span-level scoring as conlleval.pl does it: a span counts only when its boundaries and
// its label both match.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace haoban::address {

struct Sentence {
  std::vector<std::string> tokens;
  std::vector<std::string> tags;  // "B-road", "I-road", "O"; label names lower-cased (devZone → devzone)
};

// Throws Error(invalid) whose detail is "FILE:LINE: problem" for the first malformed line.
std::vector<Sentence> read_conll(const std::filesystem::path& file);

struct Span {
  std::size_t begin = 0, end = 0;  // token range [begin, end)
  std::string label;
  bool operator==(const Span&) const = default;
};

// conlleval's chunking: a span starts at B-x, or at I-x after O or after another label.
std::vector<Span> spans_of(const std::vector<std::string>& tags);

struct Counts {
  std::size_t gold = 0, predicted = 0, correct = 0;
  double precision() const { return predicted ? double(correct) / double(predicted) : 0; }
  double recall() const { return gold ? double(correct) / double(gold) : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
};

class SpanScorer {
 public:
  void add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted);
  const Counts& overall() const { return overall_; }
  const std::map<std::string, Counts>& by_label() const { return by_label_; }
  std::size_t tokens() const { return tokens_; }
  std::size_t correct_tokens() const { return correct_tokens_; }
  // conlleval's summary: token accuracy, then precision/recall/F1 overall and per label.
  std::string report() const;

 private:
  Counts overall_;
  std::map<std::string, Counts> by_label_;
  std::size_t tokens_ = 0, correct_tokens_ = 0;
};

}  // namespace haoban::address
