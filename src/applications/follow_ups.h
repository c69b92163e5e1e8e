// 免申即办: files the follow-up drafts that completions queue (ApplicationService::process_follow_ups)
// on a thread of its own, so that completing an application never waits for the e-licence library,
// prefill or the drafts' transactions.
//
// Thread-safety: construct and destroy on one thread; the bus may publish from any thread.
#pragma once

#include <chrono>
#include <memory>
#include <thread>

#include "applications/applications.h"
#include "core/events.h"

namespace haoban::applications {

class FollowUpWorker {
 public:
  // Starts the thread: a pass at once (what an earlier process left queued), one after every
  // application.status event of a completion on `events` (the subscriber only wakes the thread),
  // and one every `period` (follow-ups deferred because the library was unavailable).
  // `svc` must outlive the worker; the bus may outlive it.
  FollowUpWorker(ApplicationService& svc, EventBus& events, std::chrono::seconds period);
  // Finishes the pass under way, then stops.
  ~FollowUpWorker();
  FollowUpWorker(const FollowUpWorker&) = delete;
  FollowUpWorker& operator=(const FollowUpWorker&) = delete;

 private:
  struct State;
  std::shared_ptr<State> state_;  // shared with the bus subscriber
  std::thread thread_;
};

}  // namespace haoban::applications
