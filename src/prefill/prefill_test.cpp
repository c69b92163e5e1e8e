#include "prefill/prefill.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "defs/defs.h"
#include "testing/testing.h"

namespace haoban::prefill {
namespace {

namespace json = boost::json;

// The data exchange is outside our control: a stand-in that answers from memory, can be down, and
// remembers who asked what for which purpose.
class FakeSources final : public SourcePort {
 public:
  std::optional<SourceValues> fetch(std::string_view source, std::string_view subject, const Purpose& p) override {
    asked.push_back(std::string(source) + " " + std::string(subject) + " " + p.purpose);
    if (down.count(std::string(source))) throw Error(ErrorKind::unavailable, "source-down", "数源不可用", "down");
    auto it = records.find(std::string(source) + "/" + std::string(subject));
    if (it == records.end()) return std::nullopt;
    return SourceValues{it->second, "2026-11-20T00:00:00Z", "2026-11-27T08:00:00Z"};
  }
  std::map<std::string, json::object> records;
  std::set<std::string> down;
  std::vector<std::string> asked;
};

constexpr char kCode[] = "91310113MA1GL0001X";

class PrefillTest : public ::testing::Test {
 protected:
  PrefillTest() : defs_(defs::load_dir_or_throw(testing::source_dir() / "data/definitions")), service_(defs_, sources_) {
    sources_.records[std::string("enterprise_registry/") + kCode] = json::parse(R"({
      "name": "上海宝晟智能科技有限公司", "credit_code": "91310113MA1GL0001X", "entity_type": "有限责任公司",
      "legal_representative": "王建国", "legal_rep_id_number": "310113198001011234",
      "registered_capital": "500.00", "address": "上海市宝山区沪太路1000号", "contact_name": "李敏",
      "contact_phone": "13800001111", "business_scope": "餐饮服务；食品销售",
      "dissolution_reason": "股东会（股东）决议解散", "dissolution_date": "2026-08-01",
      "liquidation_group": [{"name": "王建国", "id_number": "310113198001011234", "role": "清算组负责人", "phone": "13800001111"}],
      "creditor_notice_date": "2026-09-01"})").as_object();
    sources_.records[std::string("real_estate/") + kCode] = json::parse(R"({"premises_area": "120.50"})").as_object();
    sources_.records[std::string("food_safety/") + kCode] = json::parse(R"({
      "manager": "赵磊", "manager_phone": "13900002222",
      "employees": [{"name": "钱多", "id_number": "310113199001011234", "post": "厨师",
                     "health_certificate_no": "JK2026001", "health_certificate_expiry": "2027-06-30"}]})")
                                                              .as_object();
  }

  const FieldPrefill& field(const Result& r, std::string_view key) {
    for (const auto& f : r.fields)
      if (f.key == key) return f;
    throw std::runtime_error("no field " + std::string(key));
  }

  defs::Definitions defs_;
  FakeSources sources_;
  PrefillService service_;
  Purpose purpose_{"enterprise.demo", "", ""};
};

TEST_F(PrefillTest, HighFrequencyFormsAreAtLeastEightyPercentPrefilled) {
  for (const char* item : {"SCJG-002", "SCJG-003", "SCJG-011"}) {
    auto r = service_.prefill(item, kCode, defs::SourceSubject::enterprise, purpose_);
    EXPECT_GE(r.ratio(), 0.80) << item << ": " << r.prefilled << "/" << r.shown;
    EXPECT_TRUE(r.notes.empty()) << item;
  }
}

TEST_F(PrefillTest, ValuesCarryProvenanceAndOnlyVerifiedOnesAreLocked) {
  auto r = service_.prefill("SCJG-011", kCode, defs::SourceSubject::enterprise, purpose_);
  const auto& name = field(r, "company_name");
  EXPECT_EQ(name.value, json::value("上海宝晟智能科技有限公司"));
  EXPECT_TRUE(name.locked);
  ASSERT_EQ(name.from.size(), 1u);
  EXPECT_EQ(name.from[0].source_name, "法人库");
  EXPECT_EQ(name.from[0].department, "scjg");
  EXPECT_TRUE(name.from[0].verified);
  EXPECT_EQ(name.from[0].updated_at, "2026-11-20T00:00:00Z");
  EXPECT_FALSE(field(r, "contact_phone").locked) << "annual-report data is not verified";
  const auto& kind = field(r, "operator_type");
  EXPECT_EQ(kind.value, json::value("餐饮服务经营者")) << "inferred from the business scope";
  EXPECT_FALSE(kind.locked) << "a suggestion stays editable";
  EXPECT_EQ(field(r, "premises_area").value, json::value("120.50"));
  EXPECT_EQ(field(r, "employees").value.as_array().size(), 1u);
  EXPECT_FALSE(field(r, "has_storage").prefilled);
  // Every source the form reads was asked once, saying why.
  EXPECT_EQ(sources_.asked.size(), 3u);
  for (const auto& a : sources_.asked) EXPECT_NE(a.find("预填「食品经营许可（新办）」"), std::string::npos) << a;
  auto values = r.values();
  EXPECT_EQ(values.at("credit_code"), json::value(kCode));
  auto locked = locked_values(r.to_json());
  EXPECT_EQ(locked.count("company_name"), 1u);
  EXPECT_EQ(locked.count("contact_phone"), 0u);
}

TEST_F(PrefillTest, ASourceThatIsDownDegradesToManualEntryWithANote) {
  sources_.down.insert("food_safety");
  auto r = service_.prefill("SCJG-011", kCode, defs::SourceSubject::enterprise, purpose_);
  EXPECT_TRUE(field(r, "company_name").prefilled);
  const auto& manager = field(r, "food_safety_manager");
  EXPECT_FALSE(manager.prefilled);
  EXPECT_EQ(manager.note, "数源暂不可用，请手工填写");
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("食品安全监管信息"), std::string::npos);
  EXPECT_LT(r.ratio(), 0.80);
}

TEST_F(PrefillTest, NoRecordMeansManualEntryAndUnknownItemsAreRefused) {
  auto r = service_.prefill("SCJG-002", "91310113MA1GL0009Y", defs::SourceSubject::enterprise, purpose_);
  EXPECT_EQ(r.prefilled, 0);
  EXPECT_GT(r.shown, 0);
  ASSERT_FALSE(r.notes.empty());
  EXPECT_NE(r.notes[0].find("没有您的记录"), std::string::npos);
  EXPECT_THROW(service_.prefill("NOPE-1", kCode, defs::SourceSubject::enterprise, purpose_), Error);
}

TEST_F(PrefillTest, PersonsAreNotAskedEnterpriseSources) {
  auto r = service_.prefill("SCJG-002", "310113198001011234", defs::SourceSubject::person, purpose_);
  EXPECT_EQ(r.prefilled, 0);
  for (const auto& a : sources_.asked) EXPECT_FALSE(a.starts_with("enterprise_registry")) << a;
}

}  // namespace
}  // namespace haoban::prefill
