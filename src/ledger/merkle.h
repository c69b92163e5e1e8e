// RFC 6962 / RFC 9162 Merkle tree algorithms, independent of where the hashes are stored.
//
// Proof *generation* asks a PerfectHash callback for the roots of perfect, aligned subtrees
// (the tiles provide those); proof *verification* works on untrusted byte strings exactly as
// they arrive in a receipt or an API response, and never throws on bad input.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "ledger/hash.h"

namespace haoban::ledger {

// The root of the perfect subtree of 2^level leaves that starts at leaf index << level.
using PerfectHash = std::function<Hash(unsigned level, uint64_t index)>;

// MTH(D[begin:end]) for any range a proof of a tree of size >= end can need (begin is aligned to
// the largest power of two below end - begin, as every RFC 6962 split is).
Hash range_root(Hasher& h, uint64_t begin, uint64_t end, const PerfectHash& perfect);

// RFC 6962 §2.1.1 PATH(index, D[0:size]); requires index < size.
std::vector<Hash> inclusion_proof(Hasher& h, uint64_t index, uint64_t size, const PerfectHash& perfect);

// RFC 6962 §2.1.2 PROOF(size1, D[0:size2]); requires 0 < size1 <= size2 (empty when equal).
std::vector<Hash> consistency_proof(Hasher& h, uint64_t size1, uint64_t size2, const PerfectHash& perfect);

// MTH of a list of leaf hashes held in memory (tests, small trees, the CLI's tree-root).
Hash root_of(Hasher& h, std::span<const Hash> leaves);
PerfectHash perfect_in_memory(Hasher& h, std::span<const Hash> leaves);

struct Verdict {
  bool ok = false;
  std::string reason;  // English, why not; empty when ok
  explicit operator bool() const { return ok; }
};

// RFC 9162 §2.1.3.2. Every hash must be exactly 32 bytes.
Verdict verify_inclusion(Hasher& h, uint64_t index, uint64_t size, std::string_view leaf_hash,
                         std::span<const std::string> proof, std::string_view root);

// RFC 9162 §2.1.4.2. A proof from size 0 always fails: it would prove nothing.
Verdict verify_consistency(Hasher& h, uint64_t size1, uint64_t size2, std::span<const std::string> proof,
                           std::string_view root1, std::string_view root2);

}  // namespace haoban::ledger
