#include "address/labeller.h"

#include <gtest/gtest.h>

#include <fstream>

#include "core/error.h"
#include "testing/testing.h"

namespace haoban::address {
namespace {

// Sentences "<road>路<n>号<building>幢" built from character lists, so that test addresses can be
// made of names the training never saw.
Sentence sentence(const std::vector<std::string>& road, const std::string& number, const std::string& building) {
  Sentence s;
  for (std::size_t i = 0; i < road.size(); ++i) {
    s.tokens.push_back(road[i]);
    s.tags.push_back(i == 0 ? "B-road" : "I-road");
  }
  s.tokens.push_back("路");
  s.tags.push_back("I-road");
  s.tokens.push_back(number);
  s.tags.push_back("B-roadno");
  s.tokens.push_back("号");
  s.tags.push_back("I-roadno");
  if (!building.empty()) {
    s.tokens.push_back(building);
    s.tags.push_back("B-houseno");
    s.tokens.push_back("幢");
    s.tags.push_back("I-houseno");
  }
  return s;
}

std::vector<Sentence> training_set() {
  const std::vector<std::vector<std::string>> roads{{"牡", "丹", "江"}, {"友", "谊"}, {"密", "山"}, {"同", "济"},
                                                    {"宝", "杨"},       {"水", "产"}, {"锦", "秋"}, {"南", "大"}};
  std::vector<Sentence> out;
  int n = 1;
  for (const auto& r : roads)
    for (int k = 0; k < 6; ++k, n += 7) out.push_back(sentence(r, std::to_string(n), k % 2 ? std::to_string(k) : ""));
  return out;
}

TEST(Labeller, LearnsTheShapeOfAnAddressAndLabelsUnseenNames) {
  auto model = Labeller::train(training_set(), nullptr, {.epochs = 8});
  auto tags = model.tag(std::vector<std::string>{"长", "江", "西", "路", "88", "号", "3", "幢"});
  EXPECT_EQ(tags, (std::vector<std::string>{"B-road", "I-road", "I-road", "I-road", "B-roadno", "I-roadno",
                                            "B-houseno", "I-houseno"}));
  auto scores = evaluate(model, training_set());
  EXPECT_DOUBLE_EQ(scores.overall().f1(), 1.0) << scores.report();
}

TEST(Labeller, NeverEmitsAnInsideTagWithoutItsBeginning) {
  auto model = Labeller::train(training_set(), nullptr, {.epochs = 3});
  for (const auto& input : std::vector<std::vector<std::string>>{{"号", "号", "路"}, {"幢"}, {"88", "88", "88"}}) {
    auto tags = model.tag(input);
    ASSERT_EQ(tags.size(), input.size());
    for (std::size_t i = 0; i < tags.size(); ++i) {
      if (!tags[i].starts_with("I-")) continue;
      ASSERT_GT(i, 0u) << "an address cannot start inside a span";
      EXPECT_EQ(tags[i - 1].substr(2), tags[i].substr(2));
    }
  }
}

TEST(Labeller, SavedModelLabelsExactlyAsTheTrainedOne) {
  testing::TempDir dir;
  auto model = Labeller::train(training_set(), nullptr, {.epochs = 5});
  model.save(dir.path() / "m.model");
  auto loaded = Labeller::load(dir.path() / "m.model", nullptr);
  std::vector<std::string> input{"密", "山", "路", "5", "号", "2", "幢"};
  EXPECT_EQ(loaded.tag(input), model.tag(input));
  EXPECT_EQ(loaded.labels(), model.labels());
  EXPECT_EQ(loaded.weights(), model.weights());
}

TEST(Labeller, RefusesAModelTrainedWithAnotherGazetteer) {
  testing::TempDir dir;
  Gazetteer g;
  g.add("上海市", Kind::prov, -1, "31");
  auto model = Labeller::train(training_set(), &g, {.epochs = 2});
  model.save(dir.path() / "m.model");
  EXPECT_THROW(Labeller::load(dir.path() / "m.model", nullptr), Error);
  Gazetteer bigger = g;
  bigger.add("宝山区", Kind::district, 0, "310113");
  EXPECT_THROW(Labeller::load(dir.path() / "m.model", &bigger), Error);
  EXPECT_NO_THROW(Labeller::load(dir.path() / "m.model", &g));
}

TEST(Labeller, RefusesDamagedFiles) {
  testing::TempDir dir;
  auto model = Labeller::train(training_set(), nullptr, {.epochs = 2});
  model.save(dir.path() / "m.model");
  std::ifstream in(dir.path() / "m.model", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ofstream(dir.path() / "cut.model", std::ios::binary) << bytes.substr(0, bytes.size() / 2);
  std::ofstream(dir.path() / "other.model", std::ios::binary) << "not a model";
  EXPECT_THROW(Labeller::load(dir.path() / "cut.model", nullptr), Error);
  EXPECT_THROW(Labeller::load(dir.path() / "other.model", nullptr), Error);
  EXPECT_THROW(Labeller::load(dir.path() / "missing.model", nullptr), Error);
}

}  // namespace
}  // namespace haoban::address
