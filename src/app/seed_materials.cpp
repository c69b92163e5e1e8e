// The demo seed's e-material library: a history of materials for the demo enterprise and resident,
// uploaded through MaterialService so the ledger records each one — some still valid, a superseded
// version, one not reusable, one expired, one revoked — so that 我的材料 and the exemption preview
// have something true to show. Dates count back from today; file bytes come from a fixed Rng, so
// every run makes the same files.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <optional>
#include <span>

#include "app/app.h"
#include "app/rng.h"
#include "core/error.h"
#include "materials/samples.h"

namespace haoban::app {

namespace {

using std::chrono::days;
using std::chrono::sys_days;

struct DemoMaterial {
  std::string_view category, title, issuer;
  int issued_days_ago;                 // < 0: no issue date
  std::optional<int> expires_in_days;  // negative: already expired
  bool image = false;                  // a PNG scan rather than a PDF
  std::string_view revoked_reason;     // non-empty: revoked after upload
};

// 上海宝晟智能科技有限公司: 公司章程 twice (the older version superseded), a lease and premises proof
// still valid, a resolution that is never reused, an expired health certificate, a revoked report.
constexpr DemoMaterial kEnterprise[] = {
    {"articles", "公司章程", "本人上传", 900, std::nullopt},
    {"articles", "公司章程", "本人上传", 200, std::nullopt},
    {"lease_contract", "厂房租赁合同", "本人上传", 200, 900},
    {"premises_proof", "经营场所使用证明", "上海宝山工业园区管理有限公司", 60, std::nullopt},
    {"legal_rep_id", "法定代表人身份证明", "本人上传", 100, std::nullopt, true},
    {"resolution", "股东会决议（2026年第1次）", "本人上传", 30, std::nullopt},
    {"health_certificate", "从业人员健康证明", "宝山区疾病预防控制中心", 420, -90},
    {"financial_statement", "2025年度财务报表", "本人上传", 150, std::nullopt, false, "数据有误，已撤回"},
};

// 李明: a recent photo, bank details, and a residence proof past its six months.
constexpr DemoMaterial kPerson[] = {
    {"photo", "证件照片", "本人上传", 20, std::nullopt, true},
    {"bank_account", "银行账户信息", "本人上传", 100, std::nullopt},
    {"residence_proof", "居住证明", "友谊路街道社区事务受理服务中心", 250, std::nullopt},
};

int seed_for(App& app, Rng& rng, std::string_view username, std::span<const DemoMaterial> list) {
  auto who = app.identity().principal(username);
  if (!who)
    throw invalid("seed-order", "种子数据顺序错误",
                  std::string(username) + " must exist before its materials");
  std::string owner = ledger::subject_of(*who);
  Date today = app.materials().today();
  auto ago = [&](int n) { return Date(sys_days(today) - days(n)); };
  int n = 0;
  for (const auto& d : list) {
    materials::NewMaterial m;
    m.category = std::string(d.category);
    m.title = std::string(d.title);
    m.issuer = std::string(d.issuer);
    if (d.issued_days_ago >= 0) m.issued_on = ago(d.issued_days_ago);
    if (d.expires_in_days) m.expires_on = ago(-*d.expires_in_days);
    std::string number = fmt::format("{:06}", rng.below(1000000));
    if (d.image) {
      auto color = static_cast<std::uint32_t>(0xD0D0D0 + rng.below(0x2F2F2F));
      m.content = materials::sample_png(48 + rng.below(16), 64, color, 0x1F3A5F);
      m.file_name = fmt::format("{}.png", d.title);
    } else {
      m.content = materials::sample_pdf(
          {"haoban demo material", std::string(d.category),
           fmt::format("No. {} issued {}", number, m.issued_on ? format_date(*m.issued_on) : "-")});
      m.file_name = fmt::format("{}.pdf", d.title);
    }
    auto up = app.materials().upload(owner, m, *who);
    if (!d.revoked_reason.empty()) app.materials().revoke(up.material.id, d.revoked_reason, *who);
    ++n;
  }
  return n;
}

}  // namespace

// Called by seed() once the accounts exist.
void seed_materials(App& app) {
  // The audit rows written so far are sealed first, so the ledger opens with the district's seal.
  app.ledger().seal_audit(std::chrono::seconds(0));
  Rng rng(20261202);
  int n = seed_for(app, rng, "enterprise.demo", kEnterprise);
  n += seed_for(app, rng, "person.demo", kPerson);
  spdlog::info("seeded {} materials for the demo enterprise and resident", n);
}

}  // namespace haoban::app
