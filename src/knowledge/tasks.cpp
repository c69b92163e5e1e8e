// Maintenance tasks: the deadlines that keep the knowledge base current (docs/knowledge.md).
#include <fmt/format.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "core/chinese.h"
#include "core/error.h"
#include "core/utf8.h"
#include "knowledge/internal.h"

namespace haoban::knowledge {

namespace json = boost::json;

namespace {

// Working days each kind of task allows (the policy Q&A's deadline comes from the policy instead).
constexpr int kUnansweredDays = 5, kCandidateDays = 5;
constexpr std::size_t kMaxQuestion = 500, kMaxAnswer = 5000;

constexpr char kTaskColumns[] =
    "id, kind, title, question, detail, department, owner, entry_id, result_id, due_on, state, asked, created_at,"
    " closed_at, closed_by, note";
constexpr char kInsertTask[] =
    "INSERT INTO kb_tasks (kind, title, question, question_key, detail, department, owner, entry_id, due_on,"
    " state, asked, created_at) VALUES (:kind, :title, :q, :key, :detail, :dept, '', :entry, :due, 'open', 1,"
    " :at) RETURNING id";

struct KindName {
  TaskKind kind;
  std::string_view name, label;
};
constexpr KindName kKinds[] = {
    {TaskKind::policy_qa, "policy_qa", "政策问答发布"},
    {TaskKind::unanswered, "unanswered", "未解答问题"},
    {TaskKind::candidate, "candidate", "帮办答案入库"},
};

// Questions asked again count against the same task: compared after normalisation, without
// punctuation and spaces (身份证丢了怎么办？ and 身份证丢了怎么办 are one question).
std::string question_key(std::string_view q) {
  auto n = normalize_for_search(q);
  std::string out;
  std::size_t pos = 0;
  while (pos < n.size()) {
    std::size_t start = pos;
    char32_t c = decode_at(n, pos);
    if (is_han_or_alnum(c)) out.append(n, start, pos - start);
  }
  return out;
}

Task task_of(const KnowledgeBase::Impl& impl, const soci::row& r) {
  Task t;
  t.id = db::get_int(r, 0);
  t.kind = task_kind_from(text(r, 1)).value_or(TaskKind::unanswered);
  t.title = text(r, 2);
  t.question = text(r, 3);
  t.detail = text(r, 4);
  t.department = text(r, 5);
  t.owner = text(r, 6);
  if (r.get_indicator(7) != soci::i_null) t.entry = db::get_int(r, 7);
  if (r.get_indicator(8) != soci::i_null) t.result = db::get_int(r, 8);
  t.due_on = text(r, 9);
  t.state = task_state_from(text(r, 10)).value_or(TaskState::open);
  t.asked = static_cast<int>(db::get_int(r, 11));
  t.created_at = text(r, 12);
  t.closed_at = text(r, 13);
  t.closed_by = text(r, 14);
  t.note = text(r, 15);
  t.days_left = impl.days_left(t.due_on);
  t.past_due = t.due_on < impl.today();
  return t;
}

std::optional<Task> load_task(const KnowledgeBase::Impl& impl, soci::session& sql, std::int64_t id) {
  soci::rowset<soci::row> rs =
      (sql.prepare << fmt::format("SELECT {} FROM kb_tasks WHERE id = :i", kTaskColumns), soci::use(static_cast<long long>(id)));
  for (const auto& r : rs) return task_of(impl, r);
  return std::nullopt;
}

std::int64_t insert_task(db::Tx& tx, TaskKind kind, const std::string& title, const std::string& question,
                         const std::string& detail, const std::string& department, std::optional<std::int64_t> entry,
                         const std::string& due, const std::string& at) {
  std::string k(to_string(kind)), key = question_key(question);
  long long id = 0;
  soci::indicator ind = entry ? soci::i_ok : soci::i_null;
  long long e = entry.value_or(0);
  tx.sql() << kInsertTask, soci::use(k), soci::use(title), soci::use(question), soci::use(key), soci::use(detail),
      soci::use(department), soci::use(e, ind), soci::use(due), soci::use(at), soci::into(id);
  return id;
}

void close_task(db::Tx& tx, std::int64_t id, TaskState state, std::optional<std::int64_t> result, const std::string& by,
                const std::string& note, const std::string& at) {
  std::string s(to_string(state));
  long long r = result.value_or(0);
  soci::indicator ind = result ? soci::i_ok : soci::i_null;
  tx.sql() << "UPDATE kb_tasks SET state = :s, result_id = :r, closed_by = :by, note = :n, closed_at = :at WHERE id = :id",
      soci::use(s), soci::use(r, ind), soci::use(by), soci::use(note), soci::use(at), soci::use(static_cast<long long>(id));
}

bool may_see_task(const Principal& who) {
  return who.kind == AccountKind::staff &&
         (who.has_role(Role::kb_editor) || who.has_role(Role::admin) || who.has_role(Role::helper) ||
          who.has_role(Role::analyst));
}

}  // namespace

std::string_view to_string(TaskKind k) {
  for (const auto& n : kKinds)
    if (n.kind == k) return n.name;
  return "unanswered";
}
std::string_view task_label(TaskKind k) {
  for (const auto& n : kKinds)
    if (n.kind == k) return n.label;
  return "未解答问题";
}
std::optional<TaskKind> task_kind_from(std::string_view s) {
  for (const auto& n : kKinds)
    if (n.name == s) return n.kind;
  return std::nullopt;
}
std::string_view to_string(TaskState s) {
  switch (s) {
    case TaskState::open: return "open";
    case TaskState::done: return "done";
    case TaskState::dismissed: return "dismissed";
  }
  return "open";
}
std::optional<TaskState> task_state_from(std::string_view s) {
  if (s == "open") return TaskState::open;
  if (s == "done") return TaskState::done;
  if (s == "dismissed") return TaskState::dismissed;
  return std::nullopt;
}

// A published entry may open a task (a policy that takes effect later needs its Q&A before then)
// or close one (the Q&A of a policy; the draft a helper proposed).
void on_published(KnowledgeBase::Impl& impl, db::Tx& tx, const Entry& e, std::string_view actor) {
  const auto at = impl.now();
  const std::string by(actor);
  if (e.content.type == EntryType::policy && !e.content.effective_from.empty() && e.content.effective_from > impl.today()) {
    long long open = 0, answered = 0;
    auto id = static_cast<long long>(e.id);
    tx.sql() << "SELECT COUNT(*) FROM kb_tasks WHERE kind = 'policy_qa' AND entry_id = :e", soci::use(id), soci::into(open);
    if (!e.content.doc_number.empty())
      tx.sql() << "SELECT COUNT(*) FROM kb_entries WHERE type = 'qa' AND status = 'published' AND doc_number = :d",
          soci::use(e.content.doc_number), soci::into(answered);
    if (open == 0 && answered == 0) {
      auto from = parse_date(e.content.effective_from);
      auto due = format_date(impl.calendar.add_working_days(*from, -1));
      // 《关于…的通知》 already carries its brackets.
      const auto& t = e.content.title;
      auto title = t.starts_with("《") ? fmt::format("为{}发布政策问答", t) : fmt::format("为《{}》发布政策问答", t);
      insert_task(tx, TaskKind::policy_qa, title, "",
                  fmt::format("{}于 {} 起施行，问答须在施行前 1 个工作日发布", e.content.doc_number.empty() ? "该政策" : e.content.doc_number,
                              e.content.effective_from),
                  e.content.department, e.id, due, at);
    }
  }
  if (e.content.type == EntryType::qa && !e.content.doc_number.empty()) {
    // The policy's Q&A: closes the policy's open task.
    soci::rowset<soci::row> rs =
        (tx.sql().prepare << "SELECT t.id FROM kb_tasks t JOIN kb_entries p ON p.id = t.entry_id"
                             " WHERE t.kind = 'policy_qa' AND t.state = 'open' AND p.doc_number = :d",
         soci::use(e.content.doc_number));
    std::vector<long long> ids;
    for (const auto& r : rs) ids.push_back(db::get_int(r, 0));
    for (auto id : ids) close_task(tx, id, TaskState::done, e.id, by, "问答已发布", at);
  }
  {
    soci::rowset<soci::row> rs = (tx.sql().prepare << "SELECT id FROM kb_tasks WHERE kind = 'candidate' AND state = 'open' AND entry_id = :e",
                                  soci::use(static_cast<long long>(e.id)));
    std::vector<long long> ids;
    for (const auto& r : rs) ids.push_back(db::get_int(r, 0));
    for (auto id : ids) close_task(tx, id, TaskState::done, e.id, by, "已审核入库", at);
  }
}

Task KnowledgeBase::record_unanswered(std::string_view question, std::string_view detail, std::string_view department) {
  std::string q(question.substr(0, std::min(question.size(), kMaxQuestion * 4)));
  if (!valid_utf8(q) || question_key(q).empty()) throw invalid("validation-failed", "问题不能为空", "", {{"question", "不能为空"}});
  auto id = impl_->db.write([&](db::Tx& tx) -> std::int64_t {
    auto key = question_key(q);
    long long existing = 0;
    soci::indicator ind = soci::i_null;
    tx.sql() << "SELECT MIN(id) FROM kb_tasks WHERE kind = 'unanswered' AND state = 'open' AND question_key = :k",
        soci::use(key), soci::into(existing, ind);
    if (ind != soci::i_null) {
      tx.sql() << "UPDATE kb_tasks SET asked = asked + 1 WHERE id = :id", soci::use(existing);
      return existing;
    }
    auto t = insert_task(tx, TaskKind::unanswered, "答复未解答问题：" + first_chars(q, 40), q, std::string(detail),
                         std::string(department), std::nullopt, impl_->due_after(kUnansweredDays), impl_->now());
    tx.audit({std::string(kSystemActor), "kb.unanswered", "kb_task", std::to_string(t), "", json::serialize(json::object{{"question", q}})});
    return t;
  });
  return impl_->db.read([&](soci::session& sql) { return *load_task(*impl_, sql, id); });
}

Task KnowledgeBase::propose_answer(const Principal& helper, std::string_view question, std::string_view answer,
                                   std::string_view department, std::vector<std::string> items) {
  if (helper.kind != AccountKind::staff || !(helper.has_role(Role::helper) || is_editor(helper)))
    throw forbidden("只有帮办人员可以推荐答案入库");
  std::vector<FieldError> errors;
  if (question_key(question).empty()) errors.push_back({"question", "不能为空"});
  else if (!valid_utf8(question) || utf8_length(question) > kMaxQuestion) errors.push_back({"question", "不能超过 500 个字"});
  if (answer.empty()) errors.push_back({"answer", "不能为空"});
  else if (!valid_utf8(answer) || utf8_length(answer) > kMaxAnswer) errors.push_back({"answer", "不能超过 5000 个字"});
  if (!errors.empty()) throw invalid("validation-failed", "推荐内容有误", "", std::move(errors));
  auto id = impl_->db.write([&](db::Tx& tx) -> std::int64_t {
    const auto at = impl_->now();
    auto seq = next_change(tx);
    Entry e;
    e.code = fmt::format("qa:helper:{}", seq);
    e.content.type = EntryType::qa;
    e.content.title = std::string(question);
    e.content.body = std::string(answer);
    e.content.department = std::string(department);
    e.content.items = std::move(items);
    e.content.source = "帮办答复（" + helper.display_name + "）";
    e.status = EntryStatus::in_review;
    e.version = 1;
    e.created_at = e.updated_at = at;
    e.updated_by = helper.username;
    // Reuses the entry writer of knowledge.cpp through import's path would re-check; the helper's
    // text was checked above, so insert directly.
    std::string type = "qa", vis = "public", status = "in_review", variants = "[]", its = join_json(e.content.items);
    long long eid = 0, lseq = seq;
    std::string empty;
    tx.sql() << "INSERT INTO kb_entries (code, type, title, body, variants, department, items, source, doc_number,"
                " effective_from, effective_to, visibility, status, version, created_at, updated_at, updated_by, change_seq)"
                " VALUES (:c, :t, :ti, :b, :v, :d, :i, :s, '', '', '', :vis, :st, 1, :at, :at2, :by, :seq) RETURNING id",
        soci::use(e.code), soci::use(type), soci::use(e.content.title), soci::use(e.content.body), soci::use(variants),
        soci::use(e.content.department), soci::use(its), soci::use(e.content.source), soci::use(vis), soci::use(status),
        soci::use(at), soci::use(at), soci::use(helper.username), soci::use(lseq), soci::into(eid);
    for (const auto& item : e.content.items)
      tx.sql() << "INSERT INTO kb_entry_items (entry_id, item) VALUES (:e, :i)", soci::use(eid), soci::use(item);
    e.id = eid;
    std::string content = json::serialize(content_json(e.content));
    tx.sql() << "INSERT INTO kb_history (entry_id, version, action, status, content, changed_fields, note, actor, at)"
                " VALUES (:e, 1, 'propose', 'in_review', :c, '[]', '帮办标记为有效答复', :by, :at)",
        soci::use(eid), soci::use(content), soci::use(helper.username), soci::use(at);
    auto t = insert_task(tx, TaskKind::candidate, "审核帮办答案：" + first_chars(std::string(question), 40),
                         std::string(question), e.content.source, std::string(department), e.id,
                         impl_->due_after(kCandidateDays), at);
    tx.audit({helper.username, "kb.propose", "kb_entry", std::to_string(e.id), "",
              json::serialize(json::object{{"task", t}, {"title", e.content.title}})});
    return t;
  });
  impl_->catch_up();
  return impl_->db.read([&](soci::session& sql) { return *load_task(*impl_, sql, id); });
}

std::vector<Task> KnowledgeBase::tasks(const Principal& who, const TaskFilter& f) const {
  if (!may_see_task(who)) throw forbidden("只有知识库编辑、帮办和分析人员可以查看维护任务");
  std::string sql_text = fmt::format("SELECT {} FROM kb_tasks WHERE 1 = 1", kTaskColumns);
  std::string state = f.state ? std::string(to_string(*f.state)) : "", kind = f.kind ? std::string(to_string(*f.kind)) : "";
  const std::string today = impl_->today();
  long long cursor = f.cursor.value_or(0);
  if (f.state) sql_text += " AND state = :state";
  if (f.kind) sql_text += " AND kind = :kind";
  if (!f.department.empty()) sql_text += " AND department = :dept";
  if (!f.owner.empty()) sql_text += " AND owner = :owner";
  if (f.overdue_only) sql_text += " AND state = 'open' AND due_on < :today";
  if (f.cursor) sql_text += " AND id < :cursor";
  sql_text += " ORDER BY due_on, id DESC LIMIT :limit";
  int limit = std::clamp(f.limit, 1, 200);
  return impl_->db.read([&](soci::session& sql) {
    soci::statement st(sql);
    st.alloc();
    st.prepare(sql_text);
    if (f.state) st.exchange(soci::use(state, "state"));
    if (f.kind) st.exchange(soci::use(kind, "kind"));
    std::string dept = f.department, owner = f.owner;
    if (!f.department.empty()) st.exchange(soci::use(dept, "dept"));
    if (!f.owner.empty()) st.exchange(soci::use(owner, "owner"));
    if (f.overdue_only) st.exchange(soci::use(today, "today"));
    if (f.cursor) st.exchange(soci::use(cursor, "cursor"));
    st.exchange(soci::use(limit, "limit"));
    soci::row r;
    st.exchange(soci::into(r));
    st.define_and_bind();
    st.execute(false);
    std::vector<Task> out;
    while (st.fetch()) out.push_back(task_of(*impl_, r));
    return out;
  });
}

Task KnowledgeBase::task(const Principal& who, std::int64_t id) const {
  if (!may_see_task(who)) throw forbidden("只有知识库编辑、帮办和分析人员可以查看维护任务");
  auto t = impl_->db.read([&](soci::session& sql) { return load_task(*impl_, sql, id); });
  if (!t) throw not_found("维护任务");
  return *t;
}

Task KnowledgeBase::assign(const Principal& who, std::int64_t id, std::string_view owner) {
  require_editor(who);
  std::string o(owner);
  if (o.size() > 64 || !valid_utf8(o)) throw invalid("validation-failed", "负责人有误", "", {{"owner", "应为账号名"}});
  impl_->db.write([&](db::Tx& tx) {
    auto t = load_task(*impl_, tx.sql(), id);
    if (!t) throw not_found("维护任务");
    if (t->state != TaskState::open) throw conflict("task-closed", "任务已关闭", "已关闭的任务不能再分派");
    tx.sql() << "UPDATE kb_tasks SET owner = :o WHERE id = :id", soci::use(o), soci::use(static_cast<long long>(id));
    tx.audit({who.username, "kb.task.assign", "kb_task", std::to_string(id), t->owner, o});
  });
  return task(who, id);
}

Task KnowledgeBase::complete(const Principal& who, std::int64_t id, std::optional<std::int64_t> entry, std::string_view note) {
  require_editor(who);
  std::string n(note);
  if (!valid_utf8(n) || utf8_length(n) > 500) throw invalid("validation-failed", "说明过长", "", {{"note", "不能超过 500 个字"}});
  if (!entry && n.empty()) throw invalid("validation-failed", "关闭任务需要答复条目或说明", "", {{"note", "不关联条目时请说明原因"}});
  impl_->db.write([&](db::Tx& tx) {
    auto t = load_task(*impl_, tx.sql(), id);
    if (!t) throw not_found("维护任务");
    if (t->state != TaskState::open) throw conflict("task-closed", "任务已关闭", "任务已经关闭");
    if (entry) {
      std::string status;
      soci::indicator ind = soci::i_null;
      tx.sql() << "SELECT status FROM kb_entries WHERE id = :e", soci::use(static_cast<long long>(*entry)), soci::into(status, ind);
      if (ind == soci::i_null) throw invalid("validation-failed", "答复条目不存在", "", {{"entry", "没有这个条目"}});
      if (status != "published") throw invalid("validation-failed", "答复条目尚未发布", "", {{"entry", "请先发布答复条目"}});
    }
    close_task(tx, id, entry ? TaskState::done : TaskState::dismissed, entry, who.username, n, impl_->now());
    tx.audit({who.username, entry ? "kb.task.done" : "kb.task.dismiss", "kb_task", std::to_string(id), "", n});
  });
  return task(who, id);
}

}  // namespace haoban::knowledge
