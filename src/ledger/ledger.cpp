#include "ledger/ledger.h"

#include "core/error.h"
#include "ledger/note.h"
#include "ledger/proof.h"

namespace haoban::ledger {

CheckpointSigner checkpoint_signer(std::vector<SigningKey> keys) {
  return [keys = std::move(keys)](const std::string& body) {
    std::vector<const SigningKey*> ptrs;
    for (const auto& k : keys) ptrs.push_back(&k);
    return format_note(sign_note(body, ptrs));
  };
}

Ledger::Ledger(std::unique_ptr<Log> log, size_t max_batch) : log_(std::move(log)), max_batch_(max_batch) {}

uint64_t Ledger::record(const Entry& entry) { return commit({canonical_json(entry)}); }

uint64_t Ledger::record_all(std::span<const Entry> entries) {
  std::vector<std::string> raw;
  raw.reserve(entries.size());
  for (const auto& e : entries) raw.push_back(canonical_json(e));
  return commit(std::move(raw));
}

uint64_t Ledger::commit(std::vector<std::string> entries) {
  if (entries.empty()) return log_->size();
  std::vector<Pending> mine(entries.size());
  std::unique_lock lock(mu_);
  for (size_t i = 0; i < entries.size(); ++i) {
    mine[i].entry = std::move(entries[i]);
    queue_.push_back(&mine[i]);
  }
  // Leader/follower group commit: whoever finds no flush running writes everything queued.
  while (!mine.back().done) {
    if (flushing_) {
      cv_.wait(lock);
      continue;
    }
    flushing_ = true;
    std::vector<Pending*> batch;
    while (!queue_.empty() && batch.size() < max_batch_) {
      batch.push_back(queue_.front());
      queue_.pop_front();
    }
    lock.unlock();
    std::vector<std::string> raw;
    raw.reserve(batch.size());
    for (auto* p : batch) raw.push_back(p->entry);
    std::exception_ptr error;
    uint64_t first = 0;
    try {
      first = log_->append(raw);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->index = first + i;
      batch[i]->error = error;
      batch[i]->done = true;
    }
    flushing_ = false;
    cv_.notify_all();
  }
  for (const auto& p : mine)
    if (p.error) std::rethrow_exception(p.error);
  return mine.front().index;
}

std::string Ledger::checkpoint() const {
  std::string own = log_->checkpoint();
  std::string cos = cosigned();
  if (cos.empty()) return own;
  // Serve the cosigned note only while it is for the current tree.
  auto own_cp = parse_checkpoint_body(parse_note(own).text);
  auto cos_cp = parse_checkpoint_body(parse_note(cos).text);
  return cos_cp.size == own_cp.size && cos_cp.root == own_cp.root ? cos : own;
}

void Ledger::set_cosigned(std::string note) {
  std::lock_guard lock(cosigned_mu_);
  cosigned_ = std::move(note);
}

std::string Ledger::cosigned() const {
  std::lock_guard lock(cosigned_mu_);
  return cosigned_;
}

std::string Ledger::receipt(uint64_t index) const {
  // Prefer the cosigned checkpoint when it already covers the entry: witnesses make it stronger.
  std::string note = cosigned();
  Checkpoint cp;
  if (!note.empty()) cp = parse_checkpoint_body(parse_note(note).text);
  if (note.empty() || cp.size <= index) {
    note = log_->checkpoint();
    cp = parse_checkpoint_body(parse_note(note).text);
  }
  if (index >= cp.size) throw not_found("ledger entry " + std::to_string(index));
  Receipt r;
  r.extra = log_->entry(index);
  r.index = index;
  for (const auto& h : log_->inclusion_proof(index, cp.size)) r.proof.emplace_back(as_bytes(h));
  r.checkpoint = std::move(note);
  return format_receipt(r);
}

}  // namespace haoban::ledger
