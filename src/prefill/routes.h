// GET /api/v1/prefill?item=CODE: what the logged-in applicant's form would be prefilled with.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "http/api/router.h"
#include "prefill/prefill.h"

namespace haoban::prefill {

// The key sources know the principal by (credit code, id number); nullopt when it has none.
using SubjectKey = std::function<std::optional<std::string>(const Principal&)>;

// enterprise for enterprise accounts (and their agents), person otherwise.
defs::SourceSubject subject_kind(const Principal& p);

void add_routes(http::Router& router, const PrefillService& service, SubjectKey subject_key);

}  // namespace haoban::prefill
