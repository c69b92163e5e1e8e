#include "ledger/proof.h"

#include <charconv>

#include <fmt/format.h>

#include "core/encoding.h"
#include "core/error.h"
#include "ledger/merkle.h"

namespace haoban::ledger {

namespace {

constexpr std::string_view kHeader = "c2sp.org/tlog-proof@v1";

Error bad_receipt(size_t line, std::string what) {
  return invalid("bad-receipt", "回执格式不正确", fmt::format("line {}: {}", line, what));
}

std::optional<uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || (s.size() > 1 && s[0] == '0')) return std::nullopt;
  uint64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::string format_receipt(const Receipt& r) {
  std::string out(kHeader);
  out += '\n';
  if (!r.extra.empty()) out += "extra " + base64_encode(r.extra) + "\n";
  out += fmt::format("index {}\n", r.index);
  for (const auto& p : r.proof) out += base64_encode(p) + "\n";
  out += '\n';
  out += r.checkpoint;
  return out;
}

Receipt parse_receipt(std::string_view text) {
  Receipt r;
  size_t pos = 0, line_no = 0;
  auto next_line = [&]() -> std::optional<std::string_view> {
    if (pos >= text.size()) return std::nullopt;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) throw bad_receipt(line_no + 1, "the receipt ends without its checkpoint");
    auto line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    return line;
  };
  auto line = next_line();
  if (!line || *line != kHeader) throw bad_receipt(1, "the first line must be c2sp.org/tlog-proof@v1");
  line = next_line();
  if (line && line->starts_with("extra ")) {
    auto extra = base64_decode(line->substr(6));
    if (!extra) throw bad_receipt(line_no, "extra is not valid base64");
    r.extra = std::move(*extra);
    line = next_line();
  }
  if (!line || !line->starts_with("index ")) throw bad_receipt(line_no, "expected 'index N'");
  auto index = parse_decimal(line->substr(6));
  if (!index) throw bad_receipt(line_no, "the index is not a decimal number without leading zeros");
  r.index = *index;
  for (;;) {
    line = next_line();
    if (!line) throw bad_receipt(line_no + 1, "missing the empty line before the checkpoint");
    if (line->empty()) break;
    auto hash = base64_decode(*line);
    if (!hash) throw bad_receipt(line_no, "a proof line is not valid base64");
    if (hash->size() != 32) throw bad_receipt(line_no, fmt::format("a proof hash is {} bytes, want 32", hash->size()));
    r.proof.push_back(std::move(*hash));
    if (r.proof.size() > 64) throw bad_receipt(line_no, "more than 64 proof hashes");
  }
  r.checkpoint = std::string(text.substr(pos));
  if (r.checkpoint.empty()) throw bad_receipt(line_no + 1, "missing the checkpoint");
  return r;
}

ReceiptCheck verify_receipt(std::string_view text, const VerifierKey& log_key, HashAlg hash,
                            std::span<const VerifierKey> witnesses, size_t min_cosigners) {
  ReceiptCheck c;
  try {
    Receipt r = parse_receipt(text);
    Note note = parse_note(r.checkpoint);
    if (!verify_note_signature(note, log_key)) {
      c.reason = "the checkpoint is not signed by the log key " + log_key.name();
      return c;
    }
    c.checkpoint = parse_checkpoint_body(note.text);
    if (c.checkpoint->origin != log_key.name()) {
      c.reason = fmt::format("the checkpoint is for origin '{}', not '{}'", c.checkpoint->origin, log_key.name());
      return c;
    }
    Hasher h(hash);
    auto verdict = verify_inclusion(h, r.index, c.checkpoint->size, as_bytes(h.leaf(r.extra)), r.proof,
                                    as_bytes(c.checkpoint->root));
    if (!verdict) {
      c.reason = "the inclusion proof does not verify: " + verdict.reason;
      return c;
    }
    for (const auto& w : witnesses)
      if (verify_cosignature(note, w)) c.cosigners.push_back(w.name());
    if (c.cosigners.size() < min_cosigners) {
      c.reason = fmt::format("{} witness cosignatures verified, {} required", c.cosigners.size(), min_cosigners);
      return c;
    }
    c.entry = parse_entry(r.extra);
    c.ok = true;
  } catch (const Error& e) {
    c.reason = e.detail().empty() ? e.title() : e.detail();
  }
  return c;
}

}  // namespace haoban::ledger
