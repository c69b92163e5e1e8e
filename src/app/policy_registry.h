// Whom the policy engine (免申即享) evaluates and what it knows about them: registered enterprises
// and residents from the identity module, their attributes from the authoritative sources.
#pragma once

#include "core/events.h"
#include "identity/identity.h"
#include "identity/signing_keys.h"
#include "policy/service.h"
#include "sources/sources.h"

namespace haoban::app {

class PolicyRegistry : public policy::Registry {
 public:
  PolicyRegistry(identity::IdentityService& identity, identity::SigningKeys& keys, sources::SourceService& sources,
                 EventBus& events)
      : identity_(identity), keys_(keys), sources_(sources), events_(events) {}
  std::vector<Subject> subjects(defs::EntityKind kind) override;
  std::optional<std::pair<defs::EntityKind, std::string>> subject_of(const Principal& who) override;
  boost::json::object attributes(defs::EntityKind kind, const std::string& id, const std::string& actor,
                                 const std::string& purpose) override;
  std::string verify_signature(const Principal& who, long long key, std::string_view message,
                               std::string_view signature) override;
  void notify(defs::EntityKind kind, const std::string& entity, const std::string& type,
              const std::string& payload) override;

 private:
  identity::IdentityService& identity_;
  identity::SigningKeys& keys_;
  sources::SourceService& sources_;
  EventBus& events_;
};

}  // namespace haoban::app
