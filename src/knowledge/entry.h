// A knowledge-base entry (知识条目): what editors write, the search index reads and 小宝 cites.
// Plain data shared by the store, the seed's generator and the import; no I/O here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace haoban::knowledge {

// Entry types. A Q&A is a question, the other ways people ask it, and the answer; a review point
// (审查要点) is staff-facing guidance for checking an application; a case is a past application
// told as a story (what went wrong, how it was solved).
enum class EntryType { policy, regulation, review_point, qa, case_study, guide };
inline constexpr EntryType kEntryTypes[] = {EntryType::policy,   EntryType::regulation, EntryType::review_point,
                                            EntryType::qa,       EntryType::case_study, EntryType::guide};

// draft → in_review → published → retired; a rejected review goes back to draft.
enum class EntryStatus { draft, in_review, published, retired };

enum class Visibility { open, staff };  // open: residents and enterprises see it; staff: workbench only

std::string_view to_string(EntryType t);           // "policy", "regulation", "review_point", "qa", "case", "guide"
std::string_view type_label(EntryType t);          // 政策文件, 法规, 审查要点, 问答, 历史案例, 办事指南
std::optional<EntryType> entry_type_from(std::string_view s);
std::string_view to_string(EntryStatus s);         // "draft", "in_review", "published", "retired"
std::string_view status_label(EntryStatus s);      // 草稿, 审核中, 已发布, 已下线
std::optional<EntryStatus> entry_status_from(std::string_view s);
std::string_view to_string(Visibility v);          // "public", "staff"
std::optional<Visibility> visibility_from(std::string_view s);

// The content an editor writes: everything of an entry that has versions.
struct EntryContent {
  EntryType type = EntryType::qa;
  std::string title;                    // a Q&A's title is its question
  std::string body;                     // plain text; paragraphs separated by blank lines
  std::vector<std::string> variants;    // Q&A: other ways of asking (口语化问法)
  std::string department;               // department id (data/definitions/departments.yaml)
  std::vector<std::string> items;       // linked item codes
  std::string source;                   // where it comes from: a document's issuer, a URL, "12345"
  std::string doc_number;               // 文号, e.g. 宝府规〔2026〕1号
  std::string effective_from;           // ISO date, or empty: in force since forever
  std::string effective_to;             // ISO date, or empty: no end
  Visibility visibility = Visibility::open;
};

// An entry as the store has it.
struct Entry {
  std::int64_t id = 0;
  std::string code;  // stable external key: "guide:CL-001", "qa:CL-001:3", or an editor's choice
  EntryContent content;
  EntryStatus status = EntryStatus::draft;
  int version = 0;  // 1 for the first; every content change adds one
  std::string created_at, updated_at, published_at;  // ISO 8601 UTC; published_at empty until then
  std::string updated_by;                            // account login
};

}  // namespace haoban::knowledge
