// HTTP mapping of the ledger: the checkpoint, proofs (public: they reveal only hashes), the
// signed-in user's own entries and their receipts.
#pragma once

#include "http/api/router.h"
#include "ledger/service.h"

namespace haoban::ledger {

void add_routes(http::Router& router, LedgerService& service);

}  // namespace haoban::ledger
