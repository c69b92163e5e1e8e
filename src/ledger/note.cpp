#include "ledger/note.h"

#include <charconv>
#include <cstdio>

#include "core/encoding.h"
#include "core/error.h"
#include "core/utf8.h"

namespace haoban::ledger {

namespace {

constexpr std::string_view kEmDashSpace = "\xE2\x80\x94 ";  // U+2014, U+0020

[[noreturn]] void bad_note(std::string detail) {
  throw invalid("invalid-note", "签名文本格式无效", std::move(detail));
}

[[noreturn]] void bad_checkpoint(std::string detail) {
  throw invalid("invalid-checkpoint", "检查点格式无效", std::move(detail));
}

// UTF-8 and no ASCII control characters other than newline; nullopt when fine.
std::optional<std::string> text_problem(std::string_view s) {
  if (auto at = first_invalid_utf8(s)) return "invalid UTF-8 at byte " + std::to_string(*at);
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\n') {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", c);
      return "control character " + std::string(hex) + " at byte " + std::to_string(i);
    }
  }
  return std::nullopt;
}

void require_note_text(std::string_view text) {
  if (auto problem = text_problem(text)) bad_note("note text has " + *problem);
  if (text.empty() || text.back() != '\n') bad_note("note text must end with a newline");
}

std::string be32(uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16 & 0xff), static_cast<char>(v >> 8 & 0xff),
          static_cast<char>(v & 0xff)};
}

uint32_t read_be32(std::string_view b) {
  uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(b[i]);
  return v;
}

NoteSignature parse_signature_line(std::string_view line, std::size_t n) {
  std::string where = "signature line " + std::to_string(n) + ": ";
  if (line.substr(0, kEmDashSpace.size()) != kEmDashSpace)
    bad_note(where + "does not start with an em dash (U+2014) and a space");
  line.remove_prefix(kEmDashSpace.size());
  auto space = line.find(' ');
  if (space == std::string_view::npos) bad_note(where + "has no space between key name and signature");
  std::string_view name = line.substr(0, space);
  if (!is_valid_key_name(name)) bad_note(where + "invalid key name \"" + std::string(name) + "\"");
  auto sig = base64_decode(line.substr(space + 1));
  if (!sig) bad_note(where + "signature is not valid base64");
  if (sig->size() < 5) bad_note(where + "signature is shorter than a 4-byte key ID and one signature byte");
  return {std::string(name), read_be32(*sig), sig->substr(4)};
}

void require_key_role(const VerifierKey& key, KeyRole role) {
  if (key.role() != role)
    throw invalid("wrong-key-role", "密钥用途不符",
                  "key " + key.name() +
                      (role == KeyRole::note ? " is a cosigner key, not a note signing key"
                                             : " is a note signing key, not a cosigner key"));
}

bool matches(const NoteSignature& sig, const VerifierKey& key) {
  return sig.name == key.name() && sig.key_id == key.key_id();
}

void require_checkpoint_line(std::string_view line, std::string_view what) {
  if (line.empty()) bad_checkpoint("checkpoint " + std::string(what) + " is empty");
  if (auto problem = text_problem(line))
    bad_checkpoint("checkpoint " + std::string(what) + " has " + *problem);
  if (line.find('\n') != std::string_view::npos)
    bad_checkpoint("checkpoint " + std::string(what) + " contains a newline");
}

uint64_t parse_tree_size(std::string_view s) {
  bool digits = !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits || (s.size() > 1 && s[0] == '0'))
    bad_checkpoint("checkpoint tree size \"" + std::string(s) +
                   "\" is not a decimal number without leading zeros");
  uint64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) bad_checkpoint("checkpoint tree size exceeds 2^64-1");
  return v;
}

}  // namespace

Note parse_note(std::string_view note) {
  if (auto problem = text_problem(note)) bad_note("note has " + *problem);
  if (note.empty() || note.back() != '\n') bad_note("note does not end with a newline");
  auto split = note.rfind("\n\n");
  if (split == std::string_view::npos) bad_note("note has no blank line between the text and the signatures");
  Note out{std::string(note.substr(0, split + 1)), {}};
  std::string_view sigs = note.substr(split + 2);
  if (sigs.empty()) bad_note("note has no signature lines after the blank line");
  for (std::size_t n = 1; !sigs.empty(); ++n) {
    if (n > kMaxNoteSignatures)
      bad_note("note has more than " + std::to_string(kMaxNoteSignatures) + " signatures");
    auto nl = sigs.find('\n');  // present: the note ends in newline
    out.signatures.push_back(parse_signature_line(sigs.substr(0, nl), n));
    sigs.remove_prefix(nl + 1);
  }
  return out;
}

std::string format_note(const Note& note) {
  require_note_text(note.text);
  if (note.signatures.empty()) bad_note("a note needs at least one signature");
  if (note.signatures.size() > kMaxNoteSignatures)
    bad_note("note has more than " + std::to_string(kMaxNoteSignatures) + " signatures");
  std::string out = note.text + "\n";
  for (const auto& sig : note.signatures) {
    if (!is_valid_key_name(sig.name)) bad_note("invalid key name \"" + sig.name + "\"");
    if (sig.signature.empty()) bad_note("signature by " + sig.name + " is empty");
    out +=
        std::string(kEmDashSpace) + sig.name + " " + base64_encode(be32(sig.key_id) + sig.signature) + "\n";
  }
  return out;
}

Note sign_note(std::string text, std::span<const SigningKey* const> keys) {
  require_note_text(text);
  if (text.starts_with("cosignature/"))
    bad_note("note text must not start with \"cosignature/\" (reserved for cosigned messages)");
  if (keys.empty() || keys.size() > kMaxNoteSignatures)
    bad_note("a note is signed by 1 to " + std::to_string(kMaxNoteSignatures) + " keys");
  Note note{std::move(text), {}};
  for (const SigningKey* key : keys)
    note.signatures.push_back({key->name(), key->key_id(KeyRole::note), key->sign(note.text)});
  return note;
}

Note sign_note(std::string text, const SigningKey& key) {
  const SigningKey* keys[] = {&key};
  return sign_note(std::move(text), keys);
}

bool verify_note_signature(const Note& note, const VerifierKey& key) {
  require_key_role(key, KeyRole::note);
  bool found = false;
  for (const auto& sig : note.signatures) {
    if (!matches(sig, key)) continue;
    if (!key.verify(note.text, sig.signature)) return false;
    found = true;
  }
  return found;
}

std::string format_checkpoint_body(const Checkpoint& checkpoint) {
  require_checkpoint_line(checkpoint.origin, "origin");
  std::string out = checkpoint.origin + "\n" + std::to_string(checkpoint.size) + "\n" +
                    base64_encode(as_bytes(checkpoint.root)) + "\n";
  for (std::size_t i = 0; i < checkpoint.extensions.size(); ++i) {
    require_checkpoint_line(checkpoint.extensions[i], "extension line " + std::to_string(i + 1));
    out += checkpoint.extensions[i] + "\n";
  }
  return out;
}

Checkpoint parse_checkpoint_body(std::string_view body) {
  if (auto problem = text_problem(body)) bad_checkpoint("checkpoint has " + *problem);
  if (body.empty() || body.back() != '\n') bad_checkpoint("checkpoint body does not end with a newline");
  std::vector<std::string_view> lines;
  for (std::string_view rest = body; !rest.empty();) {
    auto nl = rest.find('\n');
    lines.push_back(rest.substr(0, nl));
    rest.remove_prefix(nl + 1);
  }
  if (lines.size() < 3)
    bad_checkpoint("checkpoint body has fewer than three lines (origin, size, root hash)");
  if (lines[0].empty()) bad_checkpoint("checkpoint origin is empty");
  Checkpoint out;
  out.origin = lines[0];
  out.size = parse_tree_size(lines[1]);
  auto root = base64_decode(lines[2]);
  if (!root) bad_checkpoint("checkpoint root hash is not valid base64");
  auto hash = hash_from_bytes(*root);
  if (!hash) bad_checkpoint("checkpoint root hash is " + std::to_string(root->size()) + " bytes, not 32");
  out.root = *hash;
  for (std::size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) bad_checkpoint("checkpoint extension line " + std::to_string(i - 2) + " is empty");
    out.extensions.emplace_back(lines[i]);
  }
  return out;
}

NoteSignature cosign_checkpoint(const SigningKey& witness, std::string_view checkpoint_body,
                                uint64_t unix_seconds) {
  parse_checkpoint_body(checkpoint_body);
  return {witness.name(), witness.key_id(KeyRole::cosigner), witness.cosign(checkpoint_body, unix_seconds)};
}

std::optional<uint64_t> verify_cosignature(const Note& note, const VerifierKey& witness) {
  require_key_role(witness, KeyRole::cosigner);
  std::optional<uint64_t> first;
  for (const auto& sig : note.signatures) {
    if (!matches(sig, witness)) continue;
    auto t = witness.verify_cosigned(note.text, sig.signature);
    if (!t) return std::nullopt;
    if (!first) first = t;
  }
  return first;
}

}  // namespace haoban::ledger
