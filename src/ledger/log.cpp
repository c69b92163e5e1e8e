#include "ledger/log.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "core/error.h"
#include "ledger/files.h"
#include "ledger/merkle.h"
#include "ledger/note.h"
#include "ledger/tiles.h"

namespace haoban::ledger {

namespace fs = std::filesystem;

namespace {

constexpr char kParamsFile[] = "params";
constexpr char kCheckpointFile[] = "checkpoint";

Error corrupt(std::string detail) {
  return Error(ErrorKind::internal, "ledger-corrupt", "账本文件已损坏，请运行 haoban ledger verify", std::move(detail));
}

Hasher& thread_hasher(HashAlg alg) {
  thread_local Hasher sm3(HashAlg::sm3);
  thread_local Hasher sha256(HashAlg::sha256);
  return alg == HashAlg::sm3 ? sm3 : sha256;
}

std::string concat(std::span<const Hash> hashes) {
  std::string out;
  out.reserve(hashes.size() * 32);
  for (const auto& h : hashes) out += as_bytes(h);
  return out;
}

std::vector<Hash> split_hashes(std::string_view bytes) {
  std::vector<Hash> out(bytes.size() / 32);
  for (size_t i = 0; i < out.size(); ++i) out[i] = *hash_from_bytes(bytes.substr(i * 32, 32));
  return out;
}

// MTH of a perfect run of hashes (a power-of-two count).
Hash perfect_root(Hasher& h, std::span<const Hash> hashes) {
  std::vector<Hash> layer(hashes.begin(), hashes.end());
  while (layer.size() > 1) {
    for (size_t i = 0; i < layer.size() / 2; ++i) layer[i] = h.node(layer[2 * i], layer[2 * i + 1]);
    layer.resize(layer.size() / 2);
  }
  return layer[0];
}

}  // namespace

LogParams Log::read_params(const fs::path& dir) {
  auto text = read_file(dir / kParamsFile);
  if (!text) throw not_found("no ledger in " + dir.string() + " (haoban seed and haoban serve create one)");
  LogParams p;
  bool have_hash = false;
  size_t pos = 0;
  while (pos < text->size()) {
    size_t end = text->find('\n', pos);
    if (end == std::string::npos) end = text->size();
    std::string_view line(text->data() + pos, end - pos);
    pos = end + 1;
    if (line.starts_with("origin ")) {
      p.origin = line.substr(7);
    } else if (line.starts_with("hash ")) {
      auto alg = parse_hash_alg(line.substr(5));
      if (!alg) throw corrupt(fmt::format("{}: unknown hash '{}'", (dir / kParamsFile).string(), line.substr(5)));
      p.hash = *alg;
      have_hash = true;
    } else if (!line.empty()) {
      throw corrupt(fmt::format("{}: unexpected line '{}'", (dir / kParamsFile).string(), line));
    }
  }
  if (p.origin.empty() || !have_hash) throw corrupt((dir / kParamsFile).string() + ": needs origin and hash lines");
  return p;
}

namespace {

Checkpoint parse_checkpoint_file(const fs::path& dir, const std::string& note_text) {
  try {
    return parse_checkpoint_body(parse_note(note_text).text);
  } catch (const Error& e) {
    throw corrupt((dir / kCheckpointFile).string() + ": " + e.detail());
  }
}

// A tree size and its right edge: what is needed to append and to serve reads up to that size.
struct State {
  uint64_t size = 0;
  std::vector<std::vector<Hash>> partial;  // per tile level, the hashes of the rightmost partial tile
  std::vector<std::string> bundle;         // entries of the rightmost partial entry bundle
  Hash root{};
  std::string checkpoint;
};

}  // namespace

struct Log::Impl {
  fs::path dir;
  LogParams params;
  CheckpointSigner sign;
  StepHook hook;

  std::mutex append_mu;
  mutable std::shared_mutex state_mu;
  std::shared_ptr<const State> state;

  mutable std::mutex cache_mu;
  mutable std::unordered_map<std::string, std::shared_ptr<const std::string>> cache;  // full tiles, bundles
  mutable std::unordered_map<std::string, std::shared_ptr<const std::vector<std::vector<Hash>>>> trees;

  void step(std::string_view name) const {
    if (hook) hook(name);
  }

  std::shared_ptr<const State> snapshot() const {
    std::shared_lock lock(state_mu);
    return state;
  }

  // An immutable file (full tile or bundle), through a small cache.
  std::shared_ptr<const std::string> immutable(const std::string& rel, size_t want_bytes) const {
    {
      std::lock_guard lock(cache_mu);
      if (auto it = cache.find(rel); it != cache.end()) return it->second;
    }
    auto data = read_file(dir / rel);
    if (!data) throw corrupt(rel + " is missing");
    if (want_bytes && data->size() != want_bytes)
      throw corrupt(fmt::format("{} is {} bytes, want {}", rel, data->size(), want_bytes));
    auto shared = std::make_shared<const std::string>(std::move(*data));
    std::lock_guard lock(cache_mu);
    if (cache.size() >= 8192) cache.clear();
    cache.emplace(rel, shared);
    return shared;
  }

  // Hash number j at tile level t in the tree described by s.
  Hash hash_at(const State& s, unsigned t, uint64_t j) const {
    uint64_t full = level_count(s.size, t) / kTileWidth;
    uint64_t n = j / kTileWidth;
    if (n >= full) return s.partial.at(t).at(j % kTileWidth);
    auto tile = immutable(tile_path(t, n, kTileWidth), kTileWidth * 32);
    return *hash_from_bytes(std::string_view(*tile).substr((j % kTileWidth) * 32, 32));
  }

  // Every level inside a full tile (256 hashes, then 128, … 1), computed once per tile and cached:
  // proofs then cost lookups instead of re-hashing up to 255 nodes per tile they touch.
  std::shared_ptr<const std::vector<std::vector<Hash>>> tile_tree(unsigned t, uint64_t n) const {
    std::string key = "tree/" + tile_path(t, n, kTileWidth);
    {
      std::lock_guard lock(cache_mu);
      if (auto it = trees.find(key); it != trees.end()) return it->second;
    }
    auto tile = immutable(tile_path(t, n, kTileWidth), kTileWidth * 32);
    auto tree = std::make_shared<std::vector<std::vector<Hash>>>();
    tree->push_back(split_hashes(*tile));
    Hasher& h = thread_hasher(params.hash);
    while (tree->back().size() > 1) {
      const auto& below = tree->back();
      std::vector<Hash> up(below.size() / 2);
      for (size_t i = 0; i < up.size(); ++i) up[i] = h.node(below[2 * i], below[2 * i + 1]);
      tree->push_back(std::move(up));
    }
    std::lock_guard lock(cache_mu);
    if (trees.size() >= 4096) trees.clear();
    trees.emplace(key, tree);
    return tree;
  }

  PerfectHash perfect(const State& s) const {
    return [this, &s](unsigned level, uint64_t index) {
      unsigned t = level / kTileHeight, r = level % kTileHeight;
      if (r == 0) return hash_at(s, t, index);
      uint64_t first = index << r;  // the first hash at tile level t under this subtree
      if (first / kTileWidth < level_count(s.size, t) / kTileWidth) {
        auto tree = tile_tree(t, first / kTileWidth);
        return (*tree)[r][(first % kTileWidth) >> r];
      }
      std::vector<Hash> run;
      run.reserve(1u << r);
      for (uint64_t j = index << r; j < (index + 1) << r; ++j) run.push_back(hash_at(s, t, j));
      return perfect_root(thread_hasher(params.hash), run);
    };
  }

  Hash root_of_state(const State& s) const {
    return range_root(thread_hasher(params.hash), 0, s.size, perfect(s));
  }

  // Partial tiles and bundles wider than the checkpoint's, left by a batch that never got its
  // checkpoint: they hold entries that were not acknowledged and must never be served.
  void remove_unpublished(const State& s) const {
    auto clean = [&](const std::string& full_path, unsigned keep_width) {
      std::error_code ec;
      fs::path p = dir / (full_path + ".p");
      if (!fs::is_directory(p, ec)) return;
      for (const auto& e : fs::directory_iterator(p, ec)) {
        unsigned w = 0;
        auto name = e.path().filename().string();
        auto [ptr, err] = std::from_chars(name.data(), name.data() + name.size(), w);
        if (err == std::errc() && ptr == name.data() + name.size() && w > keep_width) fs::remove(e.path(), ec);
      }
    };
    for (unsigned t = 0; t < 64; ++t) {
      uint64_t n = level_count(s.size, t) / kTileWidth;
      clean(tile_path(t, n, kTileWidth), partial_width(s.size, t));
      if (level_count(s.size, t) == 0) break;
    }
    clean(bundle_path(s.size / kTileWidth, kTileWidth), partial_width(s.size, 0));
  }

  // The state for a checkpoint: its right edge read from the partial tiles, checked against its root.
  State load(const Checkpoint& cp, std::string note) const;

  void check_size(const State& s, uint64_t size, const char* what) const {
    if (size > s.size)
      throw invalid("beyond-tree", "请求超出日志当前大小",
                    fmt::format("{} {} is beyond the tree size {}", what, size, s.size));
  }
};

namespace {

void add_hash(Hasher& h, State& s, unsigned t, const Hash& hash, std::vector<std::pair<std::string, std::string>>& files,
              std::vector<std::string>& filled) {
  if (s.partial.size() <= t) s.partial.resize(t + 1);
  auto& p = s.partial[t];
  p.push_back(hash);
  if (p.size() < kTileWidth) return;
  uint64_t n = (level_count(s.size, t) - 1) / kTileWidth;
  std::string path = tile_path(t, n, kTileWidth);
  files.emplace_back(path, concat(p));
  filled.push_back(path);
  Hash up = perfect_root(h, p);
  p.clear();
  add_hash(h, s, t + 1, up, files, filled);
}

void write_checkpoint(const fs::path& dir, const std::string& note) {
  std::set<fs::path> dirs;
  write_durably(dir, dir / kCheckpointFile, note, dirs);
  sync_dirs(dirs);
}

}  // namespace

State Log::Impl::load(const Checkpoint& cp, std::string note) const {
  State s;
  s.size = cp.size;
  s.checkpoint = std::move(note);
  for (unsigned t = 0; level_count(s.size, t) > 0; ++t) {
    s.partial.emplace_back();
    unsigned w = partial_width(s.size, t);
    if (w == 0) continue;
    std::string rel = tile_path(t, level_count(s.size, t) / kTileWidth, w);
    auto data = read_file(dir / rel);
    if (!data) throw corrupt(rel + " is missing but the checkpoint needs it");
    if (data->size() != w * 32u) throw corrupt(fmt::format("{} is {} bytes, want {}", rel, data->size(), w * 32));
    s.partial[t] = split_hashes(*data);
  }
  if (unsigned w = partial_width(s.size, 0); w > 0) {
    std::string rel = bundle_path(s.size / kTileWidth, w);
    auto data = read_file(dir / rel);
    auto entries = data ? decode_bundle(*data) : std::nullopt;
    if (!entries || entries->size() != w) throw corrupt(rel + " is missing or malformed");
    Hasher& h = thread_hasher(params.hash);
    for (unsigned i = 0; i < w; ++i)
      if (h.leaf((*entries)[i]) != s.partial[0][i]) throw corrupt(fmt::format("{} entry {} does not match its tile", rel, i));
    s.bundle = std::move(*entries);
  }
  s.root = root_of_state(s);
  if (s.root != cp.root)
    throw corrupt(fmt::format("checkpoint root {} does not match the tiles' root {} at size {}", to_hex(cp.root),
                              to_hex(s.root), s.size));
  return s;
}

bool Log::exists(const fs::path& dir) { return fs::exists(dir / kParamsFile); }

void Log::create(const fs::path& dir, const LogParams& params, const CheckpointSigner& sign) {
  if (exists(dir)) throw conflict("ledger-exists", "账本已存在", dir.string() + " already holds a ledger");
  if (params.origin.empty() || params.origin.find_first_of("\n ") != std::string::npos)
    throw invalid("bad-origin", "账本来源名称无效", "the origin must be one non-empty word");
  std::set<fs::path> dirs;
  write_durably(dir, dir / kParamsFile,
                fmt::format("origin {}\nhash {}\n", params.origin, to_string(params.hash)), dirs);
  sync_dirs(dirs);
  Checkpoint cp{params.origin, 0, thread_hasher(params.hash).empty_root(), {}};
  write_checkpoint(dir, sign(format_checkpoint_body(cp)));
}

std::unique_ptr<Log> Log::open(const fs::path& dir, CheckpointSigner sign, StepHook hook) {
  auto impl = std::make_unique<Impl>();
  impl->dir = dir;
  impl->params = Log::read_params(dir);
  impl->sign = std::move(sign);
  impl->hook = std::move(hook);
  auto note = read_file(dir / kCheckpointFile);
  if (!note && fs::exists(dir / "tile"))
    throw corrupt((dir / kCheckpointFile).string() +
                  " is missing but the log has tiles: restore it from a backup (never start over)");
  if (!note) {  // a crash inside create(), after the params: the log is empty
    Checkpoint cp{impl->params.origin, 0, thread_hasher(impl->params.hash).empty_root(), {}};
    note = impl->sign(format_checkpoint_body(cp));
    write_checkpoint(dir, *note);
  }
  Checkpoint cp = parse_checkpoint_file(dir, *note);
  if (cp.origin != impl->params.origin)
    throw corrupt(fmt::format("checkpoint origin '{}' is not the log's '{}'", cp.origin, impl->params.origin));
  impl->state = std::make_shared<const State>(impl->load(cp, std::move(*note)));
  impl->remove_unpublished(*impl->state);
  return std::unique_ptr<Log>(new Log(std::move(impl)));
}

Log::Log(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Log::~Log() = default;

const LogParams& Log::params() const { return impl_->params; }
const fs::path& Log::dir() const { return impl_->dir; }
uint64_t Log::size() const { return impl_->snapshot()->size; }
Hash Log::root() const { return impl_->snapshot()->root; }
std::string Log::checkpoint() const { return impl_->snapshot()->checkpoint; }

uint64_t Log::append(std::span<const std::string> entries) {
  for (size_t i = 0; i < entries.size(); ++i)
    if (entries[i].size() > kMaxEntryBytes)
      throw invalid("entry-too-large", "账本条目过大",
                    fmt::format("entry {} is {} bytes; the limit is {}", i, entries[i].size(), kMaxEntryBytes));
  std::lock_guard lock(impl_->append_mu);
  auto cur = impl_->snapshot();
  if (entries.empty()) return cur->size;
  Hasher& h = thread_hasher(impl_->params.hash);

  auto next = std::make_shared<State>(*cur);
  std::vector<std::pair<std::string, std::string>> files;  // relative path, contents
  std::vector<std::string> filled;                         // full tiles and bundles written now
  for (const auto& e : entries) {
    next->bundle.push_back(e);
    ++next->size;
    if (next->bundle.size() == kTileWidth) {
      std::string path = bundle_path((next->size - 1) / kTileWidth, kTileWidth);
      files.emplace_back(path, encode_bundle(next->bundle));
      filled.push_back(path);
      next->bundle.clear();
    }
    add_hash(h, *next, 0, h.leaf(e), files, filled);
  }
  for (unsigned t = 0; t < next->partial.size(); ++t) {
    unsigned w = static_cast<unsigned>(next->partial[t].size());
    uint64_t n = level_count(next->size, t) / kTileWidth;
    bool unchanged = t < cur->partial.size() && cur->partial[t].size() == w &&
                     level_count(cur->size, t) / kTileWidth == n;
    if (w > 0 && !unchanged) files.emplace_back(tile_path(t, n, w), concat(next->partial[t]));
  }
  if (!next->bundle.empty()) {
    files.emplace_back(bundle_path(next->size / kTileWidth, static_cast<unsigned>(next->bundle.size())),
                       encode_bundle(next->bundle));
  }

  try {
    std::set<fs::path> dirs;
    for (const auto& [rel, data] : files) {
      impl_->step("write " + rel);
      write_durably(impl_->dir, impl_->dir / rel, data, dirs);
    }
    impl_->step("sync dirs");
    sync_dirs(dirs);

    next->root = impl_->root_of_state(*next);
    next->checkpoint = impl_->sign(format_checkpoint_body({impl_->params.origin, next->size, next->root, {}}));
    impl_->step("checkpoint");
    write_checkpoint(impl_->dir, next->checkpoint);
  } catch (...) {
    impl_->remove_unpublished(*cur);  // the batch is not acknowledged: none of its partial files stay
    throw;
  }
  uint64_t first = cur->size;
  {
    std::unique_lock lock(impl_->state_mu);
    impl_->state = next;
  }
  // Partial tiles may go once their full tile exists, and only now that no checkpoint needs them.
  impl_->step("cleanup");
  for (const auto& path : filled) {
    std::error_code ec;
    fs::remove_all(impl_->dir / (path + ".p"), ec);
  }
  return first;
}

std::string Log::entry(uint64_t index) const {
  auto s = impl_->snapshot();
  if (index >= s->size) impl_->check_size(*s, index + 1, "entry index");
  uint64_t n = index / kTileWidth;
  if (n >= s->size / kTileWidth) return s->bundle.at(index % kTileWidth);
  auto data = impl_->immutable(bundle_path(n, kTileWidth), 0);
  auto entries = decode_bundle(*data);
  if (!entries || entries->size() != kTileWidth) throw corrupt(bundle_path(n, kTileWidth) + " is malformed");
  return (*entries)[index % kTileWidth];
}

Hash Log::leaf_hash(uint64_t index) const {
  auto s = impl_->snapshot();
  if (index >= s->size) impl_->check_size(*s, index + 1, "entry index");
  return impl_->hash_at(*s, 0, index);
}

Hash Log::root_at(uint64_t size) const {
  auto s = impl_->snapshot();
  impl_->check_size(*s, size, "tree size");
  return range_root(thread_hasher(impl_->params.hash), 0, size, impl_->perfect(*s));
}

std::vector<Hash> Log::inclusion_proof(uint64_t index, uint64_t size) const {
  auto s = impl_->snapshot();
  impl_->check_size(*s, size, "tree size");
  return ledger::inclusion_proof(thread_hasher(impl_->params.hash), index, size, impl_->perfect(*s));
}

std::optional<std::string> Log::published_tile(std::string_view path_after_tile) const {
  auto ref = parse_tile_ref(path_after_tile);
  if (!ref) return std::nullopt;
  auto s = impl_->snapshot();
  uint64_t available = ref->entries ? s->size : level_count(s->size, ref->level);
  if (ref->n * kTileWidth + ref->width > available) return std::nullopt;
  auto data = read_file(impl_->dir / ref->path());
  if (!data || ref->width == kTileWidth) return data;
  // A partial file is served only if it says what the tree says: a batch that failed before its
  // checkpoint may have left one of this width with other entries in it.
  Hasher& h = thread_hasher(impl_->params.hash);
  bool agrees = true;
  if (ref->entries) {
    auto entries = decode_bundle(*data);
    agrees = entries && entries->size() == ref->width;
    for (unsigned i = 0; agrees && i < ref->width; ++i)
      agrees = h.leaf((*entries)[i]) == impl_->hash_at(*s, 0, ref->n * kTileWidth + i);
  } else {
    agrees = data->size() == ref->width * 32u;
    for (unsigned i = 0; agrees && i < ref->width; ++i)
      agrees = std::string_view(*data).substr(i * 32, 32) ==
               as_bytes(impl_->hash_at(*s, ref->level, ref->n * kTileWidth + i));
  }
  if (!agrees) {
    spdlog::warn("ledger: {} disagrees with the tree (left by a failed batch); not serving it", ref->path());
    return std::nullopt;
  }
  return data;
}

std::vector<Hash> Log::consistency_proof(uint64_t from, uint64_t to) const {
  auto s = impl_->snapshot();
  impl_->check_size(*s, to, "tree size");
  return ledger::consistency_proof(thread_hasher(impl_->params.hash), from, to, impl_->perfect(*s));
}

}  // namespace haoban::ledger
