// HTTP mapping of applications: create, edit, submit, act, read, list.
#pragma once

#include "applications/applications.h"
#include "http/api/router.h"

namespace haoban::applications {

void add_routes(http::Router& router, ApplicationService& service);

}  // namespace haoban::applications
