// The learned part of address parsing: two stacked first-order linear-chain sequence labellers
// over character n-grams, character shapes, the nearest level words (路, 号, 镇, 小区…) on either
// side, gazetteer matches and a fold-built dictionary of training spans, each decoded with Viterbi
// under the BIO constraint (I-x only after B-x or I-x). The first pass is an averaged structured
// perceptron (Collins 2002). The second also sees the tags the first chose (each tag and its
// neighbours, the spans before and after, which labels occur on either side) and is trained on
// first-pass tags predicted for held-out folds (stacking, as Krishnan and Manning 2006); its
// weights mix four averaged perceptrons (different shuffles) with a CRF trained by SGD. Small
// weights are pruned; weights are stored as 16-bit values.
//
// Features are 64-bit hashes of template and text, so a model file holds no vocabulary; only
// features seen in training carry weight. The gazetteer used at training time must be the one
// used at labelling time (the model stores its size and refuses another). Model files are
// version 3; older models are refused: retrain.
//
// A trained Labeller is immutable and safe to share between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "address/conll.h"
#include "address/gazetteer.h"
#include "address/text.h"

namespace haoban::address {

struct TrainOptions {
  int epochs = 12;
  std::uint64_t seed = 20190602;  // shuffling order
  // Called after each epoch with the epoch number and the share of training tokens labelled right.
  std::function<void(int epoch, double token_accuracy)> progress;
};

class Labeller {
 public:
  Labeller();
  ~Labeller();
  Labeller(Labeller&&) noexcept;
  Labeller& operator=(Labeller&&) noexcept;

  // Trains on labelled sentences (BIO tags; every label seen becomes a label of the model).
  // `gazetteer` may be null (no gazetteer features); it must outlive the labeller.
  static Labeller train(const std::vector<Sentence>& data, const Gazetteer* gazetteer, TrainOptions options = {});

  // Throws Error(invalid) for a file that is not a model of this version or was trained with a
  // different gazetteer.
  static Labeller load(const std::filesystem::path& file, const Gazetteer* gazetteer);
  // Written durably (temp file, fsync, rename).
  void save(const std::filesystem::path& file) const;

  // BIO tags, one per token. `text` is the string the tokens index.
  std::vector<std::string> tag(std::string_view text, const std::vector<Token>& tokens) const;
  // For labelled sentences: tokens as given.
  std::vector<std::string> tag(const std::vector<std::string>& tokens) const;

  const std::vector<std::string>& labels() const;  // "road", "poi", … (types, without B-/I-)
  std::size_t weights() const;                     // non-zero weights in the model

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Scores `labeller` on `data` span by span.
SpanScorer evaluate(const Labeller& labeller, const std::vector<Sentence>& data);

}  // namespace haoban::address
