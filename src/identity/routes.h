// HTTP mapping of the identity service: sessions (login/logout), the current user, departments.
#pragma once

#include "http/api/router.h"
#include "identity/identity.h"

namespace haoban::identity {

struct RouteOptions {
  bool secure_cookie = false;  // add `Secure` when served over HTTPS (behind a TLS proxy)
};

void add_routes(http::Router& router, IdentityService& service, RouteOptions options = {});

}  // namespace haoban::identity
