#include "app/ports.h"

#include <boost/json/array.hpp>

#include <charconv>

#include "ledger/service.h"
#include "prefill/routes.h"

namespace haoban::app {

std::optional<prefill::SourceValues> SourcesForPrefill::fetch(std::string_view source_id,
                                                              std::string_view subject_key,
                                                              const prefill::Purpose& purpose) {
  auto r = sources_.fetch(source_id, subject_key, {purpose.actor, purpose.application, purpose.purpose, "", ""});
  if (!r) return std::nullopt;
  return prefill::SourceValues{std::move(r->values), std::move(r->updated_at), std::move(r->fetched_at)};
}

std::vector<prefill::SourcePort::Answer> SourcesForPrefill::fetch_all(std::span<const std::string> source_ids,
                                                                     std::string_view subject_key,
                                                                     const prefill::Purpose& purpose) {
  std::vector<Answer> out;
  for (auto& r : sources_.fetch_all(source_ids, subject_key, {purpose.actor, purpose.application, purpose.purpose, "", ""})) {
    if (r.record)
      out.push_back({prefill::SourceValues{std::move(r.record->values), std::move(r.record->updated_at),
                                           std::move(r.record->fetched_at)},
                     false});
    else
      out.push_back({std::nullopt, r.unavailable});
  }
  return out;
}

std::optional<applications::PrefillSnapshot> PrefillForApplications::prefill(const Principal& applicant,
                                                                             std::string_view item_code,
                                                                             long long application_id) const {
  auto key = identity_.subject_key(applicant);
  if (!key) return std::nullopt;
  auto r = prefill_.prefill(item_code, *key, prefill::subject_kind(applicant),
                            {applicant.username, std::to_string(application_id), ""});
  return applications::PrefillSnapshot{r.to_json(), r.values(), r.shown, r.prefilled};
}

namespace {

boost::json::object match_json(const materials::MaterialMatch& m) {
  boost::json::array not_counted;
  for (const auto& n : m.not_counted) not_counted.emplace_back(n);
  return {{"id", m.required.id},
          {"name", m.required.name},
          {"category", m.required.category},
          {"exempt", m.exempt()},
          {"kind", materials::to_string(m.kind)},
          {"reason", m.reason},
          {"not_counted", std::move(not_counted)},
          {"material_id", m.material ? boost::json::value(m.material->id) : nullptr},
          {"valid_until", m.valid_until ? boost::json::value(format_date(*m.valid_until)) : nullptr}};
}

}  // namespace

std::string MaterialsForApplications::premises_field(std::string_view item_code) const {
  const defs::Item* item = catalog_.definitions().item(item_code);
  if (!item) return {};
  bool asks = false;
  for (const auto& m : item->materials) asks |= m.category.id == "premises_proof";
  const defs::Form* form = asks ? catalog_.definitions().form(item->form.id) : nullptr;
  if (!form) return {};
  std::string first;
  for (const auto& s : form->sections)
    for (const auto& f : s.fields) {
      if (f.type != defs::FieldType::address) continue;
      if (f.key == "new_address" || f.key == "business_address" || f.key == "premises_address") return f.key;
      if (first.empty()) first = f.key;
    }
  return first;
}

bool MaterialsForApplications::depends_on(std::string_view item_code, std::string_view key) const {
  return premises_ && !key.empty() && premises_field(item_code) == key;
}

std::vector<materials::MaterialMatch> MaterialsForApplications::match(const Principal& applicant,
                                                                      std::string_view item_code,
                                                                      const boost::json::object& answers,
                                                                      const boost::json::object& fields,
                                                                      std::string_view application) const {
  std::vector<materials::RequiredMaterial> required;
  auto r = catalog_.resolve_item(item_code, answers);
  if (r.done) {
    for (const auto& d : r.materials)
      required.push_back({d.material->id, d.material->name, d.material->category.id});
  } else if (const defs::Item* item = catalog_.definitions().item(item_code)) {
    // Situations not all answered yet: every material the item may ask for.
    for (const auto& m : item->materials) required.push_back({m.id, m.name, m.category.id});
  }
  auto matches = materials_.match(ledger::subject_of(applicant), required, materials_.today());
  if (!premises_) return matches;
  // The proof of premises: a standard address the applicant may use needs none, whatever the
  // library holds (a stored proof may be for other premises).
  for (auto& m : matches) {
    if (m.required.category != "premises_proof") continue;
    auto key = premises_field(item_code);
    auto it = fields.find(key);
    if (key.empty() || it == fields.end() || !it->value().is_string() || it->value().as_string().empty()) continue;
    const defs::Item* item = catalog_.definitions().item(item_code);
    auto check = premises_->check(applicant, std::string_view(it->value().as_string()), application,
                                  item ? std::string_view(item->name) : std::string_view());
    if (check.exempt) {
      m.kind = materials::MatchKind::standard_address;
      m.reason = check.reason;
      m.material.reset();
      m.licence.reset();
      m.valid_until.reset();
      m.not_counted.clear();  // what the library holds no longer matters
    } else {
      m.not_counted.push_back(check.reason);
    }
  }
  return matches;
}

boost::json::array MaterialsForApplications::check(const Principal& applicant, std::string_view item_code,
                                                   const boost::json::object& answers,
                                                   const boost::json::object& fields, long long application) const {
  boost::json::array out;
  for (const auto& m : match(applicant, item_code, answers, fields, application ? std::to_string(application) : ""))
    out.push_back(match_json(m));
  return out;
}

boost::json::array MaterialsForApplications::attach(const Principal& applicant, std::string_view item_code,
                                                    const boost::json::object& answers,
                                                    const boost::json::object& fields, long long id,
                                                    std::string_view department) const {
  auto matches = match(applicant, item_code, answers, fields, std::to_string(id));
  // Nothing is shared with the department until the situation answers decide what it needs.
  if (catalog_.resolve_item(item_code, answers).done)
    materials_.attach({std::to_string(id), ledger::subject_of(applicant), std::string(department)}, matches, applicant);
  boost::json::array out;
  for (const auto& m : matches) out.push_back(match_json(m));
  return out;
}

std::string text_field(const boost::json::object& row, std::string_view key) {
  auto f = row.find(key);
  return f != row.end() && f->value().is_string() ? std::string(f->value().as_string()) : std::string();
}

std::optional<Principal> FollowUpsForApplications::applicant(long long account_id) const {
  return identity_.principal_by_id(account_id);
}

std::optional<bool> FollowUpsForApplications::holds_licence(const Principal& applicant, std::string_view licence) const {
  std::vector<materials::IssuedLicence> held;
  try {
    held = licences_(ledger::subject_of(applicant), "");
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::unavailable) return std::nullopt;
    throw;
  }
  Date today = china_date(clock_.now());
  for (const auto& l : held)
    if (l.name == licence && (!l.expires_on || std::chrono::sys_days(*l.expires_on) >= std::chrono::sys_days(today)))
      return true;
  return false;
}

materials::IssuedLicences licences_from_sources(sources::SourceService& sources, identity::IdentityService& identity) {
  return [&sources, &identity](std::string_view subject, std::string_view category) {
    std::vector<materials::IssuedLicence> out;
    std::optional<std::string> key;
    if (subject.starts_with("enterprise:")) {
      key = std::string(subject.substr(11));
    } else if (subject.starts_with("person:")) {
      Principal p;
      p.kind = AccountKind::person;
      auto digits = subject.substr(7);
      std::from_chars(digits.data(), digits.data() + digits.size(), p.account_id);
      key = identity.subject_key(p);
    }
    if (!key) return out;
    auto rec = sources.fetch("e_licences", *key, {std::string(kSystemActor), "", "电子证照免提交核验", "", ""});
    if (!rec) return out;
    auto it = rec->values.find("licences");
    if (it == rec->values.end() || !it->value().is_array()) return out;
    for (const auto& row : it->value().as_array()) {
      const auto& o = row.as_object();
      if (!category.empty() && text_field(o, "category") != category) continue;
      materials::IssuedLicence l{text_field(o, "category"), text_field(o, "name"),
                                 text_field(o, "number"), text_field(o, "issuer"),
                                 parse_date(text_field(o, "issued_on")), parse_date(text_field(o, "expires_on"))};
      out.push_back(std::move(l));
    }
    return out;
  };
}

}  // namespace haoban::app
