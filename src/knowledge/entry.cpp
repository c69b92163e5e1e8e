#include "knowledge/entry.h"

namespace haoban::knowledge {

namespace {

struct TypeName {
  EntryType type;
  std::string_view name, label;
};
constexpr TypeName kTypeNames[] = {
    {EntryType::policy, "policy", "政策文件"},         {EntryType::regulation, "regulation", "法规"},
    {EntryType::review_point, "review_point", "审查要点"}, {EntryType::qa, "qa", "问答"},
    {EntryType::case_study, "case", "历史案例"},       {EntryType::guide, "guide", "办事指南"},
};

struct StatusName {
  EntryStatus status;
  std::string_view name, label;
};
constexpr StatusName kStatusNames[] = {
    {EntryStatus::draft, "draft", "草稿"},
    {EntryStatus::in_review, "in_review", "审核中"},
    {EntryStatus::published, "published", "已发布"},
    {EntryStatus::retired, "retired", "已下线"},
};

}  // namespace

std::string_view to_string(EntryType t) {
  for (const auto& n : kTypeNames)
    if (n.type == t) return n.name;
  return "qa";
}

std::string_view type_label(EntryType t) {
  for (const auto& n : kTypeNames)
    if (n.type == t) return n.label;
  return "问答";
}

std::optional<EntryType> entry_type_from(std::string_view s) {
  for (const auto& n : kTypeNames)
    if (n.name == s) return n.type;
  return std::nullopt;
}

std::string_view to_string(EntryStatus s) {
  for (const auto& n : kStatusNames)
    if (n.status == s) return n.name;
  return "draft";
}

std::string_view status_label(EntryStatus s) {
  for (const auto& n : kStatusNames)
    if (n.status == s) return n.label;
  return "草稿";
}

std::optional<EntryStatus> entry_status_from(std::string_view s) {
  for (const auto& n : kStatusNames)
    if (n.name == s) return n.status;
  return std::nullopt;
}

std::string_view to_string(Visibility v) { return v == Visibility::open ? "public" : "staff"; }

std::optional<Visibility> visibility_from(std::string_view s) {
  if (s == "public") return Visibility::open;
  if (s == "staff") return Visibility::staff;
  return std::nullopt;
}

}  // namespace haoban::knowledge
