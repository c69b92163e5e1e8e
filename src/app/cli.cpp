#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <fstream>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <iostream>
#include <mutex>
#include <stop_token>
#include <thread>

#include "app/address_cli.h"
#include "app/kb_cli.h"
#include "app/app.h"
#include "app/history.h"
#include "app/ledger_cli.h"
#include "app/policy_cli.h"
#include "analytics/report.h"
#include "analytics/service_index.h"
#include "app/seed.h"
#include "core/error.h"
#include "core/id_codes.h"
#include "defs/defs.h"
#include "applications/follow_ups.h"
#include "http/server.h"
#include "policy/engine.h"

#ifndef HAOBAN_VERSION
#define HAOBAN_VERSION "0.1.0"
#endif

namespace haoban::app {

namespace {

struct Flags {
  std::optional<std::string> config_file;
  std::optional<std::string> data_dir;
  std::optional<std::string> db_url;
  std::optional<std::string> listen;
  std::optional<std::string> web_root;
  std::optional<std::string> resources;
  std::string profile = "demo";
};

Config effective_config(const Flags& f) {
  Config c = load_config(f.config_file ? std::optional<std::filesystem::path>(*f.config_file) : std::nullopt);
  if (f.data_dir) c.data_dir = *f.data_dir;
  if (f.db_url) c.db_url = *f.db_url;
  if (f.listen) c.listen = *f.listen;
  if (f.web_root) c.web_root = *f.web_root;
  if (f.resources) c.resources = *f.resources;
  spdlog::set_level(spdlog::level::from_str(c.log_level));
  return c;
}

void add_state_flags(CLI::App* cmd, Flags& f) {
  cmd->add_option("--data", f.data_dir, "data directory: SQLite file, indexes, ledger, uploads (default var/)");
  cmd->add_option("--db", f.db_url, "store URL: postgresql://user@host:port/db (default: SQLite inside --data)");
  cmd->add_option("--resources", f.resources, "the repository's data/ folder (calendar, gazetteer)");
}

Date parse_date_arg(const std::string& s) {
  auto d = parse_date(s);
  if (!d) throw invalid("bad-date", "日期格式应为 YYYY-MM-DD", "'" + s + "' is not a valid YYYY-MM-DD date");
  return *d;
}

std::chrono::year_month_day today() { return china_date(std::chrono::system_clock::now()); }

void print_demo_accounts() {
  fmt::print("demo accounts (password {}):\n", kDemoPassword);
  for (const auto& a : demo_accounts()) fmt::print("  {:<16} {}\n", a.username, a.who);
}

int serve(const Config& c) {
  auto hp = parse_listen(c.listen);  // before touching any state
  SystemClock clock;
  App app(c, clock);
  http::Router router;
  app.add_routes(router);
  http::ServerOptions so;
  so.host = hp.host;
  so.port = hp.port;
  so.web_root = c.web_root;
  so.body_limit = c.body_limit_bytes;
  so.read_timeout = std::chrono::seconds(c.read_timeout_seconds);
  so.io_threads = static_cast<unsigned>(c.io_threads);
  so.worker_threads = static_cast<unsigned>(std::max(1, c.worker_threads));
  so.access_log = c.access_log;
  http::Authenticator auth{
      [&app](std::string_view token) { return app.identity().authenticate(token); },
      [&app](std::string_view token, bool& known) { return app.identity().cached(token, known); }};
  http::Server server(so, router, auth, [&app] { return app.db().ping(); });
  app.events().subscribe([&server](const Event& e) { server.publish(e); });
  server.on_socket({[&app, &server](std::uint64_t conn, const Principal& who, std::string_view text) {
                      for (auto& o : app.socket_message(conn, who, text)) server.send_to(o.connection, std::move(o.text));
                    },
                    [&app, &server](std::uint64_t conn) {
                      for (auto& o : app.socket_closed(conn)) server.send_to(o.connection, std::move(o.text));
                    }});
  app.ledger().start(std::chrono::seconds(std::max(1, c.ledger_round_seconds)));
  // 免申即办: follow-up drafts are filed off the completing request, and what a stop left queued at start.
  applications::FollowUpWorker follow_ups(app.applications(), app.events(), std::chrono::seconds(60));
  server.add_metrics([&app] { return app.ledger().metrics(); });
  unsigned short port = server.bind();
  if (!std::filesystem::exists(c.web_root / "index.html"))
    spdlog::warn("{} has no index.html: the web app is not built (run `make`)", c.web_root.string());
  std::string host = so.host == "0.0.0.0" ? "127.0.0.1" : so.host;
  fmt::print("haoban serving on http://{}:{}/  (store: {})\n", host, port, c.store_url());
  std::fflush(stdout);
  // Timers while serving: 帮办 presence, queue and SLA misses, and the cockpit's facts every 5 s; 好差评 and 办不成事 deadlines every 5 min.
  std::jthread helpdesk_ticker([&app](std::stop_token stop) {
    unsigned long ticks = 0;
    std::mutex mu;
    std::condition_variable_any cv;
    while (!stop.stop_requested()) {
      try {
        app.helpdesk().tick();
        app.sync_cockpit();
        if (++ticks % 60 == 1) {  // 好差评 and 办不成事 deadlines: every 5 minutes
          app.feedback().tick();
          app.cant_do().tick();
        }
      } catch (const std::exception& e) {
        spdlog::error("helpdesk tick: {}", e.what());
      }
      std::unique_lock lock(mu);
      cv.wait_for(lock, stop, std::chrono::seconds(5), [] { return false; });
    }
  });
  server.run();
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv) {
  CLI::App cli{"haoban (好办): government service platform"};
  cli.require_subcommand(1);
  Flags f;
  cli.add_option("--config", f.config_file, "haoban.toml (default ./haoban.toml when present)");

  auto* serve_cmd = cli.add_subcommand("serve", "serve the API and the web app");
  add_state_flags(serve_cmd, f);
  serve_cmd->add_option("--listen", f.listen, "HOST:PORT (default 127.0.0.1:8080)");
  serve_cmd->add_option("--web-root", f.web_root, "built web app (default web/dist)");

  auto* migrate_cmd = cli.add_subcommand("migrate", "apply pending store migrations");
  add_state_flags(migrate_cmd, f);

  auto* seed_cmd = cli.add_subcommand("seed", "fill an empty store with a synthetic district");
  add_state_flags(seed_cmd, f);
  seed_cmd->add_option("--profile", f.profile, "data profile: demo, or district (demo + a year of applications)")
      ->check(CLI::IsMember({"demo", "district"}));
  bool print_accounts = false;
  seed_cmd->add_flag("--print-accounts", print_accounts, "only print the profile's demo accounts");
  std::vector<int> bench_accounts;
  seed_cmd
      ->add_option("--bench-accounts", bench_accounts,
                   "N,M: also N applicants load.applicant.0001… and M 帮办 load.helper.01… (load benchmarks)")
      ->delimiter(',')
      ->expected(2);

  auto* report_cmd = cli.add_subcommand("report", "the monthly operations report (运营分析报告) as PDF");
  add_state_flags(report_cmd, f);
  std::string report_period, report_out;
  report_cmd->add_option("--period", report_period, "the month, YYYY-MM")->required();
  report_cmd->add_option("--out", report_out, "the PDF file to write")->required();

  auto* prefill_cmd = cli.add_subcommand("prefill", "what an applicant's form would be prefilled with (数源)");
  add_state_flags(prefill_cmd, f);
  std::string prefill_item, prefill_subject;
  bool prefill_json = false;
  prefill_cmd->add_option("--item", prefill_item, "item code, e.g. SCJG-002")->required();
  prefill_cmd->add_option("--subject", prefill_subject, "统一社会信用代码 or 居民身份证号码")->required();
  prefill_cmd->add_flag("--json", prefill_json, "print the JSON the API returns");

  cli.add_subcommand("version", "print the version");

  auto* cal = cli.add_subcommand("calendar", "working-day calendar (statutory holidays and 调休)");
  cal->require_subcommand(1);
  cal->add_option("--resources", f.resources, "the repository's data/ folder");
  std::string d1, d2;
  int n = 0;
  auto* cal_add = cal->add_subcommand("add", "print the date N working days after DATE");
  cal_add->add_option("DATE", d1, "YYYY-MM-DD")->required();
  cal_add->add_option("N", n, "number of working days")->required();
  auto* cal_between = cal->add_subcommand("between", "working days after FROM up to and including TO");
  cal_between->add_option("FROM", d1, "YYYY-MM-DD")->required();
  cal_between->add_option("TO", d2, "YYYY-MM-DD")->required();
  auto* cal_is = cal->add_subcommand("is-working", "print yes or no");
  cal_is->add_option("DATE", d1, "YYYY-MM-DD")->required();

  auto* defs_cmd = cli.add_subcommand("defs", "business definitions: items, forms, bundles (data/definitions)");
  defs_cmd->require_subcommand(1);
  defs_cmd->add_option("--resources", f.resources, "the repository's data/ folder");
  std::string defs_dir;
  auto* defs_check = defs_cmd->add_subcommand("check", "validate definitions; print FILE:LINE:COL: problem per line");
  defs_check->add_option("DIR", defs_dir, "definitions directory (default: <resources>/definitions)");

  auto* check = cli.add_subcommand("check", "validate identifiers");
  check->require_subcommand(1);
  std::string code;
  auto* check_id = check->add_subcommand("id-number", "居民身份证号码 (GB 11643)");
  check_id->add_option("ID", code, "18 characters")->required();
  auto* check_cc = check->add_subcommand("credit-code", "统一社会信用代码 (GB 32100)");
  check_cc->add_option("CODE", code, "18 characters")->required();

  LedgerCli ledger_cli(cli, [&f](CLI::App* cmd) { add_state_flags(cmd, f); });
  AddressCli address_cli(cli, [&f](CLI::App* cmd) { add_state_flags(cmd, f); });
  KbCli kb_cli(cli, [&f](CLI::App* cmd) { add_state_flags(cmd, f); });
  PolicyCli policy_cli(cli, [&f](CLI::App* cmd) { add_state_flags(cmd, f); });

  // Logs go to stderr so that command output on stdout stays machine-readable.
  spdlog::set_default_logger(spdlog::stderr_color_mt("haoban"));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  try {
    if (cli.got_subcommand("version")) {
      fmt::print("haoban {}\n", HAOBAN_VERSION);
      return 0;
    }
    if (cli.got_subcommand(check)) {
      CodeCheck r = check_id->parsed() ? check_id_number(code, today()) : check_credit_code(code);
      if (r.ok) {
        fmt::print("valid\n");
        return 0;
      }
      fmt::print("invalid: {}\n", r.reason);
      return 1;
    }
    if (auto rc = ledger_cli.run([&f] { return effective_config(f); })) return *rc;
    if (auto rc = address_cli.run([&f] { return effective_config(f); })) return *rc;
    if (auto rc = kb_cli.run([&f] { return effective_config(f); })) return *rc;
    if (auto rc = policy_cli.run([&f] { return effective_config(f); })) return *rc;
    if (seed_cmd->parsed() && print_accounts) {
      print_demo_accounts();
      return 0;
    }
    Config c = effective_config(f);
    if (defs_check->parsed()) {
      spdlog::set_level(spdlog::level::warn);
      auto res = defs::load_dir(defs_dir.empty() ? c.resources / "definitions" : std::filesystem::path(defs_dir));
      for (const auto& p : res.problems) fmt::print("{}\n", p.to_string());
      auto index = analytics::load_index((defs_dir.empty() ? c.resources / "definitions" : std::filesystem::path(defs_dir)) /
                                         "service-index.yaml");
      for (const auto& p : index.problems) fmt::print("{}\n", p);
      if (!res.problems.empty() || !index.problems.empty()) return 1;
      // A policy whose own tests fail is as wrong as one that does not compile.
      auto report = policy::run_tests(policy::Engine(res.defs));
      for (const auto& fl : report.failures) fmt::print("{}\n", fl.to_string());
      if (!report.failures.empty()) return 1;
      fmt::print("ok: {} items, {} forms, {} bundles, {} policies ({} tests passed)\n", res.defs.items.size(),
                 res.defs.forms.size(), res.defs.bundles.size(), res.defs.policies.size(), report.passed);
      return 0;
    }
    if (cli.got_subcommand(cal)) {
      spdlog::set_level(spdlog::level::warn);
      WorkingCalendar calendar = WorkingCalendar::load_dir(c.resources / "calendar");
      if (cal_add->parsed()) {
        fmt::print("{}\n", format_date(calendar.add_working_days(parse_date_arg(d1), n)));
      } else if (cal_between->parsed()) {
        fmt::print("{}\n", calendar.working_days_between(parse_date_arg(d1), parse_date_arg(d2)));
      } else {
        fmt::print("{}\n", calendar.is_working_day(parse_date_arg(d1)) ? "yes" : "no");
      }
      return 0;
    }
    if (serve_cmd->parsed()) return serve(c);
    if (prefill_cmd->parsed()) spdlog::set_level(spdlog::level::warn);
    if (report_cmd->parsed() && !analytics::month_period(report_period))  // before touching any state
      throw invalid("validation-failed", "报告期有误", "--period must be YYYY-MM, got '" + report_period + "'");
    SystemClock clock;
    App app(c, clock);  // opening the app applies pending migrations
    if (migrate_cmd->parsed()) {
      fmt::print("store {} is up to date\n", c.store_url());
      return 0;
    }
    if (prefill_cmd->parsed()) {
      defs::SourceSubject who;
      if (check_credit_code(prefill_subject).ok)
        who = defs::SourceSubject::enterprise;
      else if (check_id_number(prefill_subject, today()).ok)
        who = defs::SourceSubject::person;
      else
        throw invalid("bad-subject", "主体标识应为统一社会信用代码或居民身份证号码", "'" + prefill_subject + "'");
      auto r = app.prefill().prefill(prefill_item, prefill_subject, who, {std::string(kSystemActor), "", ""});
      if (prefill_json) {
        fmt::print("{}\n", boost::json::serialize(r.to_json()));
        return 0;
      }
      for (const auto& fp : r.fields)
        fmt::print("{:<28} {:<4} {}{}\n", fp.key, fp.locked ? "锁定" : fp.prefilled ? "预填" : "—",
                   fp.prefilled ? boost::json::serialize(fp.value) : fp.note,
                   fp.from.empty() ? "" : "  ← " + fp.from[0].source_name + "." + fp.from[0].label);
      for (const auto& n : r.notes) fmt::print("注意: {}\n", n);
      fmt::print("ratio {:.2f} ({} of {} fields)\n", r.ratio(), r.prefilled, r.shown);
      return 0;
    }
    if (report_cmd->parsed()) {
      std::string pdf = app.report_pdf(report_period);
      std::ofstream out(report_out, std::ios::binary);
      out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
      out.close();
      if (!out) throw Error(ErrorKind::unavailable, "write-failed", "无法写入文件", report_out);
      fmt::print("wrote {} ({} bytes): 运营分析报告 {}\n", report_out, pdf.size(), report_period);
      return 0;
    }
    if (seed_cmd->parsed()) {
      auto rep = seed(app, "demo");
      fmt::print("seeded {}: {} departments and streets, {} staff, {} persons, {} enterprises\n", c.store_url(),
                 rep.departments, rep.staff, rep.persons, rep.enterprises);
      if (!bench_accounts.empty()) {
        seed_bench_accounts(app, bench_accounts[0], bench_accounts[1]);
        fmt::print("bench accounts: {} applicants load.applicant.0001…, {} helpers load.helper.01…\n",
                   bench_accounts[0], bench_accounts[1]);
      }
      if (f.profile == "district") {
        Date end = china_date(std::chrono::system_clock::now());
        fmt::print("filing a year of applications up to {} (a few minutes)…\n", format_date(end));
        std::fflush(stdout);
        auto h = seed_history(app, end);
        fmt::print("history: {} applications, {} corrected, {} denied, {} decided late, {} still open; {} help"
                   " conversations, {} ratings, {} 办不成事 reports, {} questions to 小宝, {} 免申即享 grants ({} paid)\n",
                   h.applications, h.corrected, h.denied, h.overdue, h.in_progress, h.conversations, h.ratings,
                   h.reports, h.questions, h.grants, h.paid);
        app.sync_cockpit();
      }
      fmt::print("ledger: sealed {} audit rows into {}\n", app.ledger().seal_audit(std::chrono::seconds(0)),
                 (c.data_dir / "ledger").string());
      fmt::print("\n");
      print_demo_accounts();
      return 0;
    }
  } catch (const Error& e) {
    fmt::print(stderr, "haoban: {}{}{}\n", e.title(), e.detail().empty() ? "" : ": ", e.detail());
    for (const auto& fe : e.fields()) fmt::print(stderr, "  {}: {}\n", fe.field, fe.message);
    return e.kind() == ErrorKind::unavailable ? 3 : 2;
  } catch (const std::exception& e) {
    fmt::print(stderr, "haoban: {}\n", e.what());
    return 2;
  }
  return 0;
}

}  // namespace haoban::app
