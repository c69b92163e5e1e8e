#include "app/address_cli.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <set>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "address/conll.h"
#include "address/import.h"
#include "address/json.h"
#include "address/labeller.h"
#include "address/parser.h"
#include "app/app.h"
#include "core/error.h"

namespace haoban::app {

namespace fs = std::filesystem;

struct AddressCli::Impl {
  CLI::App* train = nullptr;
  CLI::App* eval = nullptr;
  CLI::App* parse = nullptr;
  CLI::App* match = nullptr;
  CLI::App* import = nullptr;
  std::string addresses_csv, leases_csv;
  bool dry_run = false;
  std::string text;
  bool full = false;
  std::size_t limit = 5;
  std::string corpus = "../shared/data/address-naacl2019";
  std::string model;
  std::string eval_file;
  int epochs = 12;
  bool quiet = false;

  fs::path model_path(const Config& c) const {
    if (!model.empty()) return model;
    return c.address_model.empty() ? address::default_model(c.resources) : c.address_model;
  }
};

AddressCli::AddressCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags) : impl_(std::make_unique<Impl>()) {
  auto& m = *impl_;
  auto* cmd = cli.add_subcommand("address", "无忧快注 addresses: parse, match, train and evaluate the labeller");
  cmd->require_subcommand(1);
  m.train = cmd->add_subcommand("train", "train the address labeller on the NAACL 2019 corpus (train + dev)");
  state_flags(m.train);
  m.train->add_option("--corpus", m.corpus, "folder with train.txt and dev.txt (default ../shared/data/address-naacl2019)");
  m.train->add_option("--out", m.model, "model file (default <resources>/address/labeller.model)");
  m.train->add_option("--epochs", m.epochs, "passes over the data")->check(CLI::Range(1, 100));
  m.train->add_flag("--quiet", m.quiet, "no progress lines");
  m.eval = cmd->add_subcommand("eval", "score a CoNLL file span by span (as conlleval.pl does)");
  state_flags(m.eval);
  m.eval->add_option("FILE", m.eval_file, "CoNLL file: TOKEN TAG per line, blank line between addresses")->required();
  m.eval->add_option("--model", m.model, "model file (default <resources>/address/labeller.model)");
  m.parse = cmd->add_subcommand("parse", "print the levels of an address as JSON, one key per level found");
  state_flags(m.parse);
  m.parse->add_option("TEXT", m.text, "the address, e.g. 上海市宝山区友谊路街道牡丹江路1325号3楼")->required();
  m.parse->add_option("--model", m.model, "model file (default <resources>/address/labeller.model)");
  m.parse->add_flag("--full", m.full, "also the normalised text, codes, inferred levels and changes");
  m.match = cmd->add_subcommand("match", "rank the standard addresses an address may mean (JSON)");
  state_flags(m.match);
  m.match->add_option("TEXT", m.text, "the address")->required();
  m.match->add_option("--limit", m.limit, "candidates to print (default 5)")->check(CLI::Range(1, 50));
  m.import = cmd->add_subcommand("import", "load a standard address register and registered leases from CSV (docs/address.md)");
  state_flags(m.import);
  m.import->add_option("--addresses", m.addresses_csv, "addresses.csv: id,town_code,community,road,number,…");
  m.import->add_option("--leases", m.leases_csv, "leases.csv: record_no,address_id,lessee,starts_on,ends_on");
  m.import->add_flag("--dry-run", m.dry_run, "check the files, store nothing");
}

AddressCli::~AddressCli() = default;

std::optional<int> AddressCli::run(const std::function<Config()>& config) {
  auto& m = *impl_;
  if (!m.train->parsed() && !m.eval->parsed() && !m.parse->parsed() && !m.match->parsed() && !m.import->parsed())
    return std::nullopt;
  Config c = config();
  if (!m.train->parsed()) spdlog::set_level(spdlog::level::warn);  // stdout is the answer; stderr only for trouble
  if (m.import->parsed()) {
    if (m.addresses_csv.empty() && m.leases_csv.empty())
      throw invalid("nothing-to-import", "请指定要导入的文件", "give --addresses FILE and/or --leases FILE");
    SystemClock clock;
    App app(c, clock);
    auto& book = app.addresses();
    const auto& gazetteer = *app.address_resources().gazetteer;
    address::ImportProblems problems;
    std::vector<address::StandardAddress> addresses;
    std::vector<address::Lease> leases;
    if (!m.addresses_csv.empty()) addresses = address::read_addresses_csv(m.addresses_csv, gazetteer, problems);
    if (!m.leases_csv.empty()) leases = address::read_leases_csv(m.leases_csv, problems);
    std::set<std::string> incoming;
    for (const auto& a : addresses) {
      incoming.insert(a.id);
      if (book.get(a.id)) problems.problems.push_back(fmt::format("{}: id {} is already a standard address", m.addresses_csv, a.id));
    }
    for (const auto& l : leases)
      if (!incoming.count(l.address_id) && !book.get(l.address_id))
        problems.problems.push_back(fmt::format("{}: lease {} names address {}, which is neither stored nor imported",
                                                m.leases_csv, l.record_no, l.address_id));
    if (!problems.ok()) {
      for (const auto& p : problems.problems) fmt::print("{}\n", p);
      return 1;
    }
    if (!m.dry_run) book.insert(addresses, {}, leases);
    fmt::print("{} {} standard addresses, {} registered leases\n", m.dry_run ? "checked" : "imported", addresses.size(),
               leases.size());
    return 0;
  }
  if (m.match->parsed()) {
    SystemClock clock;
    App app(c, clock);
    auto& book = app.addresses();
    if (book.size() == 0) throw invalid("no-standard-addresses", "标准地址库为空", "run `haoban seed` first");
    auto parsed = book.parser().parse(m.text);
    boost::json::array candidates;
    for (const auto& cand : book.match(parsed, m.limit)) candidates.push_back(address::candidate_json(cand));
    fmt::print("{}\n", boost::json::serialize(boost::json::object{{"query", address::levels_json(parsed)},
                                                                  {"candidates", std::move(candidates)}}));
    return 0;
  }
  if (m.parse->parsed()) {
    auto res = address::load_resources(c.resources, m.model_path(c));
    auto parsed = res.parser->parse(m.text);
    fmt::print("{}\n", boost::json::serialize(m.full ? address::parse_json(parsed) : address::levels_json(parsed)));
    return 0;
  }
  auto gazetteer = address::load_gazetteer(c.resources);
  if (m.train->parsed()) {
    fs::path dir(m.corpus);
    auto data = address::read_conll(dir / "train.txt");
    if (fs::exists(dir / "dev.txt")) {
      auto dev = address::read_conll(dir / "dev.txt");
      data.insert(data.end(), std::make_move_iterator(dev.begin()), std::make_move_iterator(dev.end()));
    }
    auto started = std::chrono::steady_clock::now();
    address::TrainOptions options;
    options.epochs = m.epochs;
    if (!m.quiet)
      options.progress = [&](int epoch, double accuracy) {
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        fmt::print(stderr, "epoch {}/{}: token accuracy {:.2f}% ({:.1f} s)\n", epoch, m.epochs, 100 * accuracy, s);
      };
    auto labeller = address::Labeller::train(data, &gazetteer, options);
    auto out = m.model_path(c);
    labeller.save(out);
    fmt::print("trained on {} addresses: {} labels, {} weights → {}\n", data.size(), labeller.labels().size(),
               labeller.weights(), out.string());
    return 0;
  }
  auto data = address::read_conll(m.eval_file);
  auto labeller = address::Labeller::load(m.model_path(c), &gazetteer);
  fmt::print("{}", address::evaluate(labeller, data).report());
  return 0;
}

}  // namespace haoban::app
