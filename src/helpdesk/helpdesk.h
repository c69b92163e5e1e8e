// 帮办: online human help. An applicant asks for help (from an item page, an application, or 小宝's
// hand-over, carried as context); the conversation goes to the least-busy online helper with the
// skill (the item's department or the item itself), else to the general pool, else it waits in the
// queue with its place shown — and when nobody who could take it is online it says so and offers a
// callback or a ticket instead of a silent wait. (Business hours bound the SLA timers, not routing:
// a helper online at night takes questions, with the timers starting at the next opening.)
//
// Messages are numbered per conversation (`seq`) and idempotent per sender and client id, so a
// client that resends after a reconnect never duplicates one. SLA timers (sla.h) run on business
// hours; every start, met and missed is recorded with wall-clock and business time, and a miss alerts
// the helper's supervisor. `tick` (every few seconds, and on demand in tests) moves presence to away
// and offline when heartbeats stop, assigns queued conversations as seats free up, and marks misses.
//
// Conversation states: queued → active → resolved → closed (confirmed by the applicant, or rated)
//                      resolved → active (reopened); unstaffed (callback or ticket chosen) — closed.
//
// Thread-safety: shared by all request threads; every change is one store transaction.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/events.h"
#include "core/principal.h"
#include "db/db.h"
#include "helpdesk/sla.h"

namespace haoban::helpdesk {

enum class Presence { online, away, offline };
std::string_view to_string(Presence p);
std::optional<Presence> presence_from_string(std::string_view s);

struct Helper {
  long long account = 0;
  std::string username, name;
  std::string department;           // the helper's own unit (区级部门 or 街镇)
  std::vector<std::string> skills;  // department ids and item codes they answer; "*" the general pool
  int seats = 3;                    // conversations at once
  Presence presence = Presence::offline;
  std::string presence_at;          // last heartbeat or change (ISO 8601)
  long long supervisor = 0;         // account alerted on SLA misses (0: none)
  int active = 0;                   // conversations now assigned (read only)
};

struct Context {
  std::string item;             // item code, or ""
  std::string department;       // the item's department (routing), or ""
  long long application = 0;    // the application the applicant is on, or 0
  std::string assistant_transcript;  // what 小宝 already said (hand-over), or ""
};

// A file or image sent in a conversation (the bytes live under Options::files_dir).
struct Attachment {
  long long id = 0;
  std::string name, media_type;
  long long size = 0;
};

struct Message {
  long long id = 0, conversation = 0, seq = 0;
  std::string sender_kind;  // applicant | helper | system
  long long sender = 0;
  std::string sender_name, body, client_id, created_at;
  std::optional<Attachment> attachment;  // a file message: body is the file's name
  long long kb_task = 0;                 // the knowledge-base candidate this answer became (0: none)
};

struct SlaRecord {
  std::string kind, state, started_at, due_at, stopped_at;
};

struct Conversation {
  long long id = 0;
  long long applicant = 0;
  std::string applicant_name;
  Context context;
  std::string state;  // queued | active | resolved | closed | unstaffed
  long long helper = 0;
  std::string helper_name;
  std::string created_at, assigned_at, first_response_at, resolved_at, closed_at;
  std::string category;     // resolution category
  std::string escalated_to; // department the helper escalated to (12345 three-way call included)
  std::string escalation_outcome;
  std::string unstaffed_choice;  // callback | ticket
  std::string callback_phone;
  int rating = 0;           // 1–5, 0 when not rated
  long long rated_helper = 0;
  int reopens = 0;
  long long last_seq = 0;
  int queue_position = 0;   // 1-based while queued
  long long applicant_read_seq = 0, helper_read_seq = 0;  // read receipts: the last message each has seen
  std::vector<SlaRecord> sla;
};

// An SLA miss, for the supervisors' board.
struct SlaMiss {
  long long conversation = 0;
  std::string kind, at, due_at, item, helper_name;
  long long helper = 0, business_minutes = 0;
};

// The supervisors' live view: helpers and their load, the queue, what is running, today's misses.
struct Board {
  std::string generated_at;
  std::vector<Helper> helpers;
  std::vector<Conversation> queued, active;
  std::vector<SlaMiss> missed;
};

// Creates a knowledge-base candidate from a helper's effective answer; returns the task's id.
using ProposeAnswer = std::function<long long(const Principal& helper, const std::string& question,
                                              const std::string& answer, const std::string& department,
                                              const std::vector<std::string>& items)>;

// An uploaded file, checked: its media type comes from its content, not from what the client says.
struct FileUpload {
  std::string name, declared_type, bytes, client_id;
};

struct Options {
  SlaTargets targets;
  int away_after_seconds = 120;     // no heartbeat: online → away
  int offline_after_seconds = 600;  // no heartbeat: away → offline
  std::size_t max_message = 4000;   // characters
  std::filesystem::path files_dir;  // files and images sent in conversations ("" refuses files)
  std::size_t max_file = 5 * 1024 * 1024;
  // Told after a rating is taken (好差评 records it as the conversation's 一次一评); its errors are
  // logged, never undo the rating.
  std::function<void(const Principal& applicant, long long conversation, int stars)> on_rated;
};

class HelpdeskService {
 public:
  HelpdeskService(db::Database& db, const Clock& clock, const WorkingCalendar& calendar, EventBus& events,
                  Options options = {});
  ~HelpdeskService();
  static std::span<const db::Migration> migrations();

  // --- helpers ---
  // Creates or updates a helper profile (seed, admin). Throws invalid for seats outside 1..20.
  void put_helper(const Helper& h, std::string_view actor);
  std::vector<Helper> helpers();
  // The helper's heartbeat or a chosen presence. Throws forbidden for a non-helper.
  Helper set_presence(const Principal& helper, Presence p);

  // --- applicants ---
  // Opens a conversation with the first message and routes it. Throws invalid for an empty or too
  // long text, forbidden for staff. A `client_id` makes it idempotent: the same applicant and id
  // again (a retry whose answer was lost) returns the conversation the first call opened.
  Conversation open(const Principal& applicant, const Context& context, std::string_view text,
                    std::string_view client_id = {});
  // The applicant's conversations, newest first.
  std::vector<Conversation> mine(const Principal& applicant, int limit = 50);
  // When nobody can take it: leave a phone number for a callback, or turn it into a ticket.
  Conversation choose_unstaffed(const Principal& applicant, long long id, std::string_view choice,
                                std::string_view phone);
  // resolved → closed (confirm) or → active (reopen, with the same helper when still online).
  Conversation confirm(const Principal& applicant, long long id);
  Conversation reopen(const Principal& applicant, long long id, std::string_view why);
  // Once per conversation, after resolution; tied to the helper who resolved it.
  Conversation rate(const Principal& applicant, long long id, int stars);

  // --- both parties ---
  // Appends a message (idempotent per sender and client_id: the same id returns the first message).
  // Throws not_found for someone else's conversation, conflict once closed.
  Message post(const Principal& who, long long id, std::string_view body, std::string_view client_id);
  std::vector<Message> messages(const Principal& who, long long id, long long after_seq = 0);
  Conversation get(const Principal& who, long long id);
  // Read receipt: messages up to `seq` have been seen by `who` (never moves back); the other party
  // gets a chat.read event.
  Conversation mark_read(const Principal& who, long long id, long long seq);
  // A file or image as a message: png, jpeg, webp, gif, pdf, docx or xlsx (by content), at most
  // Options::max_file bytes; stored durably before the message refers to it. Idempotent per client id.
  Message attach(const Principal& who, long long id, const FileUpload& file);
  // The attachment's metadata and bytes, for the two parties (and admin).
  std::pair<Attachment, std::string> file(const Principal& who, long long id, long long file_id);

  // --- helpers' actions ---
  std::vector<Conversation> my_queue(const Principal& helper);  // assigned to them, active first
  Conversation resolve(const Principal& helper, long long id, std::string_view category);
  // Hands the question to a department's specialist (the 12345 three-way call is one), with the outcome.
  Conversation escalate(const Principal& helper, long long id, std::string_view department,
                        std::string_view outcome);

  // The helper marks one of their answers effective: it becomes a knowledge-base candidate (the
  // applicant's question before it, the answer, the item and department), once per message.
  Message mark_effective(const Principal& helper, long long id, long long seq, const ProposeAnswer& propose);

  // --- supervisors ---
  // Everything live plus today's SLA misses. For admin (the helpers' supervisor) and analysts.
  Board board();

  // Presence decay, queue assignment, SLA misses. Returns how many things changed.
  int tick();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::helpdesk
