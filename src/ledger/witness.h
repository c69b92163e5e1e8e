// A witness (c2sp.org/tlog-witness): another organisation's service that cosigns a log's
// checkpoints only if each is consistent with the last one it cosigned, so a log cannot rewrite
// or roll back history without every holder of a cosigned checkpoint being able to show it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "ledger/hash.h"
#include "ledger/keys.h"
#include "ledger/note.h"

namespace haoban::ledger {

struct TrustedLog {
  VerifierKey key;  // its name is the log's origin
  HashAlg hash = HashAlg::sm3;
};

class Witness {
 public:
  // `state_dir` keeps the latest cosigned checkpoint per origin (one file each, replaced durably
  // before a cosignature is returned).
  Witness(std::filesystem::path state_dir, SigningKey key, std::vector<TrustedLog> logs, const Clock& clock);

  struct Reply {
    int status = 200;  // 200, 400, 403, 404, 409, 422 as tlog-witness prescribes
    std::string content_type = "text/plain; charset=utf-8";
    std::string body;  // cosignature lines, the latest size (409) or why not
  };
  // POST <prefix>/add-checkpoint. Thread-safe: the check against the stored size and the update
  // are one atomic step, so concurrent requests cannot roll the witness back.
  Reply add_checkpoint(std::string_view request_body);

  const SigningKey& key() const { return key_; }

 private:
  std::filesystem::path state_dir_;
  SigningKey key_;
  std::vector<TrustedLog> logs_;
  const Clock& clock_;
  std::mutex mu_;
};

// Client side: the request body for a witness, and the cosignatures of a reply merged into the
// note (only those that verify with one of `witnesses`).
std::string add_checkpoint_request(uint64_t old_size, std::span<const Hash> proof, std::string_view checkpoint_note);
std::string merge_cosignatures(std::string_view checkpoint_note, std::string_view reply_body,
                               std::span<const VerifierKey> witnesses);

}  // namespace haoban::ledger
