// The ledger module's public interface: record entries durably, serve checkpoints, proofs and
// receipts. See docs/ledger.md for the format on disk and on the wire.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "ledger/entry.h"
#include "ledger/keys.h"
#include "ledger/log.h"

namespace haoban::ledger {

// Signs checkpoint bodies with the log's keys (SM2, plus Ed25519 for public witness software).
CheckpointSigner checkpoint_signer(std::vector<SigningKey> keys);

class Ledger {
 public:
  explicit Ledger(std::unique_ptr<Log> log, size_t max_batch = 8192);

  // Returns once the entry is covered by a durable, signed checkpoint; its index in the log.
  // Concurrent callers are committed together (group commit): one fsync round serves them all.
  // Thread-safe. Throws Error if the store fails; then nothing of that batch is acknowledged.
  uint64_t record(const Entry& entry);
  // Several entries in one batch; returns the index of the first (the rest follow in order).
  uint64_t record_all(std::span<const Entry> entries);

  Log& log() { return *log_; }
  const Log& log() const { return *log_; }

  // The checkpoint to serve: the latest one witnesses cosigned if it is current, else the log's own.
  std::string checkpoint() const;
  // Stores a checkpoint note carrying witness cosignatures (from the witness round).
  void set_cosigned(std::string note);
  std::string cosigned() const;

  // A c2sp.org/tlog-proof@v1 receipt for entry `index`: the entry itself as `extra`, its inclusion
  // proof and the newest (cosigned when available) checkpoint that covers it. Verifies offline.
  std::string receipt(uint64_t index) const;

 private:
  uint64_t commit(std::vector<std::string> entries);

  std::unique_ptr<Log> log_;
  size_t max_batch_;

  struct Pending {
    std::string entry;
    uint64_t index = 0;
    bool done = false;
    std::exception_ptr error;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  bool flushing_ = false;

  mutable std::mutex cosigned_mu_;
  std::string cosigned_;
};

}  // namespace haoban::ledger
