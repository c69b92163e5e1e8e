#include "assistant/intent.h"

#include <fmt/format.h>

#include <random>

#include "core/error.h"
#include "defs/defs.h"

namespace haoban::assistant {

namespace fs = std::filesystem;

namespace {

struct IntentName {
  Intent intent;
  std::string_view name, label;
};
constexpr IntentName kNames[] = {
    {Intent::consult, "consult", "咨询"}, {Intent::apply, "apply", "办理"},     {Intent::status, "status", "查进度"},
    {Intent::complain, "complain", "投诉"}, {Intent::human, "human", "转人工"},
};

// Templates: {} is the item's name or one of its aliases. Written the way people type: short,
// colloquial, without punctuation as often as with it.
constexpr std::string_view kConsult[] = {
    "{}需要什么材料", "{}要带什么", "办{}要准备啥", "{}怎么办理", "{}流程是什么", "{}要多久", "{}多长时间能办好",
    "{}收费吗", "{}要交钱吗", "{}在哪里办", "{}能网上办吗", "{}的条件是什么", "什么情况下可以{}", "{}可以代办吗",
    "{}需要本人去吗", "{}办理时间", "请问{}怎么弄", "{}有什么要求", "{}的依据是什么", "{}材料清单",
    "{}咨询电话多少", "{}周末能办吗", "外地人能{}吗", "{}办好了怎么拿", "{}需要几个工作日"};
constexpr std::string_view kApply[] = {
    "我要办{}", "我想申请{}", "帮我办{}", "现在就办{}", "开始申请{}", "申请{}", "在线办理{}", "我想网上办{}",
    "我要申请{}怎么开始", "马上办{}", "给我办一下{}", "去哪里提交{}申请", "填{}的表", "提交{}"};
constexpr std::string_view kStatus[] = {
    "我的{}办到哪了", "{}进度查询", "{}审批到哪一步了", "查一下{}的进度", "{}办好了没有", "{}什么时候能批下来",
    "我申请的{}怎么还没好", "{}受理了吗", "{}结果出来没", "{}状态"};
constexpr std::string_view kComplain[] = {
    "{}办不成", "{}一直办不下来", "我要投诉{}", "{}跑了好几次都没办成", "{}窗口态度差", "{}被退回好几次了",
    "{}太慢了我要投诉", "{}材料要求不合理", "{}办理体验很差", "对{}不满意"};
constexpr std::string_view kStatusPlain[] = {"查进度", "我的办件进度", "申请到哪一步了", "我提交的申请怎么样了",
                                             "办件状态查询", "审批进度", "帮我查一下办理进度", "怎么还没审批"};
constexpr std::string_view kComplainPlain[] = {"我要投诉", "办不成事", "投诉窗口工作人员", "你们效率太低了",
                                               "我要反映问题", "事情办不下来找谁", "差评", "太麻烦了我要投诉"};
constexpr std::string_view kHuman[] = {
    "转人工", "人工客服", "找人工", "我要找真人", "有人吗", "能不能找个工作人员", "帮办在吗", "人工服务",
    "我要和人说话", "找客服", "叫个人来帮我", "你听不懂我要人工", "联系帮办", "找个工作人员帮我看看",
    "在线帮办", "我需要人工帮助", "转接人工", "能视频指导吗", "远程帮我办一下", "有没有人工"};

std::string fill(std::string_view tmpl, std::string_view name) {
  std::string out(tmpl);
  if (auto at = out.find("{}"); at != std::string::npos) out.replace(at, 2, name);
  return out;
}

}  // namespace

std::string_view to_string(Intent i) {
  for (const auto& n : kNames)
    if (n.intent == i) return n.name;
  return "consult";
}
std::string_view intent_label(Intent i) {
  for (const auto& n : kNames)
    if (n.intent == i) return n.label;
  return "咨询";
}
std::optional<Intent> intent_from(std::string_view s) {
  for (const auto& n : kNames)
    if (n.name == s) return n.intent;
  return std::nullopt;
}

std::vector<Example> intent_examples(const std::vector<const defs::Item*>& items, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<Example> out;
  auto pick = [&](auto& list) -> std::string_view { return list[rng() % std::size(list)]; };
  for (const auto* item : items) {
    std::vector<std::string> names{item->name};
    for (const auto& a : item->aliases) names.push_back(a);
    auto name = [&]() -> const std::string& { return names[rng() % names.size()]; };
    for (int k = 0; k < 6; ++k) out.push_back({Intent::consult, fill(pick(kConsult), name())});
    for (int k = 0; k < 3; ++k) out.push_back({Intent::apply, fill(pick(kApply), name())});
    for (int k = 0; k < 2; ++k) out.push_back({Intent::status, fill(pick(kStatus), name())});
    out.push_back({Intent::complain, fill(pick(kComplain), name())});
  }
  // Messages without an item, in proportion so that no intent is starved.
  const std::size_t plain = std::max<std::size_t>(40, items.size() / 2);
  for (std::size_t k = 0; k < plain; ++k) {
    out.push_back({Intent::status, std::string(pick(kStatusPlain))});
    out.push_back({Intent::complain, std::string(pick(kComplainPlain))});
    out.push_back({Intent::human, std::string(pick(kHuman))});
    out.push_back({Intent::human, std::string(pick(kHuman)) + "，" + std::string(pick(kHuman))});
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

IntentModel IntentModel::train(const std::vector<Example>& examples, const Tokenizer& tokenize, const fs::path& path) {
  std::vector<search::Labelled> labelled;
  labelled.reserve(examples.size());
  for (const auto& e : examples) labelled.push_back({std::string(to_string(e.intent)), e.text});
  return IntentModel(search::Classifier::train(labelled, tokenize, path));
}

IntentModel IntentModel::load(const fs::path& path, Tokenizer tokenize) {
  return IntentModel(search::Classifier::load(path, std::move(tokenize)));
}

IntentGuess IntentModel::classify(std::string_view text) const {
  IntentGuess g;
  auto guesses = model_.predict(text, 1);
  if (guesses.empty()) return g;
  g.intent = intent_from(guesses.front().label).value_or(Intent::consult);
  g.probability = guesses.front().probability;
  return g;
}

double IntentModel::accuracy(const std::vector<Example>& examples) const {
  if (examples.empty()) return 0;
  std::size_t right = 0;
  for (const auto& e : examples) right += classify(e.text).intent == e.intent;
  return static_cast<double>(right) / static_cast<double>(examples.size());
}

}  // namespace haoban::assistant
