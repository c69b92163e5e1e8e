#include "ledger/merkle.h"

#include <bit>

#include <fmt/format.h>

#include "core/error.h"

namespace haoban::ledger {

namespace {

// The largest power of two strictly below n (n >= 2).
uint64_t split_point(uint64_t n) { return std::bit_floor(n - 1); }

Verdict fail(std::string reason) { return {false, std::move(reason)}; }

std::optional<Hash> as_hash(std::string_view bytes) { return hash_from_bytes(bytes); }

void path(Hasher& h, uint64_t index, uint64_t begin, uint64_t end, const PerfectHash& perfect,
          std::vector<Hash>& out) {
  if (end - begin <= 1) return;
  uint64_t k = split_point(end - begin);
  if (index < k) {
    path(h, index, begin, begin + k, perfect, out);
    out.push_back(range_root(h, begin + k, end, perfect));
  } else {
    path(h, index - k, begin + k, end, perfect, out);
    out.push_back(range_root(h, begin, begin + k, perfect));
  }
}

void subproof(Hasher& h, uint64_t m, uint64_t begin, uint64_t end, bool complete, const PerfectHash& perfect,
              std::vector<Hash>& out) {
  uint64_t n = end - begin;
  if (m == n) {
    if (!complete) out.push_back(range_root(h, begin, end, perfect));
    return;
  }
  uint64_t k = split_point(n);
  if (m <= k) {
    subproof(h, m, begin, begin + k, complete, perfect, out);
    out.push_back(range_root(h, begin + k, end, perfect));
  } else {
    subproof(h, m - k, begin + k, end, false, perfect, out);
    out.push_back(range_root(h, begin, begin + k, perfect));
  }
}

}  // namespace

Hash range_root(Hasher& h, uint64_t begin, uint64_t end, const PerfectHash& perfect) {
  uint64_t n = end - begin;
  if (n == 0) return h.empty_root();
  if (std::has_single_bit(n) && begin % n == 0)
    return perfect(static_cast<unsigned>(std::countr_zero(n)), begin >> std::countr_zero(n));
  uint64_t k = split_point(n);
  return h.node(range_root(h, begin, begin + k, perfect), range_root(h, begin + k, end, perfect));
}

std::vector<Hash> inclusion_proof(Hasher& h, uint64_t index, uint64_t size, const PerfectHash& perfect) {
  if (index >= size)
    throw invalid("index-beyond-tree", "条目序号超出日志范围",
                  fmt::format("index {} is not below tree size {}", index, size));
  std::vector<Hash> out;
  path(h, index, 0, size, perfect, out);
  return out;
}

std::vector<Hash> consistency_proof(Hasher& h, uint64_t size1, uint64_t size2, const PerfectHash& perfect) {
  if (size1 == 0 || size1 > size2)
    throw invalid("bad-tree-sizes", "一致性证明的树大小无效",
                  fmt::format("need 0 < from <= to, got from={} to={}", size1, size2));
  std::vector<Hash> out;
  if (size1 < size2) subproof(h, size1, 0, size2, true, perfect, out);
  return out;
}

PerfectHash perfect_in_memory(Hasher& h, std::span<const Hash> leaves) {
  return [&h, leaves](unsigned level, uint64_t index) {
    std::vector<Hash> layer(leaves.begin() + static_cast<std::ptrdiff_t>(index << level),
                            leaves.begin() + static_cast<std::ptrdiff_t>((index + 1) << level));
    while (layer.size() > 1) {
      for (size_t i = 0; i < layer.size() / 2; ++i) layer[i] = h.node(layer[2 * i], layer[2 * i + 1]);
      layer.resize(layer.size() / 2);
    }
    return layer[0];
  };
}

Hash root_of(Hasher& h, std::span<const Hash> leaves) {
  return range_root(h, 0, leaves.size(), perfect_in_memory(h, leaves));
}

Verdict verify_inclusion(Hasher& h, uint64_t index, uint64_t size, std::string_view leaf_hash,
                         std::span<const std::string> proof, std::string_view root) {
  if (index >= size) return fail(fmt::format("index {} is not below tree size {}", index, size));
  auto r = as_hash(leaf_hash);
  if (!r) return fail(fmt::format("leaf hash is {} bytes, want 32", leaf_hash.size()));
  uint64_t fn = index, sn = size - 1;
  for (size_t i = 0; i < proof.size(); ++i) {
    auto p = as_hash(proof[i]);
    if (!p) return fail(fmt::format("proof element {} is {} bytes, want 32", i, proof[i].size()));
    if (sn == 0) return fail(fmt::format("proof has {} elements, more than a tree of size {} needs", proof.size(), size));
    if ((fn & 1) || fn == sn) {
      *r = h.node(*p, *r);
      if (!(fn & 1))
        while (fn != 0 && !(fn & 1)) fn >>= 1, sn >>= 1;
    } else {
      *r = h.node(*r, *p);
    }
    fn >>= 1, sn >>= 1;
  }
  if (sn != 0) return fail(fmt::format("proof has {} elements, too few for a tree of size {}", proof.size(), size));
  if (as_bytes(*r) != root) return fail("computed root does not match the given root");
  return {true, {}};
}

Verdict verify_consistency(Hasher& h, uint64_t size1, uint64_t size2, std::span<const std::string> proof,
                           std::string_view root1, std::string_view root2) {
  if (size1 == 0) return fail("a consistency proof from size 0 proves nothing");
  if (size1 > size2) return fail(fmt::format("size1 {} is larger than size2 {}", size1, size2));
  if (size1 == size2) {
    if (!proof.empty()) return fail("equal sizes need an empty proof");
    if (root1 != root2) return fail("equal sizes but different roots");
    return {true, {}};
  }
  if (proof.empty()) return fail("empty proof for different sizes");
  std::vector<Hash> path;
  path.reserve(proof.size() + 1);
  if (std::has_single_bit(size1)) {
    auto first = as_hash(root1);
    if (!first) return fail(fmt::format("root1 is {} bytes, want 32", root1.size()));
    path.push_back(*first);
  }
  for (size_t i = 0; i < proof.size(); ++i) {
    auto p = as_hash(proof[i]);
    if (!p) return fail(fmt::format("proof element {} is {} bytes, want 32", i, proof[i].size()));
    path.push_back(*p);
  }
  uint64_t fn = size1 - 1, sn = size2 - 1;
  while (fn & 1) fn >>= 1, sn >>= 1;
  Hash fr = path[0], sr = path[0];
  for (size_t i = 1; i < path.size(); ++i) {
    if (sn == 0) return fail("proof is longer than the trees need");
    if ((fn & 1) || fn == sn) {
      fr = h.node(path[i], fr);
      sr = h.node(path[i], sr);
      if (!(fn & 1))
        while (fn != 0 && !(fn & 1)) fn >>= 1, sn >>= 1;
    } else {
      sr = h.node(sr, path[i]);
    }
    fn >>= 1, sn >>= 1;
  }
  if (sn != 0) return fail("proof is shorter than the trees need");
  if (as_bytes(fr) != root1) return fail("proof does not lead to root1");
  if (as_bytes(sr) != root2) return fail("proof does not lead to root2");
  return {true, {}};
}

}  // namespace haoban::ledger
