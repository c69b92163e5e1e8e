#include "ledger/routes.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <charconv>

#include "core/clock.h"
#include "core/encoding.h"
#include "core/error.h"

namespace haoban::ledger {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

uint64_t number_param(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty())
    throw invalid("missing-parameter", "缺少查询参数", std::string(name) + " is required",
                  {{std::string(name), "必填"}});
  uint64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size())
    throw invalid("bad-parameter", "查询参数应为非负整数", std::string(name) + "=" + *v,
                  {{std::string(name), "应为非负整数"}});
  return n;
}

uint64_t index_param(const Request& req) {
  uint64_t index = 0;
  const auto& s = req.param("index");
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), index);
  if (ec != std::errc() || p != s.data() + s.size()) throw not_found("ledger entry " + s);
  return index;
}

std::string b64(const Hash& h) { return base64_encode(as_bytes(h)); }

json::array b64_list(const std::vector<Hash>& hashes) {
  json::array out;
  for (const auto& h : hashes) out.emplace_back(b64(h));
  return out;
}

json::object entry_json(uint64_t index, const Entry& e) {
  return {{"index", index},       {"kind", to_string(e.kind)}, {"id", e.id},
          {"content", e.content}, {"category", e.category},    {"application", e.application},
          {"time", e.time}};
}

// The owner of an entry (its subject) or an administrator may fetch it.
Entry owned_entry(LedgerService& svc, const Request& req, uint64_t index) {
  auto e = svc.entry(index);
  if (!e) throw not_found("ledger entry " + std::to_string(index));
  const Principal* who = req.who();
  if (!who->has_role(Role::admin) && e->subject != subject_of(*who))
    throw forbidden("ledger entry " + std::to_string(index) + " is not yours");
  return *e;
}

}  // namespace

void add_routes(http::Router& router, LedgerService& svc) {
  router.add(Method::get, "/api/v1/ledger/checkpoint", Access::anyone(), [&svc](Request&) {
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = svc.ledger().checkpoint();
    r.with_header("Cache-Control", "max-age=5");
    return r;
  });

  // c2sp.org/tlog-tiles with prefix /api/v1/ledger: monitors fetch the tree and the entries.
  router.add(Method::get, "/api/v1/ledger/tile/{path...}", Access::anyone(), [&svc](Request& req) {
    auto data = svc.ledger().log().published_tile(req.param("path"));
    if (!data) throw not_found("tile " + req.param("path"));
    Response r;
    r.content_type = "application/octet-stream";
    r.body = std::move(*data);
    r.with_header("Cache-Control", "public, max-age=31536000, immutable");
    return r;
  });

  router.add(Method::get, "/api/v1/ledger/proofs/inclusion", Access::anyone(), [&svc](Request& req) {
    uint64_t index = number_param(req, "index");
    uint64_t size = req.query_param("size") ? number_param(req, "size") : svc.ledger().log().size();
    const Log& log = svc.ledger().log();
    auto proof = log.inclusion_proof(index, size);  // refuses index >= size and size > tree
    return Response::json(json::object{{"index", index},
                                       {"size", size},
                                       {"hash", to_string(log.params().hash)},
                                       {"leaf_hash", b64(log.leaf_hash(index))},
                                       {"root", b64(log.root_at(size))},
                                       {"proof", b64_list(proof)}});
  });

  router.add(Method::get, "/api/v1/ledger/proofs/consistency", Access::anyone(), [&svc](Request& req) {
    uint64_t from = number_param(req, "from");
    uint64_t to = req.query_param("to") ? number_param(req, "to") : svc.ledger().log().size();
    const Log& log = svc.ledger().log();
    auto proof = log.consistency_proof(from, to);
    return Response::json(json::object{{"from", from},
                                       {"to", to},
                                       {"hash", to_string(log.params().hash)},
                                       {"from_root", b64(log.root_at(from))},
                                       {"to_root", b64(log.root_at(to))},
                                       {"proof", b64_list(proof)}});
  });

  router.add(Method::get, "/api/v1/ledger/status", Access::staff({Role::admin}), [&svc](Request&) {
    auto st = svc.status();
    json::object witness{{"url", st.witness_url}, {"name", st.witness_name}, {"cosigned_size", st.cosigned_size}};
    witness["cosigned_at"] = st.cosigned_at ? json::value(format_iso8601(SysTime(std::chrono::seconds(*st.cosigned_at))))
                                            : json::value(nullptr);
    return Response::json(json::object{
        {"origin", st.origin},
        {"hash", st.hash},
        {"log_key", st.log_key},
        {"size", st.size},
        {"root", st.root_hex},
        {"witness", std::move(witness)},
        {"audit", json::object{{"seals", st.audit_seals},
                               {"sealed_through", st.audit_sealed_through},
                               {"last_sealed_at", st.last_sealed_at}}}});
  });

  router.add(Method::get, "/api/v1/ledger/entries", Access::signed_in(), [&svc](Request& req) {
    json::array items;
    for (const auto& ie : svc.entries_of(subject_of(*req.who()))) items.push_back(entry_json(ie.index, ie.entry));
    const Log& log = svc.ledger().log();
    return Response::json(json::object{{"items", std::move(items)},
                                       {"log_size", log.size()},
                                       {"origin", log.params().origin},
                                       {"log_key", svc.log_key().to_string()}});
  });

  router.add(Method::get, "/api/v1/ledger/entries/{index}", Access::signed_in(), [&svc](Request& req) {
    uint64_t index = index_param(req);
    return Response::json(entry_json(index, owned_entry(svc, req, index)));
  });

  router.add(Method::get, "/api/v1/ledger/receipts/{index}", Access::signed_in(), [&svc](Request& req) {
    uint64_t index = index_param(req);
    owned_entry(svc, req, index);
    Response r;
    r.content_type = "text/plain; charset=utf-8";
    r.body = svc.ledger().receipt(index);
    r.with_header("Content-Disposition", "attachment; filename=\"haoban-" + std::to_string(index) + ".tlog-proof\"");
    return r;
  });
}

}  // namespace haoban::ledger
