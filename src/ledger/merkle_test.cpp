#include "ledger/merkle.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/encoding.h"
#include "core/error.h"
#include "testing/testing.h"

namespace haoban::ledger {
namespace {

namespace json = boost::json;
namespace fs = std::filesystem;

std::string b64(const json::value& v) {
  if (v.is_null()) return {};
  auto d = base64_decode(v.as_string());
  if (!d) throw std::runtime_error("bad base64 in vector");
  return *d;
}

std::vector<std::string> b64_list(const json::value& v) {
  std::vector<std::string> out;
  if (v.is_array())
    for (const auto& e : v.as_array()) out.push_back(b64(e));
  return out;
}

std::vector<fs::path> vectors(const std::string& kind) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(testing::source_dir() / "tests/data/merkle" / kind))
    if (e.path().extension() == ".json") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

json::object load(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str()).as_object();
}

TEST(MerkleVectors, EveryInclusionCase) {
  Hasher h(HashAlg::sha256);
  auto files = vectors("inclusion");
  ASSERT_GT(files.size(), 50u);
  int negatives = 0;
  for (const auto& f : files) {
    auto v = load(f);
    bool want_err = v.at("wantErr").as_bool();
    negatives += want_err;
    auto verdict = verify_inclusion(h, v.at("leafIdx").to_number<uint64_t>(), v.at("treeSize").to_number<uint64_t>(),
                                    b64(v.at("leafHash")), b64_list(v.at("proof")), b64(v.at("root")));
    EXPECT_EQ(verdict.ok, !want_err) << f << ": " << v.at("desc").as_string() << " — " << verdict.reason;
  }
  EXPECT_GT(negatives, 20);
}

TEST(MerkleVectors, EveryConsistencyCase) {
  Hasher h(HashAlg::sha256);
  auto files = vectors("consistency");
  ASSERT_GT(files.size(), 50u);
  for (const auto& f : files) {
    auto v = load(f);
    bool want_err = v.at("wantErr").as_bool();
    auto verdict = verify_consistency(h, v.at("size1").to_number<uint64_t>(), v.at("size2").to_number<uint64_t>(),
                                      b64_list(v.at("proof")), b64(v.at("root1")), b64(v.at("root2")));
    EXPECT_EQ(verdict.ok, !want_err) << f << ": " << v.at("desc").as_string() << " — " << verdict.reason;
  }
}

// transparency-dev/merkle testonly/constants.go: the roots of the first 0..8 of these leaves.
TEST(Merkle, KnownRootsForTheReferenceLeaves) {
  const char* leaves_hex[] = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                              "606162636465666768696a6b6c6d6e6f"};
  const char* roots[] = {
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
      "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
      "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
      "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
      "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
      "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
  Hasher h(HashAlg::sha256);
  std::vector<Hash> leaves;
  for (auto hex : leaves_hex) leaves.push_back(h.leaf(*hex_decode(hex)));
  for (size_t n = 0; n <= leaves.size(); ++n)
    EXPECT_EQ(to_hex(root_of(h, std::span(leaves).first(n))), roots[n]) << "size " << n;
}

std::vector<std::string> bytes(const std::vector<Hash>& proof) {
  std::vector<std::string> out;
  for (const auto& p : proof) out.emplace_back(as_bytes(p));
  return out;
}

// Every proof we generate verifies, for every index and pair of sizes of trees up to 70 leaves,
// and a proof for one tree never verifies against another.
TEST(Merkle, GeneratedProofsVerifyOverSm3) {
  Hasher h(HashAlg::sm3);
  std::vector<Hash> leaves;
  for (int i = 0; i < 70; ++i) leaves.push_back(h.leaf("entry " + std::to_string(i)));
  auto perfect = perfect_in_memory(h, leaves);
  std::vector<Hash> roots;
  for (size_t n = 0; n <= leaves.size(); ++n) roots.push_back(range_root(h, 0, n, perfect));
  for (uint64_t n = 1; n <= leaves.size(); ++n) {
    for (uint64_t i = 0; i < n; ++i) {
      auto proof = bytes(inclusion_proof(h, i, n, perfect));
      ASSERT_TRUE(verify_inclusion(h, i, n, as_bytes(leaves[i]), proof, as_bytes(roots[n])).ok) << i << "/" << n;
      if (n > 1) {
        EXPECT_FALSE(verify_inclusion(h, i, n, as_bytes(leaves[(i + 1) % n]), proof, as_bytes(roots[n])).ok);
      }
    }
    for (uint64_t m = 1; m <= n; ++m) {
      auto proof = bytes(consistency_proof(h, m, n, perfect));
      ASSERT_TRUE(verify_consistency(h, m, n, proof, as_bytes(roots[m]), as_bytes(roots[n])).ok) << m << "->" << n;
      if (m < n) {
        EXPECT_FALSE(verify_consistency(h, m, n, proof, as_bytes(roots[m - 1]), as_bytes(roots[n])).ok);
      }
    }
  }
}

TEST(Merkle, RefusesImpossibleRequests) {
  Hasher h(HashAlg::sm3);
  std::vector<Hash> leaves{h.leaf("a"), h.leaf("b")};
  auto perfect = perfect_in_memory(h, leaves);
  EXPECT_THROW(inclusion_proof(h, 2, 2, perfect), Error);
  EXPECT_THROW(consistency_proof(h, 0, 2, perfect), Error);
  EXPECT_THROW(consistency_proof(h, 3, 2, perfect), Error);
  EXPECT_EQ(to_hex(root_of(h, {})), to_hex(h.digest("")));
}

}  // namespace
}  // namespace haoban::ledger
