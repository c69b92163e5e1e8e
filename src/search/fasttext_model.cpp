#include "search/fasttext_model.h"

#include <fmt/format.h>
#include <unistd.h>

#include <fstream>

#include "core/error.h"

namespace haoban::search::detail {

namespace fs = std::filesystem;

std::string words_line(const std::function<std::vector<std::string>(std::string_view)>& tokenize,
                       std::string_view text) {
  std::string out;
  for (const auto& w : tokenize(text)) {
    if (w.empty() || w.find_first_of(" \t\r\n\v\f") != std::string::npos) continue;
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

void train_and_save(fasttext::FastText& ft, fasttext::Args args, const fs::path& model,
                    const std::function<std::size_t(std::ostream&)>& write, std::string_view error_type,
                    std::string_view no_examples) {
  std::error_code ec;
  if (model.has_parent_path()) fs::create_directories(model.parent_path(), ec);
  auto input = model;
  input += fmt::format(".train-{}.txt", ::getpid());
  std::size_t lines = 0;
  {
    std::ofstream out(input);
    lines = write(out);
    if (!out) throw Error(ErrorKind::internal, std::string(error_type), "模型训练失败", "cannot write " + input.string());
  }
  if (lines == 0) {
    fs::remove(input, ec);
    throw invalid("no-examples", "没有训练样本", std::string(no_examples));
  }
  args.input = input.string();
  args.output = model.string();
  try {
    ft.train(args);
    auto tmp = model;
    tmp += ".tmp";
    ft.saveModel(tmp.string());
    fs::rename(tmp, model);
  } catch (const std::exception& e) {
    fs::remove(input, ec);
    throw Error(ErrorKind::internal, std::string(error_type), "模型训练失败", e.what());
  }
  fs::remove(input, ec);
}

void load_model(fasttext::FastText& ft, const fs::path& model) {
  if (!fs::exists(model)) throw invalid("model-missing", "模型文件不存在", model.string());
  try {
    ft.loadModel(model.string());
  } catch (const std::exception& e) {
    throw invalid("model-unreadable", "模型文件无法读取", model.string() + ": " + e.what());
  }
}

}  // namespace haoban::search::detail
