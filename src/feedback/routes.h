// HTTP mapping of 好差评: rating a service event, counter visits for the rating pad, the department's
// ratings, the rectification tasks and their steps, appeals. docs/feedback.md.
#pragma once

#include <functional>
#include <string>

#include "feedback/feedback.h"
#include "feedback/reports.h"
#include "http/api/router.h"

namespace haoban::feedback {

// The item's name for a counter visit, or nullopt for an unknown item.
using ItemName = std::function<std::optional<std::string>(const std::string& code)>;

void add_routes(http::Router& router, FeedbackService& service, ItemName item_name);

// 办不成事 (`/api/v1/cant-do-reports`, report_routes.cpp) and its Open311 GeoReport v2 view
// (`/open311/v2/…`, open311.cpp).
void add_report_routes(http::Router& router, Reports& reports);
struct Open311Options {
  std::string jurisdiction;                                      // e.g. "310113.sh.gov.cn"
  std::function<std::string(const std::string& id)> department;  // a department's name
};
void add_open311_routes(http::Router& router, Reports& reports, Open311Options options);

}  // namespace haoban::feedback
