#include "app/policy_registry.h"

#include <spdlog/spdlog.h>

#include "policy/gather.h"

namespace haoban::app {

std::vector<policy::Registry::Subject> PolicyRegistry::subjects(defs::EntityKind kind) {
  std::vector<Subject> out;
  auto account = kind == defs::EntityKind::enterprise ? AccountKind::enterprise : AccountKind::person;
  for (auto& [id, name] : identity_.registered(account)) out.push_back({std::move(id), std::move(name)});
  return out;
}

std::optional<std::pair<defs::EntityKind, std::string>> PolicyRegistry::subject_of(const Principal& who) {
  if (who.kind == AccountKind::staff) return std::nullopt;
  auto key = identity_.subject_key(who);
  if (!key) return std::nullopt;
  return std::pair{who.kind == AccountKind::enterprise ? defs::EntityKind::enterprise : defs::EntityKind::person, *key};
}

boost::json::object PolicyRegistry::attributes(defs::EntityKind kind, const std::string& id, const std::string& actor,
                                               const std::string& purpose) {
  return policy::gather(sources_, kind, id, {actor, "", purpose, "", ""}).attributes;
}

std::string PolicyRegistry::verify_signature(const Principal& who, long long key, std::string_view message,
                                             std::string_view signature) {
  return keys_.verify(who, key, message, signature).public_key;
}

void PolicyRegistry::notify(defs::EntityKind, const std::string& entity, const std::string& type,
                            const std::string& payload) {
  try {
    Event e;
    e.type = type;
    e.payload_json = payload;
    e.audience.accounts = identity_.accounts_of(entity);
    if (!e.audience.accounts.empty()) events_.publish(e);
  } catch (const std::exception& ex) {
    spdlog::warn("policy notice for {}: {}", entity, ex.what());
  }
}

}  // namespace haoban::app
