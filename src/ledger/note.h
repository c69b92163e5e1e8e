// Signed notes (c2sp.org/signed-note), checkpoints (c2sp.org/tlog-checkpoint) and witness
// cosignatures on them (c2sp.org/tlog-cosignature, cosignature/v1). Keys and signature types are
// in keys.h.
//
// All functions are pure (no shared state) and safe to call concurrently.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/hash.h"
#include "ledger/keys.h"

namespace haoban::ledger {

// At most this many signature lines are accepted in a note (the spec requires at least 16).
inline constexpr std::size_t kMaxNoteSignatures = 100;

// One signature line: "— <name> base64(key_id (4 bytes, big-endian) || signature)".
struct NoteSignature {
  std::string name;
  uint32_t key_id = 0;
  std::string signature;  // raw bytes after the 4-byte key ID
  bool operator==(const NoteSignature&) const = default;
};

struct Note {
  std::string text;  // includes the final newline, not the blank separator line
  std::vector<NoteSignature> signatures;
  bool operator==(const Note&) const = default;
};

// Parses a signed note strictly: valid UTF-8, no control characters but newline, text ending in
// newline, separated by the last blank line from 1..kMaxNoteSignatures lines "— <name> <base64>"
// with a valid key name and at least 5 decoded bytes. Signatures are not verified. Throws
// haoban::invalid ("invalid-note") whose detail says what is wrong (and on which line).
Note parse_note(std::string_view note);

// The wire form of `note`. Throws haoban::invalid if it would not parse back (bad text, no or
// too many signatures, a bad key name or an empty signature).
std::string format_note(const Note& note);

// Signs `text` with each key (note role), in order; the pointers must be non-null. Throws
// haoban::invalid if the text is not valid note text (UTF-8, no control characters but newline,
// ends in newline), if there are no keys or more than kMaxNoteSignatures, or if the text starts
// with "cosignature/" — refused so that a note signature can never double as a cosignature when
// a key is (wrongly) used in both roles.
Note sign_note(std::string text, std::span<const SigningKey* const> keys);
Note sign_note(std::string text, const SigningKey& key);

// True when `note` has at least one signature line with `key`'s name and key ID and every such
// line verifies over note.text (signed-note: a failing known signature rejects the note).
// Signatures from other keys are ignored. Throws haoban::invalid if `key` is not a note key.
bool verify_note_signature(const Note& note, const VerifierKey& key);

// A checkpoint's note text:
//   <origin>\n<decimal size>\n<base64 root hash>\n[<extension line>\n ...]
struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // NOT RECOMMENDED by the spec; each non-empty
  bool operator==(const Checkpoint&) const = default;
};

// Throws haoban::invalid ("invalid-checkpoint") for an empty origin or extension line, or one
// containing a newline or another control character, or invalid UTF-8.
std::string format_checkpoint_body(const Checkpoint& checkpoint);

// Parses a checkpoint's note text strictly: ends in newline, at least three lines, non-empty
// origin, size in decimal without leading zeros (just "0" for an empty tree) fitting in 64 bits,
// root hash as canonical base64 of exactly 32 bytes, non-empty extension lines. Throws
// haoban::invalid ("invalid-checkpoint") with a specific detail.
Checkpoint parse_checkpoint_body(std::string_view body);

// A witness cosignature line (tlog-cosignature/v1) by `witness` on `checkpoint_body`, at
// `unix_seconds`: name = witness name, key ID = its cosigner key ID, signature = 8-byte
// big-endian timestamp || raw signature. Append it to the checkpoint note's signatures.
// Throws haoban::invalid if the body is not a valid checkpoint or the time exceeds 2^63-1.
NoteSignature cosign_checkpoint(const SigningKey& witness, std::string_view checkpoint_body,
                                uint64_t unix_seconds);

// The cosignature timestamp when `note` carries at least one signature line with `witness`'s
// name and key ID and every such line is a valid cosignature of note.text (the first one's
// timestamp is returned); nullopt otherwise. Throws haoban::invalid if `witness` is not a
// cosigner key.
std::optional<uint64_t> verify_cosignature(const Note& note, const VerifierKey& witness);

}  // namespace haoban::ledger
