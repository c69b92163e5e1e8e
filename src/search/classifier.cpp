#include "search/classifier.h"

#include <fasttext/fasttext.h>

#include <cmath>
#include <sstream>

#include "core/error.h"
#include "search/fasttext_model.h"

namespace haoban::search {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLabelPrefix = "__label__";

using detail::words_line;

}  // namespace

struct Classifier::Impl {
  fasttext::FastText ft;
  Tokenizer tokenize;
};

Classifier::Classifier(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Classifier::Classifier(Classifier&&) noexcept = default;
Classifier& Classifier::operator=(Classifier&&) noexcept = default;
Classifier::~Classifier() = default;

Classifier Classifier::train(const std::vector<Labelled>& examples, Tokenizer tokenize, const fs::path& path,
                             const ClassifierOptions& options) {
  if (examples.empty()) throw invalid("no-examples", "没有训练样本", "a classifier needs examples");
  auto impl = std::make_unique<Impl>();
  impl->tokenize = std::move(tokenize);
  fasttext::Args args;
  args.model = fasttext::model_name::sup;
  args.loss = fasttext::loss_name::softmax;
  args.minCount = 1;
  args.lr = options.learning_rate;
  args.epoch = options.epochs;
  args.wordNgrams = 2;
  args.minn = 1;
  args.maxn = 2;
  args.bucket = options.buckets;
  args.dim = options.dim;
  args.thread = options.threads;
  args.verbose = 0;
  args.seed = 7;
  detail::train_and_save(
      impl->ft, args, path,
      [&](std::ostream& out) {
        std::size_t lines = 0;
        for (const auto& e : examples) {
          auto line = words_line(impl->tokenize, e.text);
          if (line.empty()) continue;
          out << kLabelPrefix << e.label << ' ' << line << '\n';
          ++lines;
        }
        return lines;
      },
      "classifier-train", "a classifier needs examples with words");
  return Classifier(std::move(impl));
}

Classifier Classifier::load(const fs::path& path, Tokenizer tokenize) {
  auto impl = std::make_unique<Impl>();
  impl->tokenize = std::move(tokenize);
  detail::load_model(impl->ft, path);
  return Classifier(std::move(impl));
}

std::vector<Guess> Classifier::predict(std::string_view text, int k) const {
  auto line = words_line(impl_->tokenize, text);
  if (line.empty()) return {};
  std::istringstream in(line + "\n");
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  impl_->ft.predictLine(in, predictions, k, 0.0);
  std::vector<Guess> out;
  for (auto& [p, label] : predictions) {
    std::string_view l = label;
    if (l.starts_with(kLabelPrefix)) l.remove_prefix(kLabelPrefix.size());
    out.push_back({std::string(l), static_cast<double>(p)});
  }
  return out;
}

double Classifier::accuracy(const std::vector<Labelled>& examples) const {
  if (examples.empty()) return 0;
  std::size_t right = 0;
  for (const auto& e : examples) {
    auto g = predict(e.text, 1);
    right += !g.empty() && g.front().label == e.label;
  }
  return static_cast<double>(right) / static_cast<double>(examples.size());
}

}  // namespace haoban::search
