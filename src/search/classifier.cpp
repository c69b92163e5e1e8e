#include "search/classifier.h"

#include <fasttext/fasttext.h>
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace haoban::search {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLabelPrefix = "__label__";

// The words of one fastText line, whitespace removed from inside them.
std::string words_line(const Tokenizer& tokenize, std::string_view text) {
  std::string out;
  for (const auto& w : tokenize(text)) {
    if (w.empty() || w.find_first_of(" \t\r\n\v\f") != std::string::npos) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

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
  std::error_code ec;
  if (path.has_parent_path()) fs::create_directories(path.parent_path(), ec);
  // fastText reads its input from a file: a temporary one beside the model, removed afterwards.
  auto input = path;
  input += fmt::format(".train-{}.txt", ::getpid());
  {
    std::ofstream out(input);
    for (const auto& e : examples) {
      auto line = words_line(tokenize, e.text);
      if (!line.empty()) out << kLabelPrefix << e.label << ' ' << line << '\n';
    }
    if (!out) throw Error(ErrorKind::internal, "classifier-train", "模型训练失败", "cannot write " + input.string());
  }
  auto impl = std::make_unique<Impl>();
  impl->tokenize = std::move(tokenize);
  fasttext::Args args;
  args.input = input.string();
  args.output = path.string();
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
  try {
    impl->ft.train(args);
    auto tmp = path;
    tmp += ".tmp";
    impl->ft.saveModel(tmp.string());
    fs::rename(tmp, path);
  } catch (const std::exception& e) {
    fs::remove(input, ec);
    throw Error(ErrorKind::internal, "classifier-train", "模型训练失败", e.what());
  }
  fs::remove(input, ec);
  return Classifier(std::move(impl));
}

Classifier Classifier::load(const fs::path& path, Tokenizer tokenize) {
  if (!fs::exists(path)) throw invalid("model-missing", "模型文件不存在", path.string());
  auto impl = std::make_unique<Impl>();
  impl->tokenize = std::move(tokenize);
  try {
    impl->ft.loadModel(path.string());
  } catch (const std::exception& e) {
    throw invalid("model-unreadable", "模型文件无法读取", path.string() + ": " + e.what());
  }
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
