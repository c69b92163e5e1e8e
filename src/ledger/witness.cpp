#include "ledger/witness.h"

#include <charconv>
#include <chrono>

#include <fmt/format.h>

#include "core/encoding.h"
#include "core/error.h"
#include "ledger/files.h"
#include "ledger/merkle.h"

namespace haoban::ledger {

namespace fs = std::filesystem;

namespace {

Witness::Reply reply(int status, std::string body) {
  Witness::Reply r;
  r.status = status;
  r.body = std::move(body);
  if (!r.body.empty() && r.body.back() != '\n') r.body += '\n';
  return r;
}

std::optional<uint64_t> parse_size(std::string_view s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// One state file per origin; the origin is hex-encoded so any origin is a safe file name.
fs::path state_file(const fs::path& dir, const std::string& origin) { return dir / (hex_encode(origin) + ".checkpoint"); }

}  // namespace

Witness::Witness(fs::path state_dir, SigningKey key, std::vector<TrustedLog> logs, const Clock& clock)
    : state_dir_(std::move(state_dir)), key_(std::move(key)), logs_(std::move(logs)), clock_(clock) {}

Witness::Reply Witness::add_checkpoint(std::string_view body) {
  // old line, proof lines, blank line, checkpoint note.
  size_t eol = body.find('\n');
  if (eol == std::string_view::npos || !body.starts_with("old ")) return reply(400, "the first line must be 'old <size>'");
  auto old_size = parse_size(body.substr(4, eol - 4));
  if (!old_size) return reply(400, "the old size is not a decimal number without leading zeros");
  std::vector<std::string> proof;
  size_t pos = eol + 1;
  for (;;) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) return reply(400, "missing the empty line before the checkpoint");
    auto line = body.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) break;
    auto hash = base64_decode(line);
    if (!hash) return reply(400, "a consistency proof line is not valid base64");
    proof.push_back(std::move(*hash));
    if (proof.size() > 63) return reply(400, "more than 63 consistency proof lines");
  }
  Note note;
  Checkpoint cp;
  try {
    note = parse_note(body.substr(pos));
    cp = parse_checkpoint_body(note.text);
  } catch (const Error& e) {
    return reply(400, "malformed checkpoint: " + e.detail());
  }
  const TrustedLog* log = nullptr;
  for (const auto& l : logs_)
    if (l.key.name() == cp.origin) log = &l;
  if (!log) return reply(404, "unknown log origin " + cp.origin);
  if (!verify_note_signature(note, log->key)) return reply(403, "no signature verifies with the log's key");
  if (*old_size > cp.size) return reply(400, fmt::format("old size {} is larger than the checkpoint's {}", *old_size, cp.size));

  std::lock_guard lock(mu_);
  fs::path file = state_file(state_dir_, cp.origin);
  uint64_t latest = 0;
  std::optional<Checkpoint> stored;
  if (auto text = read_file(file)) {
    stored = parse_checkpoint_body(parse_note(*text).text);
    latest = stored->size;
  }
  if (*old_size != latest) {
    Reply r = reply(409, std::to_string(latest));
    r.content_type = "text/x.tlog.size";
    return r;
  }
  if (stored && stored->size == cp.size) {
    if (stored->root != cp.root) return reply(409, "same size, different root: the log forked");
  } else if (*old_size == 0) {
    if (!proof.empty()) return reply(422, "the proof must be empty from size 0");
  } else {
    Hasher h(log->hash);
    auto v = verify_consistency(h, *old_size, cp.size, proof, as_bytes(stored->root), as_bytes(cp.root));
    if (!v) return reply(422, "the consistency proof does not verify: " + v.reason);
  }
  std::set<fs::path> dirs;
  write_durably(state_dir_, file, format_note(note), dirs);
  sync_dirs(dirs);
  auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count();
  NoteSignature sig = cosign_checkpoint(key_, note.text, static_cast<uint64_t>(now));
  Note only{note.text, {sig}};
  std::string formatted = format_note(only);
  return reply(200, formatted.substr(note.text.size() + 1));  // just the signature line
}

std::string add_checkpoint_request(uint64_t old_size, std::span<const Hash> proof, std::string_view checkpoint_note) {
  std::string out = fmt::format("old {}\n", old_size);
  for (const auto& h : proof) out += base64_encode(as_bytes(h)) + "\n";
  out += '\n';
  out += checkpoint_note;
  return out;
}

std::string merge_cosignatures(std::string_view checkpoint_note, std::string_view reply_body,
                               std::span<const VerifierKey> witnesses) {
  Note note = parse_note(checkpoint_note);
  Note with_reply = parse_note(note.text + "\n" + std::string(reply_body));
  for (const auto& s : with_reply.signatures)
    for (const auto& w : witnesses)
      if (s.name == w.name() && verify_cosignature(Note{note.text, {s}}, w)) {
        note.signatures.push_back(s);
        break;
      }
  return format_note(note);
}

}  // namespace haoban::ledger
