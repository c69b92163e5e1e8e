// HTTP mapping of 免申即享: the policies, a signed-in applicant's check-up and grants, officers'
// runs, lists and payments. docs/policies.md and docs/api.md describe it.
#pragma once

#include "http/api/router.h"
#include "policy/corrections.h"
#include "policy/service.h"

namespace haoban::policy {

void add_routes(http::Router& router, PolicyService& service, const Clock& clock);
// 数据纠错: beneficiaries report wrong source data; officers answer.
void add_correction_routes(http::Router& router, Corrections& corrections);

}  // namespace haoban::policy
