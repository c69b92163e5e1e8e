// HTTP mapping of the authoritative sources: the list for staff, "who looked at my data" for
// applicants, the full query log and the outage switch for administrators, and a counter lookup
// (数据核验) for window clerks.
#pragma once

#include "http/api/router.h"
#include "identity/identity.h"
#include "sources/sources.h"

namespace haoban::sources {

// `identity` names the staff who looked and knows the applicant's subject key.
void add_routes(http::Router& router, SourceService& service, identity::IdentityService& identity);

}  // namespace haoban::sources
