#include "policy/routes.h"

#include <boost/json/array.hpp>
#include <charconv>

#include "core/error.h"
#include "http/api/json_body.h"

namespace haoban::policy {

namespace json = boost::json;
using http::Method;
using http::Request;
using http::Response;

namespace {

// A policy file is a few KB (the largest of the district's 68 is under 4 KB).
constexpr std::size_t kMaxDraftBytes = 64 * 1024;

Date date_param(const Request& req, const Clock& clock) {
  auto v = req.query_param("as_of");
  if (!v || v->empty()) return china_date(clock.now());
  if (auto d = parse_date(*v)) return *d;
  throw invalid("validation-failed", "查询参数有误", "", {{"as_of", "日期格式应为 YYYY-MM-DD"}});
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

json::array criteria(const std::vector<defs::Criterion>& cs) {
  json::array a;
  for (const auto& c : cs) a.push_back(json::object{{"id", c.id}, {"reason", c.reason}, {"when", c.when.source}});
  return a;
}

json::object policy_json(const defs::Policy& p, const defs::Definitions& d, bool detail) {
  const auto* dep = d.department(p.department.id);
  json::object effective{{"from", format_date(p.effective_from)}};
  if (p.effective_to) effective["to"] = format_date(*p.effective_to);
  json::object o{{"id", p.id},
                 {"title", p.title},
                 {"summary", p.summary},
                 {"department", p.department.id},
                 {"department_name", dep ? dep->name : p.department.id},
                 {"kind", p.kind},
                 {"target", defs::to_string(p.target)},
                 {"mode", p.mode},
                 {"effective", std::move(effective)},
                 {"legal_basis", p.legal_basis},
                 {"benefit_description", p.benefit_description},
                 {"version", p.version}};
  if (detail) {
    o["eligibility"] = criteria(p.eligibility);
    o["risk"] = criteria(p.risks);
    o["amount"] = p.amount.source;
    json::array params;
    for (const auto& param : p.parameters) {
      json::array values;
      for (const auto& v : param.values) {
        json::object vo{{"from", format_date(v.from)}, {"value", v.value.to_string()}};
        if (v.to) vo["to"] = format_date(*v.to);
        values.push_back(std::move(vo));
      }
      params.push_back(json::object{{"name", param.name}, {"values", std::move(values)}});
    }
    o["parameters"] = std::move(params);
  }
  return o;
}

json::object run_json(const RunSummary& r) {
  return {{"id", r.id},
          {"policy", r.policy},
          {"title", r.title},
          {"version", r.version},
          {"as_of", r.as_of},
          {"status", r.status},
          {"entities", r.entities},
          {"eligible", r.eligible},
          {"ineligible", r.ineligible},
          {"undecided", r.undecided},
          {"blocked", r.blocked},
          {"not_in_force", r.not_in_force},
          {"errors", r.errors},
          {"near_misses", r.near_misses},
          {"amount", r.amount},
          {"granted", r.granted},
          {"created_by", r.created_by},
          {"created_at", r.created_at},
          {"confirmed_by", r.confirmed_by},
          {"confirmed_at", r.confirmed_at},
          {"note", r.note}};
}

json::object grant_json(const Grant& g) {
  return {{"id", g.id},
          {"run", g.run},
          {"policy", g.policy},
          {"title", g.title},
          {"entity", g.entity},
          {"entity_kind", g.entity_kind},
          {"name", g.name},
          {"amount", g.amount},
          {"mode", g.mode},
          {"state", g.state},
          {"created_at", g.created_at},
          {"confirmed_at", g.confirmed_at},
          {"confirmed_by", g.confirmed_by},
          {"paid_at", g.paid_at},
          {"paid_by", g.paid_by},
          {"objection", g.objection},
          {"note", g.note},
          {"ledger_index", g.ledger_index},
          {"payment_index", g.payment_index},
          {"approved_at", g.approved_at},
          {"approved_by", g.approved_by},
          {"payment_ref", g.payment_ref},
          {"failure", g.failure},
          {"objected_from", g.objected_from},
          {"reply", g.reply},
          {"reviewed_by", g.reviewed_by},
          {"reviewed_at", g.reviewed_at},
          {"clawback_reason", g.clawback_reason},
          {"clawed_back_at", g.clawed_back_at},
          {"clawed_back_by", g.clawed_back_by},
          {"clawback_index", g.clawback_index},
          {"signature", g.signature},
          {"signer_key", g.signer_key},
          {"confirmation_index", g.confirmation_index},
          {"statement", confirmation_statement(g)}};
}

json::object totals_json(const FundTotals& t) {
  json::object states;
  for (const auto& [state, n] : t.states) states[state] = n;
  return {{"grants", t.grants},
          {"committed", t.committed.to_string()},
          {"paid", t.paid.to_string()},
          {"clawed_back", t.clawed_back.to_string()},
          {"net", t.net.to_string()},
          {"outstanding", t.outstanding.to_string()},
          {"states", std::move(states)}};
}

json::object fund_line_json(const FundLine& l) {
  json::object o{{"department", l.department}, {"department_name", l.department_name}};
  if (!l.policy.empty()) {
    o["policy"] = l.policy;
    o["title"] = l.title;
  }
  o["totals"] = totals_json(l.totals);
  return o;
}

json::object draft_json(const DraftCheck& c, const defs::Definitions& published) {
  json::array errors;
  for (const auto& e : c.draft.errors)
    errors.push_back(json::object{
        {"line", e.pos.line}, {"column", e.pos.column}, {"message", e.message}, {"text", e.to_string()}});
  json::array tests;
  std::size_t passed = 0;
  for (const auto& t : c.draft.tests) {
    passed += t.passed ? 1 : 0;
    tests.push_back(json::object{{"name", t.name}, {"line", t.line}, {"passed", t.passed}, {"message", t.message}});
  }
  const defs::Policy* p = c.draft.policy();
  json::object out{{"as_of", format_date(c.as_of)},
                   {"compiles", c.draft.engine.has_value()},
                   {"errors", std::move(errors)},
                   {"tests", std::move(tests)},
                   {"tests_passed", passed},
                   {"tests_failed", c.draft.tests.size() - passed}};
  if (p) {
    const defs::Policy* was = published.policy(p->id);
    out["policy"] = json::object{{"id", p->id},
                                 {"title", p->title},
                                 {"target", defs::to_string(p->target)},
                                 {"version", p->version},
                                 {"published_version", was ? was->version : ""}};
  } else {
    out["policy"] = nullptr;
  }
  if (!c.impact) {
    out["impact"] = nullptr;
    return out;
  }
  const auto& i = *c.impact;
  json::array samples;
  for (const auto& s : i.samples) {
    json::array changed;
    for (const auto& v : s.changed)
      changed.push_back(json::object{
          {"id", v.id}, {"reason", v.reason}, {"risk", v.risk}, {"before", v.before}, {"after", v.after}});
    samples.push_back(json::object{{"entity", s.entity},
                                   {"name", s.name},
                                   {"change", s.gained ? "gain" : "lose"},
                                   {"before", s.before},
                                   {"after", s.after},
                                   {"amount_before", s.amount_before},
                                   {"amount_after", s.amount_after},
                                   {"changed", std::move(changed)}});
  }
  out["impact"] = json::object{{"is_new", i.counts.is_new},
                               {"entities", i.entities},
                               {"eligible_before", i.counts.eligible_before},
                               {"eligible_after", i.counts.eligible_after},
                               {"gained", i.counts.gained},
                               {"lost", i.counts.lost},
                               {"unchanged_eligible", i.unchanged_eligible},
                               {"amount_before", i.counts.amount_before.to_string()},
                               {"amount_after", i.counts.amount_after.to_string()},
                               {"samples", std::move(samples)},
                               {"population", json::object{{"gathered_at", c.gathered_at},
                                                           {"cached", c.cached},
                                                           {"gather_seconds", c.gather_seconds},
                                                           {"impact_seconds", c.impact_seconds}}}};
  return out;
}

template <class T, class F>
json::object items(const std::vector<T>& v, F&& to_json) {
  json::array a;
  for (const auto& x : v) a.push_back(to_json(x));
  return {{"items", std::move(a)}};
}

}  // namespace

void add_routes(http::Router& router, PolicyService& service, const Clock& clock) {
  const auto& defs = service.engine().definitions();
  const auto officers = Access::staff({Role::policy_admin, Role::admin});

  router.add(Method::get, "/api/v1/policies", Access::anyone(), [&defs](Request&) {
    json::array a;
    for (const auto& p : defs.policies) a.push_back(policy_json(p, defs, false));
    return Response::json(json::object{{"items", std::move(a)}});
  });
  // The entity model (entities.yaml): what each attribute path means and which source holds it, so
  // clients name missing information the way the definitions do.
  router.add(Method::get, "/api/v1/policies/attributes", Access::anyone(), [&defs](Request&) {
    json::object out;
    for (auto kind : {defs::EntityKind::enterprise, defs::EntityKind::person}) {
      json::array a;
      for (const auto& attr : defs.entities.of(kind)) {
        const auto* src = defs.source(attr.source.id);
        a.push_back(json::object{{"path", std::string(defs::to_string(kind)) + "." + attr.path},
                                 {"label", attr.label},
                                 {"type", defs::to_string(attr.type)},
                                 {"source", attr.source.id},
                                 {"source_name", src ? src->name : ""}});
      }
      out[defs::to_string(kind)] = std::move(a);
    }
    return Response::json(out);
  });
  router.add(Method::get, "/api/v1/policies/checkup", Access::applicants(), [&service, &clock](Request& req) {
    return Response::json(service.checkup(*req.who(), date_param(req, clock)));
  });
  router.add(Method::get, "/api/v1/policies/grants/mine", Access::applicants(), [&service](Request& req) {
    return Response::json(items(service.my_grants(*req.who()), grant_json));
  });
  // One-click confirmation: consent plus the SM2 signature of the grant's statement by a key the
  // beneficiary registered (POST /api/v1/me/signing-keys).
  router.add(Method::post, "/api/v1/policies/grants/{id}/confirm", Access::applicants(), [&service](Request& req) {
    auto body = http::parse_object(req);
    for (const auto& kv : body)
      if (kv.key() != "consent" && kv.key() != "key" && kv.key() != "signature")
        throw field_invalid(std::string(kv.key()), "未知字段");
    const json::value* consent = body.if_contains("consent");
    if (!consent || !consent->is_bool())
      throw field_invalid("consent", "应为 true 或 false");
    const json::value* key = body.if_contains("key");
    if (!key || !key->is_int64() || key->as_int64() <= 0)
      throw field_invalid("key", "请用已登记的签名密钥签名");
    const json::value* signature = body.if_contains("signature");
    if (!signature || !signature->is_string() || signature->as_string().size() != 128)
      throw field_invalid("signature", "应为 128 位十六进制的 SM2 签名");
    return Response::json(grant_json(service.confirm_grant(*req.who(), req.id_param("兑现记录"), consent->as_bool(),
                                                           key->as_int64(), signature->as_string())));
  });
  router.add(Method::post, "/api/v1/policies/grants/{id}/objection", Access::applicants(), [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reason"});
    auto reason = f.required_string("reason", 2000);
    f.done();
    return Response::json(grant_json(service.object(*req.who(), req.id_param("兑现记录"), reason)));
  });
  // The published policy's file as it was loaded: where writing a new version starts.
  router.add(Method::get, "/api/v1/policies/{id}/source", officers, [&defs](Request& req) {
    const defs::Policy* p = defs.policy(req.param("id"));
    if (!p) throw not_found("政策");
    return Response::json(json::object{{"id", p->id}, {"version", p->version}, {"yaml", p->text}});
  });
  router.add(Method::get, "/api/v1/policies/{id}", Access::anyone(), [&defs](Request& req) {
    const defs::Policy* p = defs.policy(req.param("id"));
    if (!p) throw not_found("政策");
    return Response::json(policy_json(*p, defs, true));
  });

  router.add(Method::post, "/api/v1/policy-runs", officers, [&service, &clock](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"policy", "as_of"});
    auto policy = f.required_string("policy", 64);
    auto as_of = f.optional_string("as_of", 16);
    f.done();
    Date date = china_date(clock.now());
    if (as_of && !as_of->empty()) {
      auto d = parse_date(*as_of);
      if (!d) throw field_invalid("as_of", "日期格式应为 YYYY-MM-DD");
      date = *d;
    }
    if (!service.engine().definitions().policy(policy))
      throw field_invalid("policy", "没有该政策：" + policy);
    return Response::json(run_json(service.run(*req.who(), policy, date)), 201);
  });
  router.add(Method::get, "/api/v1/policy-runs", officers, [&service](Request& req) {
    return Response::json(items(service.runs(*req.who(), req.query_param("policy").value_or("")), run_json));
  });
  router.add(Method::get, "/api/v1/policy-runs/{id}", officers, [&service](Request& req) {
    auto id = req.id_param("匹配记录");
    auto run = service.run_summary(*req.who(), id);
    json::array list;
    for (const auto& d : service.run_decisions(*req.who(), id))
      list.push_back(json::object{{"entity", d.entity},
                                  {"name", d.name},
                                  {"outcome", d.outcome},
                                  {"amount", d.amount},
                                  {"failed", strings(d.failed)},
                                  {"missing", strings(d.missing)},
                                  {"blocked_by", strings(d.blocked_by)},
                                  {"near_miss", d.near_miss}});
    return Response::json(json::object{{"run", run_json(run)}, {"decisions", std::move(list)}});
  });
  router.add(Method::post, "/api/v1/policy-runs/{id}/confirm", officers, [&service](Request& req) {
    auto body = req.body.empty() ? json::object() : http::parse_object(req);
    http::JsonFields f(body, {"note"});
    auto note = f.optional_string("note", 2000).value_or("");
    f.done();
    return Response::json(run_json(service.confirm_run(*req.who(), req.id_param("匹配记录"), note)));
  });
  // 政策编写: one policy file's text checked — errors, its tests, its change impact — nothing saved.
  router.add(Method::post, "/api/v1/policy-drafts/check", officers, [&service, &clock](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"yaml", "as_of", "refresh"});
    auto yaml = f.required_string("yaml", kMaxDraftBytes);
    auto as_of = f.optional_string("as_of", 16);
    f.done();
    if (yaml.find_first_not_of(" \t\r\n") == std::string::npos)
      throw field_invalid("yaml", "政策文件内容不能为空");
    Date date = china_date(clock.now());
    if (as_of && !as_of->empty()) {
      auto d = parse_date(*as_of);
      if (!d) throw field_invalid("as_of", "日期格式应为 YYYY-MM-DD");
      date = *d;
    }
    bool refresh = false;
    if (const json::value* r = body.if_contains("refresh")) {
      if (!r->is_bool()) throw field_invalid("refresh", "应为 true 或 false");
      refresh = r->as_bool();
    }
    return Response::json(draft_json(service.check_draft(*req.who(), yaml, date, refresh), service.engine().definitions()));
  });
  router.add(Method::get, "/api/v1/policy-grants", officers, [&service](Request& req) {
    return Response::json(items(service.grants(*req.who(), req.query_param("policy").value_or(""),
                                               req.query_param("state").value_or("")),
                                grant_json));
  });
  // Approves many at once (the officer's queue): each grant approved or skipped with its state.
  router.add(Method::post, "/api/v1/policy-grants/approve", officers, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"ids"});
    f.done();
    const json::value* ids = body.if_contains("ids");
    if (!ids || !ids->is_array() || ids->as_array().empty() || ids->as_array().size() > 500)
      throw field_invalid("ids", "应为 1 至 500 个兑现记录编号");
    std::vector<long long> list;
    for (const auto& v : ids->as_array()) {
      if (!v.is_int64() || v.as_int64() <= 0)
        throw field_invalid("ids", "编号应为正整数");
      list.push_back(v.as_int64());
    }
    json::array approved, skipped;
    for (long long id : list) {
      try {
        approved.push_back(grant_json(service.approve(*req.who(), id)));
      } catch (const Error& e) {
        if (e.kind() != ErrorKind::conflict && e.kind() != ErrorKind::not_found) throw;
        skipped.push_back(json::object{{"id", id}, {"reason", e.title()}});
      }
    }
    return Response::json(json::object{{"approved", std::move(approved)}, {"skipped", std::move(skipped)}});
  });
  router.add(Method::post, "/api/v1/policy-grants/{id}/approve", officers, [&service](Request& req) {
    return Response::json(grant_json(service.approve(*req.who(), req.id_param("兑现记录"))));
  });
  router.add(Method::post, "/api/v1/policy-grants/{id}/pay", officers, [&service](Request& req) {
    auto body = req.body.empty() ? json::object() : http::parse_object(req);
    http::JsonFields f(body, {"reference"});
    auto reference = f.optional_string("reference", 256).value_or("");
    f.done();
    return Response::json(grant_json(service.pay(*req.who(), req.id_param("兑现记录"), reference)));
  });
  router.add(Method::post, "/api/v1/policy-grants/{id}/payment-failed", officers, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reason"});
    auto reason = f.required_string("reason", 2000);
    f.done();
    return Response::json(grant_json(service.fail(*req.who(), req.id_param("兑现记录"), reason)));
  });
  router.add(Method::post, "/api/v1/policy-grants/{id}/retry", officers, [&service](Request& req) {
    return Response::json(grant_json(service.retry(*req.who(), req.id_param("兑现记录"))));
  });
  router.add(Method::post, "/api/v1/policy-grants/{id}/claw-back", officers, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"reason"});
    auto reason = f.required_string("reason", 2000);
    f.done();
    return Response::json(grant_json(service.claw_back(*req.who(), req.id_param("兑现记录"), reason)));
  });
  router.add(Method::post, "/api/v1/policy-grants/{id}/objection-review", officers, [&service](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"decision", "reply", "amount"});
    auto decision = f.required_string("decision", 16);
    auto reply = f.required_string("reply", 2000);
    auto amount_text = f.optional_string("amount", 32);
    f.done();
    Review review;
    if (decision == "dismiss") review = Review::dismiss;
    else if (decision == "amend") review = Review::amend;
    else if (decision == "withdraw") review = Review::withdraw;
    else throw field_invalid("decision", "应为 dismiss、amend 或 withdraw");
    std::optional<expr::Decimal> amount;
    if (amount_text) {
      amount = expr::Decimal::parse(*amount_text);
      if (!amount) throw field_invalid("amount", "金额格式有误");
    }
    return Response::json(
        grant_json(service.review_objection(*req.who(), req.id_param("兑现记录"), review, reply, amount)));
  });
  // Funds per policy and department: committed, paid, clawed back, net, outstanding; each level the
  // sum of the one below.
  router.add(Method::get, "/api/v1/policy-funds", officers, [&service](Request& req) {
    auto report = service.funds(*req.who());
    json::array policies, departments;
    for (const auto& l : report.policies) policies.push_back(fund_line_json(l));
    for (const auto& l : report.departments) departments.push_back(fund_line_json(l));
    return Response::json(json::object{{"policies", std::move(policies)},
                                       {"departments", std::move(departments)},
                                       {"total", totals_json(report.total)}});
  });
}

namespace {

json::object correction_json(const Correction& c) {
  return {{"id", c.id},
          {"entity", c.entity},
          {"entity_kind", c.entity_kind},
          {"attribute", c.attribute},
          {"label", c.label},
          {"source", c.source},
          {"source_name", c.source_name},
          {"department", c.department},
          {"department_name", c.department_name},
          {"current", c.current},
          {"claimed", c.claimed},
          {"reason", c.reason},
          {"policy", c.policy},
          {"state", c.state},
          {"reply", c.reply},
          {"created_at", c.created_at},
          {"created_by", c.created_by},
          {"reviewed_at", c.reviewed_at},
          {"reviewed_by", c.reviewed_by}};
}

}  // namespace

void add_correction_routes(http::Router& router, Corrections& corrections) {
  const auto officers = Access::staff({Role::policy_admin, Role::admin});
  router.add(Method::post, "/api/v1/policies/corrections", Access::applicants(), [&corrections](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"attribute", "claimed", "reason", "policy"});
    auto attribute = f.required_string("attribute", 128);
    auto claimed = f.required_string("claimed", 1000);
    auto reason = f.required_string("reason", 2000);
    auto policy = f.optional_string("policy", 64).value_or("");
    f.done();
    return Response::json(correction_json(corrections.submit(*req.who(), attribute, claimed, reason, policy)), 201);
  });
  router.add(Method::get, "/api/v1/policies/corrections/mine", Access::applicants(), [&corrections](Request& req) {
    return Response::json(items(corrections.mine(*req.who()), correction_json));
  });
  router.add(Method::get, "/api/v1/policy-corrections", officers, [&corrections](Request& req) {
    return Response::json(items(corrections.list(*req.who(), req.query_param("state").value_or("")), correction_json));
  });
  router.add(Method::post, "/api/v1/policy-corrections/{id}/review", officers, [&corrections](Request& req) {
    auto body = http::parse_object(req);
    http::JsonFields f(body, {"decision", "reply"});
    auto decision = f.required_string("decision", 16);
    auto reply = f.required_string("reply", 2000);
    f.done();
    if (decision != "accept" && decision != "reject")
      throw field_invalid("decision", "应为 accept 或 reject");
    return Response::json(
        correction_json(corrections.review(*req.who(), req.id_param("数据纠错"), decision == "accept", reply)));
  });
}

}  // namespace haoban::policy
