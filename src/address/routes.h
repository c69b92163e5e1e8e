// HTTP mapping of 无忧快注: parsing, matching and autocomplete over standard addresses, the park
// directory (园区, 集中登记地), and for a signed-in applicant whether premises at an address would
// need no proof. docs/address.md describes it.
#pragma once

#include <boost/json/object.hpp>
#include <functional>

#include "address/standard.h"
#include "core/principal.h"
#include "http/api/router.h"

namespace haoban::address {

// The applicant's premises check (app/premises.h), as JSON: {standard, exempt, address_id, reason}.
using PremisesJson = std::function<boost::json::object(const Principal& applicant, std::string_view address)>;

void add_routes(http::Router& router, std::function<AddressBook&()> book, PremisesJson premises);

}  // namespace haoban::address
