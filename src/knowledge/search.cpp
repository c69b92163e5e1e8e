// The knowledge base's search index: kept in step with the store by change sequence numbers, and
// searched with the visibility rules of whoever asks.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/clock.h"
#include "core/error.h"
#include "knowledge/internal.h"
#include "core/chinese.h"
#include "core/encoding.h"
#include "core/utf8.h"
#include "search/analyzer.h"
#include "search/index.h"
#include "search/vectors.h"

namespace haoban::knowledge {

namespace fs = std::filesystem;
using namespace std::chrono;

namespace {

constexpr std::string_view kSeqKey = "kb.change_seq";
// How much an entry's rank leans on how well the question matches its item's profile (search()).
constexpr double kItemWeight = 1.0;
// What the aspect a question asks for (延续, 注销…) adds to the prior of the sibling item of that aspect.
constexpr double kAspectBonus = 0.5;
// Candidates re-ranked per page.
constexpr std::size_t kCandidates = 40;
// Entries of one item before the other items get their turn (search()).
constexpr std::size_t kPerItem = 1;
// The likeliest items whose entries join the candidates when the words missed them.
constexpr std::size_t kInjectedItems = 5;
// Entries looked at per injected item, and kept: its own ones first.
constexpr std::size_t kInjectedLook = 10, kInjectedPerItem = 2;
// Items ranked by the question's vector, fused with the profiles' ranking (recall_by_vectors()).
constexpr std::size_t kVectorItems = 5;
// Reciprocal rank fusion: an item's score is the sum over the rankings of 1 / (kFusionK + rank).
constexpr double kFusionK = 10;

search::Document document_of(const Entry& e) {
  search::Document d;
  d.id = std::to_string(e.id);
  d.title = e.content.title;
  d.body = e.content.body;
  d.phrasings = e.content.variants;
  d.filters["type"] = {std::string(to_string(e.content.type))};
  d.filters["status"] = {std::string(to_string(e.status))};
  d.filters["visibility"] = {std::string(to_string(e.content.visibility))};
  if (!e.content.department.empty()) d.filters["department"] = {e.content.department};
  if (!e.content.items.empty()) d.filters["item"] = e.content.items;
  return d;
}

std::int64_t number_of(const std::string& s) {
  std::int64_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

}  // namespace

// An item's profile: one document per item, its name as the title, its aliases as phrasings and
// every way its published public Q&As ask about it as the body. Searching profiles answers "which
// item is this question about", which the entries' own ranking then leans on (search()). Names
// weigh most: every item has Q&As about lost materials or ID documents, so those words in the
// body say little about which item is meant.
void KnowledgeBase::Impl::put_profile(const std::string& item) {
  search::Document d;
  d.id = std::string(kProfilePrefix) + item;
  d.filters["type"] = {std::string(kProfileType)};
  d.filters["item"] = {item};
  if (auto it = item_names.find(item); it != item_names.end() && !it->second.empty()) {
    d.title = it->second.front();
    d.phrasings.assign(it->second.begin() + 1, it->second.end());
  }
  db.read([&](soci::session& sql) {
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT e.type, e.title, e.variants FROM kb_entries e JOIN kb_entry_items i ON i.entry_id = e.id"
                        " WHERE i.item = :i AND e.status = 'published' AND e.visibility = 'public'"
                        " AND e.type IN ('guide', 'qa') ORDER BY e.id",
         soci::use(item));
    for (const auto& r : rs) {
      auto title = text(r, 1);
      if (text(r, 0) == "guide") {
        // Without the catalog's names: the guide's title, 居民身份证换领办事指南 → 居民身份证换领.
        constexpr std::string_view suffix = "办事指南";
        if (std::string_view(title).ends_with(suffix)) title.resize(title.size() - suffix.size());
        if (d.title.empty()) d.title = title;
        continue;
      }
      d.body += title;
      d.body += '\n';
      for (const auto& v : split_json(text(r, 2))) {
        d.body += v;
        d.body += '\n';
      }
    }
  });
  if (d.title.empty() && d.body.empty()) index->remove(d.id);
  else index->put(d);
}

KnowledgeBase::Impl::Impl(db::Database& d, const WorkingCalendar& c) : db(d), calendar(c) {}
KnowledgeBase::Impl::~Impl() = default;

std::string KnowledgeBase::Impl::now() const { return format_iso8601(db.clock().now()); }
std::string KnowledgeBase::Impl::today() const { return format_date(china_date(db.clock().now())); }
std::string KnowledgeBase::Impl::due_after(int working_days) const {
  return format_date(calendar.add_working_days(china_date(db.clock().now()), working_days));
}
int KnowledgeBase::Impl::days_left(std::string_view due_on) const {
  auto due = parse_date(due_on);
  if (!due) return 0;
  auto today = china_date(db.clock().now());
  if (*due == today) return 0;
  return calendar.working_days_between(today, *due);
}

std::size_t KnowledgeBase::Impl::catch_up() {
  std::lock_guard lock(index_mutex);
  const auto started = steady_clock::now();
  const auto last = number_of(index->metadata(kSeqKey));
  std::vector<Entry> changed;
  std::int64_t top = last;
  db.read([&](soci::session& sql) {
    soci::rowset<soci::row> rs =
        (sql.prepare << fmt::format("SELECT {}, change_seq FROM kb_entries WHERE change_seq > :s ORDER BY change_seq", kEntryColumns),
         soci::use(static_cast<long long>(last)));
    for (const auto& r : rs) {
      changed.push_back(entry_of(r));
      top = std::max<std::int64_t>(top, db::get_int(r, 19));
    }
  });
  if (changed.empty()) return 0;
  std::set<std::string> items;
  for (const auto& e : changed) {
    if (e.status == EntryStatus::retired) index->remove(std::to_string(e.id));
    else index->put(document_of(e));
    items.insert(e.content.items.begin(), e.content.items.end());
  }
  for (const auto& item : items) put_profile(item);
  index->set_metadata(kSeqKey, std::to_string(top));
  index->commit();
  if (changed.size() >= 1000)
    spdlog::info("knowledge: indexed {} entries in {} ms", changed.size(),
                 duration_cast<milliseconds>(steady_clock::now() - started).count());
  return changed.size();
}

std::vector<std::string> KnowledgeBase::Impl::words_of(std::string_view text) const {
  auto words = analyzer->content_words(normalize_for_search(text));
  if (words.size() > search::kMaxQueryWords) words.resize(search::kMaxQueryWords);  // as a query's
  return words;
}

// Each item's vector: the mean of its name's and its aliases' vectors. (Adding the ways its Q&As ask
// about it made them less distinct: every item has Q&As on materials, fees and lost documents.)
void KnowledgeBase::Impl::use_vectors(std::shared_ptr<const search::WordVectors> v) {
  std::map<std::string, std::vector<float>> by_item;
  for (const auto& [code, names] : item_names) {
    std::vector<float> sum(static_cast<std::size_t>(v->dim()), 0.0f);
    for (const auto& name : names) {
      auto e = v->embed_words(words_of(name));
      for (std::size_t i = 0; i < sum.size(); ++i) sum[i] += e[i];
    }
    search::normalize(sum);
    by_item[code] = std::move(sum);
  }
  std::unique_lock lock(vectors_mutex);
  vectors = std::move(v);
  item_vectors = std::move(by_item);
}

KnowledgeBase::KnowledgeBase(db::Database& db, const WorkingCalendar& calendar, const fs::path& index_dir,
                             std::shared_ptr<const search::Analyzer> analyzer,
                             std::map<std::string, std::vector<std::string>> item_names, const fs::path& word_vectors)
    : impl_(std::make_unique<Impl>(db, calendar)) {
  impl_->item_names = std::move(item_names);
  // Items whose names differ only in the bracketed aspect: 食品经营许可（新办） … （注销）.
  for (const auto& [code, names] : impl_->item_names)
    if (!names.empty() && names.front().find("（") != std::string::npos)
      impl_->siblings[names.front().substr(0, names.front().find("（"))].push_back(code);
  impl_->analyzer = std::move(analyzer);
  impl_->index_dir = index_dir;
  impl_->index = std::make_unique<search::Index>(index_dir.empty() ? search::Index::in_memory(*impl_->analyzer)
                                                                   : search::Index::open(index_dir, *impl_->analyzer));
  impl_->vectors_path = word_vectors;
  if (!word_vectors.empty() && fs::exists(word_vectors)) {
    auto* impl = impl_.get();
    try {
      impl_->use_vectors(std::make_shared<search::WordVectors>(
          search::WordVectors::load(word_vectors, [impl](std::string_view t) { return impl->words_of(t); })));
    } catch (const Error& e) {
      // A damaged model costs semantic recall, not search: `haoban kb reindex` learns it again.
      spdlog::warn("knowledge: word vectors not used: {} ({})", e.title(), e.detail());
    }
  }
  impl_->catch_up();
}

KnowledgeBase::~KnowledgeBase() = default;

std::size_t KnowledgeBase::train_word_vectors() {
  if (impl_->vectors_path.empty()) return 0;
  const auto started = steady_clock::now();
  // What the district's knowledge says: every published entry's title, the other ways it is asked
  // and its body (without the bodies the vectors found fewer of the right items), and the items'
  // names and aliases.
  std::vector<std::string> texts;
  impl_->db.read([&](soci::session& sql) {
    soci::rowset<soci::row> rs = (sql.prepare << "SELECT title, variants, body FROM kb_entries WHERE status = 'published'");
    for (const auto& r : rs) {
      texts.push_back(text(r, 0));
      for (auto& v : split_json(text(r, 1))) texts.push_back(std::move(v));
      texts.push_back(text(r, 2));
    }
  });
  if (texts.empty()) return 0;
  for (const auto& [code, names] : impl_->item_names) texts.insert(texts.end(), names.begin(), names.end());
  auto* impl = impl_.get();
  impl_->use_vectors(std::make_shared<search::WordVectors>(search::WordVectors::train(
      texts, [impl](std::string_view t) { return impl->words_of(t); }, impl_->vectors_path)));
  spdlog::info("knowledge: word vectors learnt from {} texts in {} ms", texts.size(),
               duration_cast<milliseconds>(steady_clock::now() - started).count());
  return texts.size();
}

std::size_t KnowledgeBase::sync_index() { return impl_->catch_up(); }

std::size_t KnowledgeBase::rebuild_index() {
  {
    std::lock_guard lock(impl_->index_mutex);
    impl_->index.reset();
    if (!impl_->index_dir.empty()) {
      std::error_code ec;
      fs::remove_all(impl_->index_dir, ec);
      if (ec) throw Error(ErrorKind::unavailable, "search-index", "无法重建索引", impl_->index_dir.string() + ": " + ec.message());
    }
    impl_->index = std::make_unique<search::Index>(impl_->index_dir.empty() ? search::Index::in_memory(*impl_->analyzer)
                                                                            : search::Index::open(impl_->index_dir, *impl_->analyzer));
  }
  return impl_->catch_up();
}


// A licence comes as sibling items, 新办 / 变更 / 延续 / 注销 (食品经营许可（延续）); the question's
// aspect — said outright or through a synonym (到期 → 延续, 换法人 → 变更, 不开了 → 注销) — picks the
// sibling: each likely item passes its prior to its siblings of that aspect, which get a bonus,
// and steps back itself when it is of another aspect.
void KnowledgeBase::Impl::steer_by_aspect(const std::vector<std::string>& words, const std::vector<std::string>& expansions,
                                          std::map<std::string, double>& prior) const {
  static constexpr std::string_view kAspects[] = {"新办", "变更", "延续", "注销"};
  std::vector<std::string_view> asked;
  for (auto a : kAspects) {
    // The aspect itself, as a word of the question or a synonym's term (到期 → 延续) — not inside a
    // longer term, where an item's own name (食品许可证 → 食品经营许可（新办）) would bring it in.
    bool said = std::find(words.begin(), words.end(), a) != words.end();
    for (const auto& x : expansions) said = said || x == a || x.starts_with(std::string(a) + " ") || x.ends_with(" " + std::string(a));
    if (said) asked.push_back(a);
  }
  if (asked.empty()) return;
  auto base_of = [](const std::string& name) { return name.substr(0, name.find("（")); };
  auto aspect_of = [&](const std::string& name) -> std::string_view {
    for (auto a : asked)
      if (name.find(fmt::format("（{}）", a)) != std::string::npos) return a;
    return {};
  };
  std::map<std::string, double> steered = prior;
  for (const auto& [item, p] : prior) {
    auto it = item_names.find(item);
    if (it == item_names.end() || it->second.empty()) continue;
    const auto base = base_of(it->second.front());
    bool has_asked_sibling = false;
    for (const auto& code : siblings.count(base) ? siblings.at(base) : std::vector<std::string>{})
      if (!aspect_of(item_names.at(code).front()).empty()) {
        steered[code] = std::max(steered[code], p + kAspectBonus);
        has_asked_sibling = true;
      }
    // The siblings of other aspects step back (新办 when the question says 到期).
    if (has_asked_sibling && aspect_of(it->second.front()).empty()) steered[item] = std::min(steered[item], p - kAspectBonus);
  }
  prior = std::move(steered);
}

// Semantic recall: the items whose vectors are nearest the question's, fused with the profiles'
// ranking (BM25) by reciprocal rank, so that an item the question names in words no entry uses, or
// misspells, can still be among the likely ones; the prior becomes the fused score relative to the
// best.
void KnowledgeBase::Impl::recall_by_vectors(const std::vector<std::string>& words, std::map<std::string, double>& prior) const {
  std::shared_lock lock(vectors_mutex);
  if (!vectors || item_vectors.empty()) return;
  const auto q = vectors->embed_words(words);
  if (std::all_of(q.begin(), q.end(), [](float x) { return x == 0; })) return;
  std::vector<std::pair<double, std::string>> near, by_words;
  for (const auto& [item, v] : item_vectors) near.emplace_back(search::cosine(q, v), item);
  const auto n = std::min(kVectorItems, near.size());
  std::partial_sort(near.begin(), near.begin() + static_cast<long>(n), near.end(), std::greater<>());
  near.resize(n);
  for (const auto& [item, p] : prior) by_words.emplace_back(p, item);
  std::sort(by_words.begin(), by_words.end(), std::greater<>());
  std::map<std::string, double> fused;
  for (const auto* ranking : {&by_words, &near})
    for (std::size_t r = 0; r < ranking->size(); ++r) fused[(*ranking)[r].second] += 1.0 / (kFusionK + static_cast<double>(r + 1));
  double best = 0;
  for (const auto& [item, f] : fused) best = std::max(best, f);
  for (auto& [item, f] : fused) f /= best;
  prior = std::move(fused);
}

// Without words to search for, a page of the entries the filters select, most recently changed
// first: how editors browse drafts and reviews, and how an item page lists its Q&As.
SearchPage KnowledgeBase::Impl::browse(const Principal* who, const SearchRequest& r) {
  std::string where = "1 = 1";
  std::vector<std::string> values;
  auto bind = [&](std::string v) {
    values.push_back(std::move(v));
    return fmt::format(":v{}", values.size() - 1);
  };
  if (!r.types.empty()) {
    std::string in;
    for (auto t : r.types) in += (in.empty() ? "" : ", ") + bind(std::string(to_string(t)));
    where += " AND e.type IN (" + in + ")";
  }
  if (!r.department.empty()) where += " AND e.department = " + bind(r.department);
  if (!r.item.empty()) where += " AND EXISTS (SELECT 1 FROM kb_entry_items i WHERE i.entry_id = e.id AND i.item = " + bind(r.item) + ")";
  if (who && is_editor(*who)) {
    if (r.status) where += " AND e.status = " + bind(std::string(to_string(*r.status)));
  } else {
    where += " AND e.status = 'published'";
    if (!is_staff(who)) where += " AND e.visibility = 'public'";
  }
  const auto limit = std::clamp<std::size_t>(r.limit, 1, 50);
  SearchPage page;
  db.read([&](soci::session& sql) {
    auto run = [&](const std::string& text, auto&& each) {
      soci::statement st(sql);
      st.alloc();
      st.prepare(text);
      for (std::size_t i = 0; i < values.size(); ++i) st.exchange(soci::use(values[i], fmt::format("v{}", i)));
      soci::row row;
      st.exchange(soci::into(row));
      st.define_and_bind();
      st.execute(false);
      while (st.fetch()) each(row);
    };
    run("SELECT COUNT(*) FROM kb_entries e WHERE " + where,
        [&](const soci::row& row) { page.total = static_cast<std::size_t>(db::get_int(row, 0)); });
    // The select list's columns are kb_entries' own (the subquery on kb_entry_items has its own alias).
    run(fmt::format("SELECT {} FROM kb_entries e WHERE {} ORDER BY e.updated_at DESC, e.id DESC LIMIT {} OFFSET {}", kEntryColumns,
                    where, limit, r.offset),
        [&](const soci::row& row) {
          SearchHit h;
          h.entry = entry_of(row);
          append_html_escaped(h.title_html, h.entry.content.title);
          append_html_escaped(h.snippet_html, first_chars(h.entry.content.body, 120));
          page.hits.push_back(std::move(h));
        });
  });
  return page;
}

SearchPage KnowledgeBase::search(const Principal* who, const SearchRequest& r) {
  if (!has_han_or_alnum(normalize_for_search(r.text))) return impl_->browse(who, r);
  search::Query q;
  q.text = r.text;
  const std::size_t limit = std::clamp<std::size_t>(r.limit, 1, 50);
  // Entry types only: item profiles are found by their own query below.
  for (auto t : r.types) q.filters["type"].emplace_back(to_string(t));
  if (r.types.empty())
    for (auto t : kEntryTypes) q.filters["type"].emplace_back(to_string(t));
  if (!r.department.empty()) q.filters["department"] = {r.department};
  if (!r.item.empty()) q.filters["item"] = {r.item};
  // Who sees what: editors any status they ask for (the index holds no retired entries); other
  // staff published entries; everyone else published public ones.
  if (who && is_editor(*who)) {
    if (r.status) q.filters["status"] = {std::string(to_string(*r.status))};
  } else {
    q.filters["status"] = {"published"};
    if (!is_staff(who)) q.filters["visibility"] = {"public"};
  }
  // The first kCandidates (or as far as the page reaches) are re-ranked; pages beyond keep the
  // index's order.
  const bool rerank = r.offset + limit <= kCandidates;
  q.offset = rerank ? 0 : r.offset;
  q.limit = rerank ? kCandidates : limit;
  auto result = impl_->index->search(q);
  SearchPage page;
  page.total = result.estimated_total;
  page.words = std::move(result.words);
  page.expansions = std::move(result.expansions);
  if (result.hits.empty()) return page;

  // Which items the question is about: the profiles' scores relative to the best.
  std::map<std::string, double> item_prior;
  if (rerank && r.item.empty()) {
    search::Query pq;
    pq.text = r.text;
    pq.filters["type"] = {std::string(kProfileType)};
    pq.limit = 10;
    auto profiles = impl_->index->search(pq);
    if (!profiles.hits.empty() && profiles.hits.front().score > 0)
      for (const auto& h : profiles.hits)
        item_prior[h.id.substr(kProfilePrefix.size())] = h.score / profiles.hits.front().score;
    impl_->recall_by_vectors(page.words, item_prior);
    impl_->steer_by_aspect(page.words, page.expansions, item_prior);
  }

  // The entries behind the hits, in one query; an entry changed since it was indexed is shown as
  // the store has it (and dropped if it is no longer visible).
  std::map<std::int64_t, Entry> entries;
  auto load_entries = [&](std::size_t from) {  // those of result.hits[from…]
    std::string ids;
    for (std::size_t i = from; i < result.hits.size(); ++i)
      ids += (ids.empty() ? "" : ",") + std::to_string(number_of(result.hits[i].id));
    if (ids.empty()) return;
    impl_->db.read([&](soci::session& sql) {
      soci::rowset<soci::row> rs = (sql.prepare << fmt::format("SELECT {} FROM kb_entries WHERE id IN ({})", kEntryColumns, ids));
      for (const auto& row : rs) {
        auto e = entry_of(row);
        entries.emplace(e.id, std::move(e));
      }
    });
  };
  load_entries(0);
  // The likeliest items' own best entries join the candidates when the words alone missed them
  // (a question phrased unlike any entry can still name its item well: 开面馆 → 食品经营许可).
  if (rerank && !item_prior.empty()) {
    std::set<std::string> present;
    // An item is present by an entry of its own (the first item it is linked to, as one per item
    // counts them below): a Q&A or policy linked to all four siblings does not stand for them.
    for (const auto& [id, e] : entries)
      if (!e.content.items.empty()) present.insert(e.content.items.front());
    std::vector<std::pair<double, std::string>> likely;
    for (const auto& [item, p] : item_prior) likely.emplace_back(p, item);
    std::sort(likely.rbegin(), likely.rend());
    const std::size_t injected = result.hits.size();
    std::vector<std::string> injected_for;  // the item each injected hit was searched for
    for (std::size_t k = 0; k < likely.size() && k < kInjectedItems; ++k) {
      if (present.count(likely[k].second)) continue;
      auto iq = q;
      iq.filters["item"] = {likely[k].second};
      iq.limit = kInjectedLook;
      for (auto& h : impl_->index->search(iq).hits) {
        h.score = 0;  // ranked by the item's prior alone
        result.hits.push_back(std::move(h));
        injected_for.push_back(likely[k].second);
      }
    }
    load_entries(injected);
    // Each item's own entries first (those it is the first item of): a Q&A linked to all four
    // siblings is already there by the item it is counted under.
    std::vector<search::Hit> kept;
    std::map<std::string, std::size_t> own;
    for (int pass = 0; pass < 2; ++pass)
      for (std::size_t i = injected; i < result.hits.size(); ++i) {
        const auto& item = injected_for[i - injected];
        auto it = entries.find(number_of(result.hits[i].id));
        const bool is_own = it != entries.end() && !it->second.content.items.empty() && it->second.content.items.front() == item;
        if (is_own != (pass == 0) || own[item] >= kInjectedPerItem) continue;
        ++own[item];
        kept.push_back(result.hits[i]);
      }
    result.hits.resize(injected);
    for (auto& h : kept) result.hits.push_back(std::move(h));
  }
  const double top = result.hits.front().score > 0 ? result.hits.front().score : 1;
  std::vector<SearchHit> hits;
  for (auto& h : result.hits) {
    auto it = entries.find(number_of(h.id));
    if (it == entries.end()) continue;
    const auto& e = it->second;
    bool visible = (who && is_editor(*who)) ||
                   (e.status == EntryStatus::published && (e.content.visibility == Visibility::open || is_staff(who)));
    if (!visible) continue;
    SearchHit hit;
    hit.entry = e;
    double prior = 0;
    for (const auto& item : e.content.items)
      if (auto p = item_prior.find(item); p != item_prior.end()) prior = std::max(prior, p->second);
    hit.score = rerank ? h.score / top + kItemWeight * prior : h.score;
    hit.title_html = std::move(h.title_html);
    hit.snippet_html = std::move(h.snippet_html);
    hits.push_back(std::move(hit));
  }
  if (rerank) {
    std::stable_sort(hits.begin(), hits.end(), [](const SearchHit& a, const SearchHit& b) { return a.score > b.score; });
    // At most kPerItem entries of one item before every other item has had its turn: a page of
    // five answers about one item hides the other items the question may mean.
    std::vector<SearchHit> first, later;
    std::map<std::string, std::size_t> shown_per_item;
    std::set<std::int64_t> seen;
    for (auto& h : hits) {
      if (!seen.insert(h.entry.id).second) continue;
      const std::string key = h.entry.content.items.empty() ? std::string() : h.entry.content.items.front();
      if (!key.empty() && ++shown_per_item[key] > kPerItem) later.push_back(std::move(h));
      else first.push_back(std::move(h));
    }
    hits = std::move(first);
    for (auto& h : later) hits.push_back(std::move(h));
    hits.erase(hits.begin(), hits.begin() + static_cast<long>(std::min(hits.size(), r.offset)));
    if (hits.size() > limit) hits.resize(limit);
  }
  page.hits = std::move(hits);
  std::vector<std::int64_t> shown;
  for (const auto& h : page.hits) shown.push_back(h.entry.id);
  if (r.record && !shown.empty()) record_use(shown, UsageKind::retrieval, r.channel);
  return page;
}

}  // namespace haoban::knowledge
