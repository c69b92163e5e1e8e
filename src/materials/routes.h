// HTTP mapping of the e-material library (我的材料): the applicant's library, uploads (the raw file
// as the body, metadata in the query and X-Filename), reading a material and its file (the owner,
// or staff of a department whose application used it), revocation, and what the library would
// exempt for an item now. docs/materials.md describes it.
#pragma once

#include "http/api/router.h"
#include "materials/materials.h"

namespace haoban::materials {

void add_routes(http::Router& router, MaterialService& service);

}  // namespace haoban::materials
