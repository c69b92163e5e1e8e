#include "search/vectors.h"

#include <fasttext/fasttext.h>

#include <cmath>

#include "core/error.h"
#include "search/fasttext_model.h"

namespace haoban::search {

namespace fs = std::filesystem;

struct WordVectors::Impl {
  fasttext::FastText ft;
  Tokenizer tokenize;
};

WordVectors::WordVectors(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
WordVectors::WordVectors(WordVectors&&) noexcept = default;
WordVectors& WordVectors::operator=(WordVectors&&) noexcept = default;
WordVectors::~WordVectors() = default;

WordVectors WordVectors::train(const std::vector<std::string>& texts, Tokenizer tokenize, const fs::path& path,
                               const WordVectorOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->tokenize = std::move(tokenize);
  fasttext::Args args;
  args.model = fasttext::model_name::cbow;
  args.loss = fasttext::loss_name::ns;
  args.minCount = 1;
  args.minn = 1;
  args.maxn = 2;
  args.lr = options.learning_rate;
  args.epoch = options.epochs;
  args.ws = options.window;
  args.bucket = options.buckets;
  args.dim = options.dim;
  args.thread = options.threads;
  args.verbose = 0;
  args.seed = 7;
  detail::train_and_save(
      impl->ft, args, path,
      [&](std::ostream& out) {
        std::size_t lines = 0;
        for (const auto& t : texts) {
          auto line = detail::words_line(impl->tokenize, t);
          if (line.empty()) continue;
          out << line << '\n';
          ++lines;
        }
        return lines;
      },
      "vectors-train", "word vectors need texts with words");
  return WordVectors(std::move(impl));
}

WordVectors WordVectors::load(const fs::path& path, Tokenizer tokenize) {
  auto impl = std::make_unique<Impl>();
  impl->tokenize = std::move(tokenize);
  detail::load_model(impl->ft, path);
  return WordVectors(std::move(impl));
}

int WordVectors::dim() const { return impl_->ft.getDimension(); }

std::vector<float> WordVectors::embed(std::string_view text) const { return embed_words(impl_->tokenize(text)); }

std::vector<float> WordVectors::embed_words(const std::vector<std::string>& words) const {
  const int d = dim();
  std::vector<float> out(static_cast<std::size_t>(d), 0.0f);
  fasttext::Vector v(d);
  for (const auto& w : words) {
    if (w.empty()) continue;
    impl_->ft.getWordVector(v, w);
    const double n = v.norm();
    if (n <= 0) continue;
    for (int i = 0; i < d; ++i) out[static_cast<std::size_t>(i)] += static_cast<float>(v[i] / n);
  }
  normalize(out);
  return out;
}

double cosine(const std::vector<float>& a, const std::vector<float>& b) {
  if (a.size() != b.size()) return 0;
  double dot = 0;
  for (std::size_t i = 0; i < a.size(); ++i) dot += static_cast<double>(a[i]) * b[i];
  return dot;
}

void normalize(std::vector<float>& v) {
  double sq = 0;
  for (float x : v) sq += static_cast<double>(x) * x;
  if (sq <= 0) return;
  const auto scale = static_cast<float>(1.0 / std::sqrt(sq));
  for (float& x : v) x *= scale;
}

}  // namespace haoban::search
