// 无忧快注's exemption: a proof of premises (住所使用证明) is not asked for when the premises address
// is a standard address (address::AddressBook, an exact match) and the applicant's right to use it
// is on record — a property right in 不动产 whose 坐落 is the same standard address, or a registered
// lease (租赁备案) in force today.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "address/standard.h"
#include "core/clock.h"
#include "core/principal.h"
#include "identity/identity.h"
#include "sources/sources.h"

namespace haoban::app {

struct PremisesCheck {
  bool standard = false;  // the address is a standard address
  bool exempt = false;    // … and the applicant's right to use it is on record
  std::string address_id, address_text;
  std::string reason;  // for applicant and clerk, both outcomes
};

class PremisesRights {
 public:
  PremisesRights(std::function<address::AddressBook&()> book, sources::SourceService& sources,
                 identity::IdentityService& identity, const Clock& clock)
      : book_(std::move(book)), sources_(sources), identity_(identity), clock_(clock) {}

  // Reads 不动产 for the applicant, logged in the sources' query log with `application` and, in the
  // purpose, the item's name (`item`) when there is one.
  PremisesCheck check(const Principal& applicant, std::string_view address, std::string_view application = {},
                      std::string_view item = {}) const;

 private:
  std::function<address::AddressBook&()> book_;
  sources::SourceService& sources_;
  identity::IdentityService& identity_;
  const Clock& clock_;
};

}  // namespace haoban::app
