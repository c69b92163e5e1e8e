// Receipts: c2sp.org/tlog-proof@v1, a self-contained, offline-verifiable proof that an entry is in
// the log, observed by witnesses. The `extra` line carries the entry itself (canonical JSON), so the
// receipt alone shows what was recorded; trust comes only from the signatures and the proof.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/entry.h"
#include "ledger/hash.h"
#include "ledger/keys.h"
#include "ledger/note.h"

namespace haoban::ledger {

struct Receipt {
  std::string extra;               // the entry bytes
  uint64_t index = 0;
  std::vector<std::string> proof;  // inclusion proof hashes, leaf's sibling first
  std::string checkpoint;          // the signed (and cosigned) checkpoint note, verbatim
};

std::string format_receipt(const Receipt& r);
// Throws invalid naming the line that is wrong.
Receipt parse_receipt(std::string_view text);

struct ReceiptCheck {
  bool ok = false;
  std::string reason;                   // English, why not
  std::optional<Checkpoint> checkpoint;
  std::optional<Entry> entry;           // when the extra data is a ledger entry
  std::vector<std::string> cosigners;   // witnesses whose cosignatures verified
};

// Parses and checks a receipt: the log's signature, the inclusion of the entry under the
// checkpoint's root, and (when given) at least `min_cosigners` of the witness keys. Never throws.
ReceiptCheck verify_receipt(std::string_view text, const VerifierKey& log_key, HashAlg hash,
                            std::span<const VerifierKey> witnesses = {}, size_t min_cosigners = 0);

}  // namespace haoban::ledger
