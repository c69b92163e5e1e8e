// Private to src/search: what Classifier and WordVectors share about fastText — its training input
// is a file of whitespace-separated words, written beside the model and removed afterwards; the
// model is saved under a temporary name and renamed, so a crash never leaves half a model.
#pragma once

#include <fasttext/fasttext.h>

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace haoban::search::detail {

// One fastText input line: the tokenizer's words joined by spaces, words holding whitespace dropped.
std::string words_line(const std::function<std::vector<std::string>(std::string_view)>& tokenize,
                       std::string_view text);

// Writes the training lines `write` produces to a temporary file beside `model` (creating its
// directory), trains `ft` with `args` on it, saves the model atomically at `model` and removes the
// file. `write` returns how many lines it wrote; none is Error(invalid, "no-examples") with
// `no_examples` as detail. Training failures are Error(internal, `error_type`).
void train_and_save(fasttext::FastText& ft, fasttext::Args args, const std::filesystem::path& model,
                    const std::function<std::size_t(std::ostream&)>& write, std::string_view error_type,
                    std::string_view no_examples);

// Loads `model` into `ft`: Error(invalid, "model-missing" | "model-unreadable").
void load_model(fasttext::FastText& ft, const std::filesystem::path& model);

}  // namespace haoban::search::detail
