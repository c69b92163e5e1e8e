#include "applications/follow_ups.h"

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace haoban::applications {

struct FollowUpWorker::State {
  std::mutex mu;
  std::condition_variable cv;
  bool wake = true;  // the first pass runs at once
  bool stopping = false;
};

FollowUpWorker::FollowUpWorker(ApplicationService& svc, EventBus& events, std::chrono::seconds period)
    : state_(std::make_shared<State>()) {
  events.subscribe([weak = std::weak_ptr<State>(state_)](const Event& e) {
    if (e.type != "application.status" || e.payload_json.find(R"("status":"completed")") == std::string::npos) return;
    if (auto s = weak.lock()) {
      {
        std::lock_guard lock(s->mu);
        s->wake = true;
      }
      s->cv.notify_one();
    }
  });
  thread_ = std::thread([this, &svc, period] {
    std::unique_lock lock(state_->mu);
    while (true) {
      state_->cv.wait_for(lock, period, [this] { return state_->wake || state_->stopping; });
      if (state_->stopping) return;
      state_->wake = false;
      lock.unlock();
      try {
        auto run = svc.process_follow_ups();
        if (run.created || run.not_held || run.deferred || run.failed)
          spdlog::info("免申即办: {} drafts filed, {} licences not held, {} deferred, {} failed", run.created,
                       run.not_held, run.deferred, run.failed);
      } catch (const std::exception& e) {
        spdlog::error("免申即办: follow-ups not processed: {}", e.what());
      }
      lock.lock();
    }
  });
}

FollowUpWorker::~FollowUpWorker() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
  }
  state_->cv.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace haoban::applications
