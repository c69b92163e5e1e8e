// 无忧快注 throughput on one thread. Items/s is addresses per second.
//   build/bench/address/bench_address [--benchmark_filter=Match]
// Parse inputs: the NAACL 2019 test split's 2,985 addresses when ../shared is beside the checkout
// (their raw text: the tokens joined), else generated Baoshan addresses. The model is
// data/address/labeller.model (made by `make`); without it the model benchmarks are skipped.
// Match: 100,000 standard addresses (every road of data/address/*.yaml numbered, buildings with
// floors and rooms on a share of numbers) in a fresh SQLite store, queried with 1,000 free-text
// addresses written the ways applicants write them (exact, missing levels, a wrong character,
// traditional characters and Chinese numerals, a floor the database does not have).
#include <benchmark/benchmark.h>

#include <filesystem>
#include <memory>
#include <random>

#include "address/conll.h"
#include "address/local.h"
#include "address/parser.h"
#include "address/standard.h"
#include "core/clock.h"
#include "testing/testing.h"

namespace haoban::address {
namespace {

namespace fs = std::filesystem;
const fs::path kSource = HAOBAN_SOURCE_DIR;

struct Fixture {
  Gazetteer gazetteer = load_gazetteer(kSource / "data");
  std::unique_ptr<Labeller> labeller;
  std::unique_ptr<Parser> model, rules;
  std::vector<std::string> inputs;
  std::vector<LocalTown> towns;

  Fixture() {
    if (fs::exists(kSource / "data/address/labeller.model")) {
      try {
        labeller = std::make_unique<Labeller>(Labeller::load(kSource / "data/address/labeller.model", &gazetteer));
      } catch (const std::exception&) {
      }
    }
    model = std::make_unique<Parser>(gazetteer, labeller.get());
    rules = std::make_unique<Parser>(gazetteer, nullptr);
    towns = load_local_data(kSource / "data").towns;
    auto corpus = kSource / "../shared/data/address-naacl2019/test.txt";
    if (fs::exists(corpus)) {
      for (const auto& s : read_conll(corpus)) {
        std::string text;
        for (const auto& t : s.tokens) text += t;
        inputs.push_back(std::move(text));
      }
    } else {
      std::mt19937 rng(7);
      for (int i = 0; i < 3000; ++i) {
        const auto& t = towns[rng() % towns.size()];
        inputs.push_back("上海市宝山区" + t.roads[rng() % t.roads.size()] + std::to_string(1 + rng() % 2000) + "号" +
                         std::to_string(1 + rng() % 20) + "楼");
      }
    }
  }
};

Fixture& fixture() {
  static Fixture f;
  return f;
}

void BM_Normalize(benchmark::State& state) {
  auto& f = fixture();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(normalize(f.inputs[i++ % f.inputs.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Normalize);

void BM_Tag(benchmark::State& state) {
  auto& f = fixture();
  if (!f.labeller) return state.SkipWithError("no model: run make");
  std::vector<std::pair<std::string, std::vector<Token>>> prepared;
  for (const auto& s : f.inputs) {
    auto n = normalize(s).text;
    auto t = tokenize(n);
    prepared.emplace_back(std::move(n), std::move(t));
  }
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& [text, tokens] = prepared[i++ % prepared.size()];
    benchmark::DoNotOptimize(f.labeller->tag(text, tokens));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Tag);

// The whole parse: normalise, label with the model, resolve against the gazetteer.
void BM_Parse(benchmark::State& state) {
  auto& f = fixture();
  if (!f.labeller) return state.SkipWithError("no model: run make");
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(f.model->parse(f.inputs[i++ % f.inputs.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Parse);

void BM_ParseRules(benchmark::State& state) {
  auto& f = fixture();
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(f.rules->parse(f.inputs[i++ % f.inputs.size()]));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseRules);

// 100k standard addresses and the queries, built once.
struct Book {
  testing::TempDir dir;
  SystemClock clock;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<AddressBook> book;
  std::vector<std::string> queries;

  explicit Book(const Parser& parser) {
    db = db::Database::open("sqlite:" + (dir.path() / "bench.db").string(), clock);
    std::vector<db::Migration> all(db::db_migrations().begin(), db::db_migrations().end());
    all.insert(all.end(), AddressBook::migrations().begin(), AddressBook::migrations().end());
    db->migrate(all);
    book = std::make_unique<AddressBook>(*db, parser);
    const auto& towns = fixture().towns;
    std::vector<StandardAddress> addresses;
    std::mt19937 rng(2026);
    int serial = 0;
    for (std::size_t t = 0; addresses.size() < 100000; t = (t + 1) % towns.size()) {
      for (const auto& road : towns[t].roads) {
        for (int n = 1; n <= 60 && addresses.size() < 100000; ++n) {
          StandardAddress a;
          a.town_code = towns[t].code;
          a.road = road;
          a.number = std::to_string(n + 60 * static_cast<int>(serial / 60 / 50));
          auto add = [&](StandardAddress x) {
            x.id = "B" + std::to_string(++serial);
            x.text = "上海市宝山区" + x.road + x.number + "号" + (x.floor.empty() ? "" : x.floor + "层") +
                     (x.room.empty() ? "" : x.room + "室");
            addresses.push_back(std::move(x));
          };
          add(a);
          if (rng() % 4 == 0)
            for (int fl = 1; fl <= 6; ++fl)
              for (int r = 1; r <= 2; ++r) {
                auto u = a;
                u.floor = std::to_string(fl);
                u.room = std::to_string(fl * 100 + r);
                add(u);
              }
        }
      }
    }
    book->insert(addresses, {}, {});
    for (int i = 0; i < 1000; ++i) {
      const auto& a = addresses[rng() % addresses.size()];
      std::string q;
      switch (i % 5) {
        case 0: q = a.text; break;                                          // exact
        case 1: q = a.road + a.number + "号"; break;                         // no district
        case 2: q = "宝山区" + a.road.substr(3) + a.number + "号"; break;    // first character missing
        case 3: q = "上海市寶山區" + a.road + a.number + "號"; break;        // traditional
        default: q = a.text + "5楼"; break;                                 // a floor not in the database
      }
      queries.push_back(std::move(q));
    }
  }
};

void BM_Match100k(benchmark::State& state) {
  auto& f = fixture();
  static Book b(f.labeller ? *f.model : *f.rules);
  std::size_t i = 0;
  for (auto _ : state) benchmark::DoNotOptimize(b.book->match(b.queries[i++ % b.queries.size()], 5));
  state.SetItemsProcessed(state.iterations());
  state.counters["addresses"] = static_cast<double>(b.book->size());
}
BENCHMARK(BM_Match100k);

void BM_Suggest100k(benchmark::State& state) {
  auto& f = fixture();
  static Book b(f.labeller ? *f.model : *f.rules);
  std::size_t i = 0;
  for (auto _ : state) {
    const auto& q = b.queries[i++ % b.queries.size()];
    benchmark::DoNotOptimize(b.book->suggest(std::string_view(q).substr(0, std::min<std::size_t>(q.size(), 30)), 10));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Suggest100k);

}  // namespace
}  // namespace haoban::address
