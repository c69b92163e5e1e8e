// Adapters between modules that must not know each other: what prefill asks of the sources, and
// what applications ask of prefill. Built by App, the composition root.
#pragma once

#include "app/premises.h"
#include "applications/applications.h"
#include "catalog/catalog.h"
#include "identity/identity.h"
#include "materials/materials.h"
#include "prefill/prefill.h"
#include "sources/sources.h"

namespace haoban::app {

// prefill::SourcePort answered by the sources module (which logs every query).
class SourcesForPrefill final : public prefill::SourcePort {
 public:
  explicit SourcesForPrefill(sources::SourceService& sources) : sources_(sources) {}
  std::optional<prefill::SourceValues> fetch(std::string_view source_id, std::string_view subject_key,
                                             const prefill::Purpose& purpose) override;
  std::vector<Answer> fetch_all(std::span<const std::string> source_ids, std::string_view subject_key,
                                const prefill::Purpose& purpose) override;

 private:
  sources::SourceService& sources_;
};

// applications::PrefillPort answered by prefill, with the applicant's key from identity.
class PrefillForApplications final : public applications::PrefillPort {
 public:
  PrefillForApplications(const prefill::PrefillService& prefill, identity::IdentityService& identity)
      : prefill_(prefill), identity_(identity) {}
  std::optional<applications::PrefillSnapshot> prefill(const Principal& applicant, std::string_view item_code,
                                                       long long application_id) const override;

 private:
  const prefill::PrefillService& prefill_;
  identity::IdentityService& identity_;
};

// applications::MaterialsPort answered by the catalog (which materials the answers require) and
// the e-material library (which of them are exempt).
class MaterialsForApplications final : public applications::MaterialsPort {
 public:
  // `premises` (may be null) decides the proof of premises for standard addresses (无忧快注).
  MaterialsForApplications(const catalog::Catalog& catalog, materials::MaterialService& materials,
                           const PremisesRights* premises = nullptr)
      : catalog_(catalog), materials_(materials), premises_(premises) {}
  boost::json::array check(const Principal& applicant, std::string_view item_code, const boost::json::object& answers,
                           const boost::json::object& fields, long long application = 0) const override;
  boost::json::array attach(const Principal& applicant, std::string_view item_code, const boost::json::object& answers,
                            const boost::json::object& fields, long long id, std::string_view department) const override;
  bool depends_on(std::string_view item_code, std::string_view key) const override;

 private:
  std::vector<materials::MaterialMatch> match(const Principal& applicant, std::string_view item_code,
                                              const boost::json::object& answers, const boost::json::object& fields,
                                              std::string_view application) const;
  // The form field holding the premises address, when the item asks for a proof of premises.
  std::string premises_field(std::string_view item_code) const;
  const catalog::Catalog& catalog_;
  materials::MaterialService& materials_;
  const PremisesRights* premises_;
};

// applications::FollowUpPort (免申即办): applicants from identity, their e-licences from the sources.
class FollowUpsForApplications final : public applications::FollowUpPort {
 public:
  FollowUpsForApplications(identity::IdentityService& identity, materials::IssuedLicences licences, const Clock& clock)
      : identity_(identity), licences_(std::move(licences)), clock_(clock) {}
  std::optional<Principal> applicant(long long account_id) const override;
  std::optional<bool> holds_licence(const Principal& applicant, std::string_view licence) const override;

 private:
  identity::IdentityService& identity_;
  materials::IssuedLicences licences_;
  const Clock& clock_;
};

// A string member of a source record's row; "" when absent or not a string.
std::string text_field(const boost::json::object& row, std::string_view key);

// The e-licences (电子证照库) of a ledger subject in a category, read from the sources.
materials::IssuedLicences licences_from_sources(sources::SourceService& sources, identity::IdentityService& identity);

}  // namespace haoban::app
