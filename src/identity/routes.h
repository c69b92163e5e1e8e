// HTTP mapping of the identity service: sessions (login/logout), the current user, departments,
// the current user's signing keys.
#pragma once

#include "http/api/router.h"
#include "identity/identity.h"
#include "identity/signing_keys.h"

namespace haoban::identity {

struct RouteOptions {
  bool secure_cookie = false;  // add `Secure` when served over HTTPS (behind a TLS proxy)
};

void add_routes(http::Router& router, IdentityService& service, RouteOptions options = {});
// The signed-in account's signing keys: list, register, revoke.
void add_signing_key_routes(http::Router& router, SigningKeys& keys);

}  // namespace haoban::identity
