#include "prefill/routes.h"

#include "core/error.h"

namespace haoban::prefill {

using http::Method;
using http::Request;
using http::Response;

defs::SourceSubject subject_kind(const Principal& p) {
  return p.kind == AccountKind::enterprise ? defs::SourceSubject::enterprise : defs::SourceSubject::person;
}

void add_routes(http::Router& router, const PrefillService& service, SubjectKey subject_key) {
  router.add(Method::get, "/api/v1/prefill", Access::applicants(), [&service, subject_key](Request& req) {
    auto item = req.query_param("item");
    if (!item || item->empty())
      throw invalid("missing-parameter", "缺少查询参数", "item is required", {{"item", "请指定事项编码"}});
    const Principal& who = *req.who();
    auto key = subject_key(who);
    if (!key) throw conflict("no-subject-key", "账号缺少证件信息，无法预填", "the account has no id number or credit code");
    Purpose purpose{who.username, "", ""};  // the service names the item
    return Response::json(service.prefill(*item, *key, subject_kind(who), purpose).to_json());
  });
}

}  // namespace haoban::prefill
