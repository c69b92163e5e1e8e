// HTTP mapping of the authoritative sources: the list for staff, "who looked at my data" for
// applicants, the full query log and the outage switch for administrators, and a counter lookup
// (数据核验) for window clerks.
#pragma once

#include <functional>

#include "http/api/router.h"
#include "identity/identity.h"
#include "sources/sources.h"

namespace haoban::sources {

// `identity` names the staff who looked and knows the applicant's subject key.
// Checks that a counter lookup serves a real case: `application` exists, is handled by the staff
// member's department and is about `subject`. Throws Error (invalid, naming "application") if not.
using CaseCheck = std::function<void(const Principal& staff, std::string_view application, std::string_view subject)>;

void add_routes(http::Router& router, SourceService& service, identity::IdentityService& identity,
                CaseCheck case_check = {});

}  // namespace haoban::sources
