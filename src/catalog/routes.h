// HTTP mapping of the catalog: item search and guides, forms, bundles and their situation
// questionnaires. Every route is public (Access::anyone()) and reads only memory.
#pragma once

#include "catalog/catalog.h"
#include "http/api/router.h"

namespace haoban::catalog {

void add_routes(http::Router& router, const Catalog& catalog);

}  // namespace haoban::catalog
