#include "address/conll.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>

#include "core/error.h"
#include "core/utf8.h"

namespace haoban::address {

namespace {

Error malformed(const std::filesystem::path& file, std::size_t line, std::string_view problem) {
  return invalid("conll-malformed", "标注文件格式错误", fmt::format("{}:{}: {}", file.string(), line, problem));
}

std::string label_of(std::string_view tag) { return tag.size() > 2 ? std::string(tag.substr(2)) : std::string(); }

}  // namespace

std::vector<Sentence> read_conll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw invalid("cannot-read", "无法读取文件", file.string() + ": cannot open");
  std::vector<Sentence> out;
  Sentence cur;
  std::string line;
  std::size_t n = 0;
  auto flush = [&] {
    if (!cur.tokens.empty()) out.push_back(std::move(cur));
    cur = {};
  };
  while (std::getline(in, line)) {
    ++n;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
      continue;
    }
    if (first_invalid_utf8(line)) throw malformed(file, n, "not valid UTF-8");
    std::vector<std::string> fields;
    for (std::size_t pos = 0; pos < line.size();) {
      auto b = line.find_first_not_of(" \t", pos);
      if (b == std::string::npos) break;
      auto e = line.find_first_of(" \t", b);
      if (e == std::string::npos) e = line.size();
      fields.push_back(line.substr(b, e - b));
      pos = e;
    }
    if (fields.size() < 2) throw malformed(file, n, fmt::format("expected 'TOKEN TAG', got '{}'", line));
    std::string tag = fields.back();
    bool ok = tag == "O" || ((tag.starts_with("B-") || tag.starts_with("I-")) && tag.size() > 2);
    if (!ok) throw malformed(file, n, fmt::format("tag '{}' is not O, B-LABEL or I-LABEL", tag));
    std::transform(tag.begin(), tag.end(), tag.begin(), [](unsigned char c) { return std::tolower(c); });
    tag[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(tag[0])));
    cur.tokens.push_back(fields.front());
    cur.tags.push_back(std::move(tag));
  }
  flush();
  return out;
}

std::vector<Span> spans_of(const std::vector<std::string>& tags) {
  std::vector<Span> out;
  for (std::size_t i = 0; i < tags.size(); ++i) {
    const auto& t = tags[i];
    if (t == "O") continue;
    std::string label = label_of(t);
    bool starts = t[0] == 'B' || i == 0 || tags[i - 1] == "O" || label_of(tags[i - 1]) != label;
    if (starts) {
      out.push_back(Span{i, i + 1, std::move(label)});
    } else {
      out.back().end = i + 1;
    }
  }
  return out;
}

void SpanScorer::add(const std::vector<std::string>& gold, const std::vector<std::string>& predicted) {
  tokens_ += gold.size();
  for (std::size_t i = 0; i < gold.size() && i < predicted.size(); ++i) correct_tokens_ += gold[i] == predicted[i];
  auto g = spans_of(gold), p = spans_of(predicted);
  for (auto& s : g) ++overall_.gold, ++by_label_[s.label].gold;
  for (auto& s : p) ++overall_.predicted, ++by_label_[s.label].predicted;
  // Spans are sorted by begin and do not overlap: a merge finds the common ones.
  for (std::size_t i = 0, j = 0; i < g.size() && j < p.size();) {
    if (g[i] == p[j]) {
      ++overall_.correct, ++by_label_[g[i].label].correct;
      ++i, ++j;
    } else if (g[i].begin < p[j].begin || (g[i].begin == p[j].begin && g[i].end < p[j].end)) {
      ++i;
    } else {
      ++j;
    }
  }
}

std::string SpanScorer::report() const {
  std::string out = fmt::format(
      "processed {} tokens with {} phrases; found: {} phrases; correct: {}.\n", tokens_, overall_.gold,
      overall_.predicted, overall_.correct);
  double acc = tokens_ ? 100.0 * double(correct_tokens_) / double(tokens_) : 0;
  out += fmt::format("accuracy: {:6.2f}%; precision: {:6.2f}%; recall: {:6.2f}%; FB1: {:6.2f}\n", acc,
                     100 * overall_.precision(), 100 * overall_.recall(), 100 * overall_.f1());
  for (auto& [label, c] : by_label_)
    out += fmt::format("{:>17}: precision: {:6.2f}%; recall: {:6.2f}%; FB1: {:6.2f}  {}\n", label,
                       100 * c.precision(), 100 * c.recall(), 100 * c.f1(), c.predicted);
  return out;
}

}  // namespace haoban::address
