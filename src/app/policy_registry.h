// Whom the policy engine (免申即享) evaluates and what it knows about them: registered enterprises
// and residents from the identity module, their attributes from the authoritative sources.
#pragma once

#include "identity/identity.h"
#include "identity/signing_keys.h"
#include "policy/service.h"
#include "sources/sources.h"

namespace haoban::app {

class PolicyRegistry : public policy::Registry {
 public:
  PolicyRegistry(identity::IdentityService& identity, identity::SigningKeys& keys, sources::SourceService& sources)
      : identity_(identity), keys_(keys), sources_(sources) {}
  std::vector<Subject> subjects(defs::EntityKind kind) override;
  std::optional<std::pair<defs::EntityKind, std::string>> subject_of(const Principal& who) override;
  boost::json::object attributes(defs::EntityKind kind, const std::string& id, const std::string& actor,
                                 const std::string& purpose) override;
  std::string verify_signature(const Principal& who, long long key, std::string_view message,
                               std::string_view signature) override;

 private:
  identity::IdentityService& identity_;
  identity::SigningKeys& keys_;
  sources::SourceService& sources_;
};

}  // namespace haoban::app
