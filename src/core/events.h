// In-process event bus: domain services publish (application status, chat messages, SLA alerts);
// the HTTP layer forwards each event to the WebSocket clients in its audience.
// Thread-safe. Subscribers run on the publisher's thread and must not block.
#pragma once

#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/principal.h"

namespace haoban {

struct Audience {
  bool everyone = false;                 // every signed-in connection
  std::vector<long long> accounts;       // these accounts
  std::vector<Role> roles;               // staff holding any of these roles …
  std::vector<std::string> departments;  // … or in these departments (both empty: no staff by role)

  bool includes(const Principal& p) const;
};

struct Event {
  std::string type;          // e.g. "application.status"
  std::string payload_json;  // a JSON object, sent as {"type":…, "data":…}
  Audience audience;
};

class EventBus {
 public:
  using Subscriber = std::function<void(const Event&)>;
  void subscribe(Subscriber s);
  void publish(const Event& e);

 private:
  std::mutex mu_;
  std::vector<Subscriber> subscribers_;
};

}  // namespace haoban
