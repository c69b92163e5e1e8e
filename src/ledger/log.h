// A tiled transparency log on the local filesystem (c2sp.org/tlog-tiles layout, RFC 6962 tree).
//
// Durability: append() writes the entry bundles and tiles by temp-file-then-rename with fsync,
// fsyncs the directories, and only then replaces the signed checkpoint. An entry is acknowledged
// (append returns) once the checkpoint that covers it is durable; a crash at any point leaves the
// previous checkpoint in force and the log opens and verifies. Files beyond the checkpoint are
// leftovers of an unacknowledged batch and are overwritten by the next append.
//
// Thread-safety: appends are serialised; reads (proofs, entries, checkpoint) may run concurrently
// with each other and with an append, and see the checkpoint current when they started.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/hash.h"

namespace haoban::ledger {

struct LogParams {
  std::string origin;              // checkpoint origin line, e.g. "ledger.baoshan.gov.cn/haoban"
  HashAlg hash = HashAlg::sm3;
};

// Turns a checkpoint body ("origin\nsize\nroot\n") into the signed note stored and served.
using CheckpointSigner = std::function<std::string(const std::string& body)>;

// Fault injection for crash tests: called with a step name before every durable step of an
// append ("write tile/0/000", "rename …", "sync dirs", "checkpoint", "cleanup").
using StepHook = std::function<void(std::string_view step)>;

class Log {
 public:
  // Creates an empty log (size 0, signed checkpoint) in `dir`; refuses a directory that holds one.
  static void create(const std::filesystem::path& dir, const LogParams& params, const CheckpointSigner& sign);
  static bool exists(const std::filesystem::path& dir);
  // The log's origin and hash function (the `params` file). Throws Error if missing or malformed.
  static LogParams read_params(const std::filesystem::path& dir);

  // Opens the log, loading the right edge of the tree for the current checkpoint and checking the
  // checkpoint's root against the tiles. Throws Error (kind internal) if they disagree.
  static std::unique_ptr<Log> open(const std::filesystem::path& dir, CheckpointSigner sign, StepHook hook = {});

  ~Log();
  Log(const Log&) = delete;
  Log& operator=(const Log&) = delete;

  const LogParams& params() const;
  const std::filesystem::path& dir() const;
  uint64_t size() const;
  Hash root() const;
  std::string checkpoint() const;  // the signed note as stored

  // Appends the entries durably and publishes a checkpoint covering them; returns the index of the
  // first. Refuses (invalid, nothing written) an entry longer than kMaxEntryBytes.
  uint64_t append(std::span<const std::string> entries);

  // Reads for any index / size up to size(); invalid error beyond it.
  std::string entry(uint64_t index) const;
  Hash leaf_hash(uint64_t index) const;
  Hash root_at(uint64_t size) const;
  std::vector<Hash> inclusion_proof(uint64_t index, uint64_t size) const;
  std::vector<Hash> consistency_proof(uint64_t from, uint64_t to) const;

  // The bytes of a tile or entry bundle (tlog-tiles path after "tile/") that the current
  // checkpoint publishes; nullopt for a malformed path, one beyond the checkpoint, or a partial
  // tile already replaced by its full tile.
  std::optional<std::string> published_tile(std::string_view path_after_tile) const;

 private:
  struct Impl;
  explicit Log(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The full audit of a log's files, for `haoban ledger verify`: every entry bundle against the
// level-0 tile, every tile against the level above, the checkpoint's root against the tiles.
struct VerifyReport {
  bool ok = false;
  uint64_t size = 0;                     // the checkpoint's size
  uint64_t entries_checked = 0;
  std::optional<uint64_t> bad_index;     // the first entry index affected by a problem
  std::string file;                      // the file at fault, relative to the log directory
  std::string problem;                   // English
};
VerifyReport verify_log(const std::filesystem::path& dir);

}  // namespace haoban::ledger
