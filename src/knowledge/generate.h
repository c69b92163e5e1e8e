// The district's knowledge base, generated from the item definitions: what `haoban seed` stores so
// that search, 小宝 and the maintenance deadlines have a realistic corpus (≥ 20,000 entries).
//
// Every entry is composed from the definitions (name, aliases, department, guide, time limits,
// materials with their notes and conditions, situation questions) with phrasing varied by a seeded
// random source; nothing is read from disk or the store.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "defs/defs.h"
#include "knowledge/entry.h"

namespace haoban::knowledge {

struct GenerateOptions {
  std::uint64_t seed = 1;
  // Historical cases are added, spread over the items, until the total reaches `target`. Everything
  // else (guides, Q&As, review points, policies, regulations, at least a few cases per item) is
  // generated whatever the target, so a small target gives the core set only.
  std::size_t target = 20000;
  // Dates are relative to it: policies in force, a few taking effect in the coming weeks (their
  // Q&As partly still draft or in review) and a few expired; cases from the past year and a half.
  Date today = std::chrono::year{2026} / 3 / 2;
  std::map<std::string, std::string, std::less<>> department_names;  // id → 区市场监管局; missing: the id
  std::set<std::string, std::less<>> licence_categories;  // material categories that are e-licences
};

// Options with the departments' names and the e-licence categories of `defs`.
GenerateOptions options_for(const defs::Definitions& defs, Date today, std::uint64_t seed);

// Entries for the district's knowledge base, generated from the item definitions: deterministic for a
// seed (the same items, options and seed give the same entries in the same order). Codes are unique
// and depend on the items only, not on the seed:
//   guide:<item>               the item's 办事指南
//   qa:<item>:<n>              Q&As about the item (materials, time, fee, place, agent, each material…)
//   review:<item>:<n>          审查要点, staff-only
//   case:<item>:<n>            historical cases, some staff-only
//   policy:<BS|SH>-<year>-<n>  policy documents with 文号 and effective dates (district BS, city SH)
//   qa:<BS|SH>-<year>-<n>:<n>  Q&As interpreting a policy; their doc_number is the policy's 文号
//   law:<hash>                 regulations named in the items' 设定依据
// Entries have id 0, version 1, created/updated/published timestamps before `today` and an
// updated_by login of the demo accounts (editor.demo, policy.demo, clerk.<department>).
// Items must have distinct codes. Takes well under a second for the full catalog.
std::vector<Entry> generate_entries(std::span<const defs::Item> items, const GenerateOptions& options);

}  // namespace haoban::knowledge
