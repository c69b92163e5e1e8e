#include "materials/materials.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "core/error.h"
#include "materials/content_id.h"
#include "materials/samples.h"
#include "testing/testing.h"

namespace haoban::materials {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

Date ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }
SysTime noon(Date d) { return sys_days(d) + hours(4); }  // 12:00 in China

defs::Definitions test_definitions() {
  defs::Definitions d;
  d.categories = {
      {.id = "articles", .name = "章程或章程修正案"},
      {.id = "lease_contract", .name = "租赁合同", .valid_months = 36},
      {.id = "health_certificate", .name = "从业人员健康证明", .valid_months = 12},
      {.id = "photo", .name = "证件照片", .valid_months = 6},
      {.id = "resolution", .name = "股东会（股东、董事会）决议或决定", .reusable = false},
      {.id = "business_licence", .name = "营业执照", .licence = true},
  };
  return d;
}

Principal enterprise() {
  Principal p;
  p.account_id = 7;
  p.username = "enterprise.demo";
  p.kind = AccountKind::enterprise;
  p.enterprise_code = "91310113MA1GK0XXXX";
  return p;
}
Principal person(long long id = 8) {
  Principal p;
  p.account_id = id;
  p.username = "person." + std::to_string(id);
  p.kind = AccountKind::person;
  return p;
}
Principal staff(std::string dept, Role role = Role::window_clerk) {
  Principal p;
  p.account_id = 99;
  p.username = "clerk." + dept;
  p.kind = AccountKind::staff;
  p.roles = {role};
  p.department_id = std::move(dept);
  return p;
}

constexpr std::string_view kEnterprise = "enterprise:91310113MA1GK0XXXX";
constexpr std::string_view kPerson = "person:8";

NewMaterial doc(std::string category, std::string content, std::string title = {}) {
  NewMaterial n;
  n.category = std::move(category);
  n.title = std::move(title);
  n.content = std::move(content);
  return n;
}

std::string pdf(std::string_view text) { return sample_pdf({std::string(text)}); }

class MaterialsTest : public ::testing::Test {
 protected:
  MaterialsTest() : clock_(noon(ymd(2026, 11, 27))), defs_(test_definitions()) {
    db_ = db::Database::open((tmp_.path() / "t.db").string(), clock_, 2);
    std::vector<db::Migration> all;
    for (auto span :
         {db::db_migrations(), ledger::LedgerService::migrations(), MaterialService::migrations()})
      all.insert(all.end(), span.begin(), span.end());
    db_->migrate(all);
    ledger::ServiceOptions lo;
    lo.dir = tmp_.path() / "ledger";
    lo.key_file = tmp_.path() / "keys" / "ledger-sm2.key";
    ledger_ = std::make_unique<ledger::LedgerService>(*db_, clock_, lo);
    svc_ = make_service();
  }

  Options options() const {
    Options o;
    o.dir = tmp_.path() / "materials";
    o.key_file = tmp_.path() / "keys" / "materials.key";
    o.max_bytes = 64 * 1024;
    return o;
  }
  std::unique_ptr<MaterialService> make_service(IssuedLicences licences = {}) {
    return std::make_unique<MaterialService>(*db_, clock_, defs_, *ledger_, options(), std::move(licences));
  }

  std::vector<fs::path> blobs() const {
    std::vector<fs::path> out;
    if (!fs::exists(options().dir)) return out;
    for (const auto& e : fs::recursive_directory_iterator(options().dir))
      if (e.is_regular_file()) out.push_back(e.path());
    return out;
  }
  long long count(const std::string& table) {
    long long n = 0;
    db_->read([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM " + table, soci::into(n); });
    return n;
  }
  ledger::Entry entry(std::optional<std::uint64_t> index) {
    EXPECT_TRUE(index);
    auto e = ledger_->entry(index.value_or(0));
    EXPECT_TRUE(e);
    return e.value_or(ledger::Entry{});
  }
  MaterialMatch match_one(std::string_view subject, std::string category, Date as_of) {
    RequiredMaterial r{"m1", "所需材料", std::move(category)};
    return svc_->match(subject, std::span(&r, 1), as_of).at(0);
  }

  testing::TempDir tmp_;
  ManualClock clock_;
  defs::Definitions defs_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<ledger::LedgerService> ledger_;
  std::unique_ptr<MaterialService> svc_;
};

// ---- content ids and the key ----

TEST(ContentId, IsHmacSm3WithAnAlgorithmPrefix) {
  std::string key;
  for (int i = 0; i < 32; ++i) key += static_cast<char>(i);
  // openssl mac -digest SM3 -macopt hexkey:000102…1f HMAC <<< "abc" (no newline)
  EXPECT_EQ(ContentKey::from_bytes(key).id_of("abc"),
            "hmac-sm3:a8f95cf26f204957e7ca73c9602a25dda35f168b28103b51dfc968c810416b63");
  EXPECT_THROW(ContentKey::from_bytes("short"), Error);
  EXPECT_EQ(content_hex("hmac-sm3:" + std::string(64, 'a')), std::string(64, 'a'));
  EXPECT_EQ(content_hex("sha256:" + std::string(64, 'a')), "");
  EXPECT_EQ(content_hex("hmac-sm3:" + std::string(64, 'A')), "");
}

TEST(ContentId, DependsOnTheKey) {
  auto a = ContentKey::from_bytes(std::string(32, 'a'));
  auto b = ContentKey::from_bytes(std::string(32, 'b'));
  std::string card = sample_png(4, 4, 0x112233, 0x445566);
  EXPECT_EQ(a.id_of(card), a.id_of(card));
  EXPECT_NE(a.id_of(card), b.id_of(card));
}

TEST(ContentId, KeyFileIsGeneratedOnceWithMode0600) {
  testing::TempDir tmp;
  fs::path file = tmp.path() / "keys" / "materials.key";
  EXPECT_THROW(ContentKey::load_or_generate(file, false), Error);
  std::string id = ContentKey::load_or_generate(file, true).id_of("x");
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(fs::file_size(file), 32u);
  EXPECT_EQ(ContentKey::load_or_generate(file, true).id_of("x"), id);  // loaded, not replaced
  std::ofstream(file, std::ios::trunc) << "too short";
  EXPECT_THROW(ContentKey::load_or_generate(file, true), Error);
}

// ---- uploads ----

TEST_F(MaterialsTest, SameBytesAreStoredOnceAcrossOwners) {
  std::string card = sample_png(16, 10, 0xEEEEEE, 0x204080);
  auto a = svc_->upload(kEnterprise, doc("articles", card, "公司章程"), enterprise());
  auto b = svc_->upload(kPerson, doc("articles", card, "公司章程"), person());
  EXPECT_TRUE(a.created);
  EXPECT_TRUE(b.created);
  EXPECT_NE(a.material.id, b.material.id);
  EXPECT_EQ(a.material.content_id, b.material.content_id);
  EXPECT_EQ(a.material.content_id, svc_->content_id(card));
  EXPECT_EQ(blobs().size(), 1u);
  EXPECT_EQ(count("material_blobs"), 1);

  // The same upload again is the same material; other metadata makes another record, same blob.
  auto again = svc_->upload(kEnterprise, doc("articles", card, "公司章程"), enterprise());
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.material.id, a.material.id);
  NewMaterial dated = doc("articles", card, "公司章程");
  dated.issued_on = ymd(2026, 1, 5);
  auto other = svc_->upload(kEnterprise, dated, enterprise());
  EXPECT_TRUE(other.created);
  EXPECT_EQ(blobs().size(), 1u);
  EXPECT_EQ(count("materials"), 3);
  EXPECT_EQ(svc_->content(a.material.id, enterprise()).second, card);
}

TEST_F(MaterialsTest, TypeComesFromTheBytesNotTheName) {
  NewMaterial n = doc("articles", sample_png(3, 3, 0, 0));
  n.file_name = "C:\\Users\\li\\章程.pdf";
  auto up = svc_->upload(kPerson, n, person());
  EXPECT_EQ(up.material.media_type, "image/png");
  EXPECT_EQ(up.material.file_name, "章程.pdf");      // kept as given, path stripped
  EXPECT_EQ(up.material.title, "章程或章程修正案");  // default: the category's name
  EXPECT_EQ(up.material.issuer, "本人上传");

  auto jpg = svc_->upload(kPerson, doc("photo", sample_jpeg()), person());
  EXPECT_EQ(jpg.material.media_type, "image/jpeg");
  EXPECT_EQ(jpg.material.file_name, "证件照片.jpg");
  auto ofd = svc_->upload(kPerson, doc("lease_contract", sample_ofd("租赁合同")), person());
  EXPECT_EQ(ofd.material.media_type, "application/ofd");
}

TEST_F(MaterialsTest, BrokenOrUnsupportedFilesAreRefusedAndNothingIsStored) {
  std::string good = pdf("章程");
  struct Case {
    std::string bytes, slug, title;
  };
  std::string png = sample_png(8, 8, 1, 2);
  png[png.find("IDAT") + 10] ^= 0x40;
  const Case cases[] = {
      {good.substr(0, good.size() - 30), "damaged-file", "文件已损坏：PDF 缺少结束标记"},
      {png, "damaged-file", "文件已损坏：PNG 数据块校验失败（IDAT）"},
      {sample_jpeg().substr(0, sample_jpeg().size() - 2), "damaged-file", "文件已损坏：JPEG 缺少结束标记"},
      {"just text, renamed to 章程.pdf", "unsupported-file-type",
       "不支持的文件类型：仅接受 PDF、JPEG、PNG、OFD"},
      {sample_zip({{"a.txt", "x"}}), "unsupported-file-type",
       "不支持的文件类型：压缩包中没有 OFD.xml，不是 OFD 文件"},
      {"", "damaged-file", "文件为空"},
  };
  for (const auto& c : cases) {
    try {
      NewMaterial n = doc("articles", c.bytes);
      n.file_name = "章程.pdf";
      svc_->upload(kEnterprise, n, enterprise());
      ADD_FAILURE() << "accepted: " << c.title;
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::invalid);
      EXPECT_EQ(e.type(), c.slug);
      EXPECT_EQ(e.title(), c.title);
      ASSERT_FALSE(e.fields().empty());  // → 422
      EXPECT_EQ(e.fields().front().field, "file");
    }
  }
  EXPECT_TRUE(blobs().empty());
  EXPECT_EQ(count("materials"), 0);
  EXPECT_EQ(ledger_->ledger().log().size(), 0u);
}

TEST_F(MaterialsTest, MetadataIsCheckedBeforeAnythingIsStored) {
  auto refuse = [&](NewMaterial n, std::string field) {
    try {
      svc_->upload(kEnterprise, n, enterprise());
      ADD_FAILURE() << "accepted a bad " << field;
    } catch (const Error& e) {
      ASSERT_FALSE(e.fields().empty());
      EXPECT_EQ(e.fields().front().field, field) << e.fields().front().message;
    }
  };
  refuse(doc("no_such_category", pdf("x")), "category");
  refuse(doc("", pdf("x")), "category");
  NewMaterial future = doc("articles", pdf("x"));
  future.issued_on = ymd(2026, 12, 1);
  refuse(future, "issued_on");
  NewMaterial backwards = doc("articles", pdf("x"));
  backwards.issued_on = ymd(2026, 1, 1);
  backwards.expires_on = ymd(2025, 1, 1);
  refuse(backwards, "expires_on");
  std::string long_title;
  for (int i = 0; i < 101; ++i) long_title += "章";
  refuse(doc("articles", pdf("x"), long_title), "title");
  EXPECT_TRUE(blobs().empty());

  try {
    svc_->upload(kEnterprise, doc("articles", pdf(std::string(70 * 1024, 'x'))), enterprise());
    ADD_FAILURE() << "accepted a file above max_bytes";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::too_large);
    EXPECT_EQ(e.title(), "文件超过 64 KB 的大小上限");
  }
  EXPECT_TRUE(blobs().empty());
}

TEST_F(MaterialsTest, ANewUploadOfTheSameTitleSupersedesTheOld) {
  auto v1 = svc_->upload(kEnterprise, doc("lease_contract", pdf("lease 2025"), "厂房租赁合同"), enterprise())
                .material;
  clock_.advance(hours(24));
  auto v2 = svc_->upload(kEnterprise, doc("lease_contract", pdf("lease 2026"), "厂房租赁合同"), enterprise())
                .material;
  EXPECT_EQ(v1.version, 1);
  EXPECT_EQ(v2.version, 2);
  EXPECT_EQ(v2.supersedes, v1.id);
  auto lib = svc_->library(kEnterprise);
  ASSERT_EQ(lib.size(), 2u);
  EXPECT_EQ(lib[0].material.id, v2.id);  // newest first
  EXPECT_EQ(lib[1].material.status, Status::superseded);
  EXPECT_EQ(lib[1].material.superseded_by, v2.id);
  EXPECT_FALSE(lib[1].validity.in_force);
  auto m = match_one(kEnterprise, "lease_contract", svc_->today());
  ASSERT_TRUE(m.material);
  EXPECT_EQ(m.material->id, v2.id);
  EXPECT_TRUE(m.not_counted.empty());  // a replaced version is not worth mentioning

  // Another title is another document, not a version.
  auto other = svc_->upload(kEnterprise, doc("lease_contract", pdf("office"), "办公室租赁合同"), enterprise())
                   .material;
  EXPECT_EQ(other.version, 1);
  EXPECT_FALSE(other.supersedes);
}

// ---- the ledger ----

TEST_F(MaterialsTest, CreateReuseAndRevokeAreLedgerEntries) {
  auto up = svc_->upload(kEnterprise, doc("articles", pdf("章程")), enterprise()).material;
  ledger::Entry created = entry(up.ledger_index);
  EXPECT_EQ(created.kind, ledger::EntryKind::material_create);
  EXPECT_EQ(created.subject, kEnterprise);
  EXPECT_EQ(created.id, std::to_string(up.id));
  EXPECT_EQ(created.content, content_hex(up.content_id));
  EXPECT_EQ(created.category, "articles");
  EXPECT_EQ(created.actor, "7");
  EXPECT_EQ(created.time, "2026-11-27T04:00:00Z");

  auto matches = svc_->match(kEnterprise, std::vector<RequiredMaterial>{{"articles", "公司章程", "articles"}},
                             svc_->today());
  ApplicationRef app{"42", std::string(kEnterprise), "scjg"};
  auto uses = svc_->attach(app, matches, enterprise());
  ASSERT_EQ(uses.size(), 1u);
  ledger::Entry reuse = entry(uses[0].ledger_index);
  EXPECT_EQ(reuse.kind, ledger::EntryKind::material_reuse);
  EXPECT_EQ(reuse.application, "42");
  EXPECT_EQ(reuse.id, std::to_string(up.id));
  EXPECT_EQ(reuse.content, created.content);
  EXPECT_EQ(uses[0].reason, "已于2026-11-27提交，长期有效");
  uint64_t size = ledger_->ledger().log().size();
  auto again = svc_->attach(app, matches, enterprise());  // idempotent
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, uses[0].id);
  EXPECT_EQ(ledger_->ledger().log().size(), size);
  ASSERT_EQ(svc_->uses_for_application("42").size(), 1u);
  EXPECT_EQ(svc_->library(kEnterprise).at(0).uses.size(), 1u);

  auto revoked = svc_->revoke(up.id, "上传错了", enterprise());
  ledger::Entry rev = entry(revoked.revoke_ledger_index);
  EXPECT_EQ(rev.kind, ledger::EntryKind::material_revoke);
  EXPECT_EQ(rev.id, std::to_string(up.id));
  EXPECT_THROW(svc_->revoke(up.id, "again", enterprise()), Error);  // already revoked: conflict
  EXPECT_THROW(svc_->attach(app, matches, enterprise()), Error);    // no longer in force

  // The subject's entries are the owner's: create, reuse, revoke.
  EXPECT_EQ(ledger_->entries_of(kEnterprise).size(), 3u);
  EXPECT_EQ(db_->recent_audit(10, "material").size(), 3u);
}

TEST_F(MaterialsTest, OnlyTheOwnerMayRevoke) {
  auto up = svc_->upload(kEnterprise, doc("articles", pdf("章程")), enterprise()).material;
  for (const Principal& p : {person(), staff("scjg")}) {
    try {
      svc_->revoke(up.id, "不是我的", p);
      ADD_FAILURE();
    } catch (const Error& e) {
      EXPECT_EQ(e.kind(), ErrorKind::not_found);
    }
  }
  EXPECT_THROW(svc_->revoke(up.id, "  ", enterprise()), Error);
}

TEST_F(MaterialsTest, AMissingLedgerEntryIsRecordedAtStartOnce) {
  auto up = svc_->upload(kEnterprise, doc("articles", pdf("章程")), enterprise()).material;
  // As if the process died after recording but before storing the index (up), and after committing
  // but before recording (a copy of up's row that never reached the ledger).
  long long copy = 0;
  db_->write([&](db::Tx& tx) {
    tx.sql() << "UPDATE materials SET ledger_index = NULL WHERE id = :a", soci::use(up.id);
    tx.sql()
        << "INSERT INTO materials (owner, category, title, file_name, media_type, size, content_id, issuer,"
           " version, status, source, created_by, created_at) SELECT owner, category, 'copy', file_name,"
           " media_type, size, content_id, issuer, 1, 'valid', source, created_by, created_at FROM materials"
           " WHERE id = :a RETURNING id",
        soci::use(up.id), soci::into(copy);
  });
  uint64_t size = ledger_->ledger().log().size();
  svc_ = make_service();
  EXPECT_EQ(ledger_->ledger().log().size(), size + 1);  // the copy recorded; up found, not recorded twice
  EXPECT_EQ(svc_->get(up.id, enterprise()).ledger_index, up.ledger_index);
  auto recorded = svc_->get(copy, enterprise()).ledger_index;
  ASSERT_TRUE(recorded);
  EXPECT_EQ(*recorded, size);
  EXPECT_EQ(entry(recorded).id, std::to_string(copy));
  svc_ = make_service();
  EXPECT_EQ(ledger_->ledger().log().size(), size + 1);
}

// ---- who may read ----

TEST_F(MaterialsTest, OwnerAndStaffOfADepartmentThatUsedItMayRead) {
  auto up = svc_->upload(kEnterprise, doc("articles", pdf("章程")), enterprise()).material;
  EXPECT_EQ(svc_->get(up.id, enterprise()).id, up.id);
  auto refused = [&](const Principal& p) {
    try {
      svc_->content(up.id, p);
      return false;
    } catch (const Error& e) {
      return e.kind() == ErrorKind::not_found;
    }
  };
  EXPECT_TRUE(refused(person()));
  EXPECT_TRUE(refused(staff("scjg")));
  auto matches =
      svc_->match(kEnterprise, std::vector<RequiredMaterial>{{"a", "公司章程", "articles"}}, svc_->today());
  svc_->attach({"43", std::string(kEnterprise), "scjg"}, matches, enterprise());
  EXPECT_FALSE(refused(staff("scjg")));
  EXPECT_FALSE(refused(staff("scjg", Role::approver)));
  EXPECT_TRUE(refused(staff("scjg", Role::analyst)));
  EXPECT_TRUE(refused(staff("rsj")));
  EXPECT_TRUE(refused(person()));

  // A blob changed on disk is detected, not served.
  fs::path blob = blobs().at(0);
  std::ofstream(blob, std::ios::app) << "x";
  try {
    svc_->content(up.id, enterprise());
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::unavailable);
  }
}

// ---- exemption (两个免于提交) ----

TEST_F(MaterialsTest, AValidSubmittedMaterialIsExempt) {
  NewMaterial lease = doc("lease_contract", pdf("lease"), "厂房租赁合同");
  lease.issued_on = ymd(2026, 3, 2);
  lease.expires_on = ymd(2028, 3, 1);
  svc_->upload(kEnterprise, lease, enterprise());
  auto m = match_one(kEnterprise, "lease_contract", ymd(2026, 11, 27));
  EXPECT_EQ(m.kind, MatchKind::library);
  EXPECT_EQ(m.reason, "已于2026-11-27提交，有效期至2028-03-01");
  EXPECT_EQ(m.valid_until, ymd(2028, 3, 1));
  // Nothing of the category in the library: missing; another owner's material does not count.
  EXPECT_FALSE(match_one(kPerson, "lease_contract", ymd(2026, 11, 27)).exempt());
  EXPECT_EQ(match_one(kEnterprise, "articles", ymd(2026, 11, 27)).reason, "需要提交：所需材料");
}

TEST_F(MaterialsTest, ExpiredByItsOwnDateIsNotExempt) {
  NewMaterial cert = doc("health_certificate", pdf("health"), "健康证明");
  cert.issued_on = ymd(2025, 11, 1);
  cert.expires_on = ymd(2026, 10, 31);
  svc_->upload(kEnterprise, cert, enterprise());
  auto before = match_one(kEnterprise, "health_certificate", ymd(2026, 10, 31));
  EXPECT_TRUE(before.exempt());
  auto after = match_one(kEnterprise, "health_certificate", ymd(2026, 11, 1));
  EXPECT_FALSE(after.exempt());
  EXPECT_EQ(after.reason, "需要提交：所需材料");
  ASSERT_EQ(after.not_counted.size(), 1u);
  EXPECT_EQ(after.not_counted[0], "「健康证明」已于2026-10-31到期");
}

TEST_F(MaterialsTest, ExpiredByTheCategorysValidMonthsIsNotExempt) {
  NewMaterial photo = doc("photo", sample_png(4, 6, 0xFFFFFF, 0), "一寸照片");
  photo.issued_on = ymd(2026, 1, 31);  // 6 months: through 2026-07-30
  svc_->upload(kPerson, photo, person());
  EXPECT_TRUE(match_one(kPerson, "photo", ymd(2026, 7, 30)).exempt());
  auto late = match_one(kPerson, "photo", ymd(2026, 7, 31));
  EXPECT_FALSE(late.exempt());
  ASSERT_EQ(late.not_counted.size(), 1u);
  EXPECT_EQ(late.not_counted[0], "「一寸照片」超过6个月有效期（2026-01-31签发，2026-07-30到期）");

  // Without an issue date the months count from the upload.
  svc_->upload(kPerson, doc("photo", sample_png(4, 6, 0xEEEEEE, 0), "二寸照片"), person());
  EXPECT_TRUE(match_one(kPerson, "photo", ymd(2027, 5, 26)).exempt());
  auto old = match_one(kPerson, "photo", ymd(2027, 5, 27));
  EXPECT_FALSE(old.exempt());
  EXPECT_NE(old.not_counted.at(0).find("2026-11-27提交，2027-05-26到期"), std::string::npos)
      << old.not_counted.at(0);
}

TEST_F(MaterialsTest, ARevokedMaterialIsNotExempt) {
  auto up = svc_->upload(kEnterprise, doc("articles", pdf("章程")), enterprise()).material;
  svc_->revoke(up.id, "章程已修订", enterprise());
  auto m = match_one(kEnterprise, "articles", svc_->today());
  EXPECT_FALSE(m.exempt());
  ASSERT_EQ(m.not_counted.size(), 1u);
  EXPECT_EQ(m.not_counted[0], "「章程或章程修正案」已撤销：章程已修订");
}

TEST_F(MaterialsTest, ANonReusableCategoryIsNeverOffered) {
  svc_->upload(kEnterprise, doc("resolution", pdf("resolution"), "股东会决议"), enterprise());
  auto m = match_one(kEnterprise, "resolution", svc_->today());
  EXPECT_FALSE(m.exempt());
  EXPECT_NE(m.reason.find("不能复用"), std::string::npos) << m.reason;
  ASSERT_EQ(m.not_counted.size(), 1u);
  EXPECT_NE(m.not_counted[0].find("「股东会决议」（2026-11-27提交）"), std::string::npos) << m.not_counted[0];
  auto lib = svc_->library(kEnterprise);
  EXPECT_TRUE(lib.at(0).validity.in_force);
  EXPECT_FALSE(lib.at(0).validity.offered());
}

TEST_F(MaterialsTest, AnELicenceWinsOverAnUploadAndIsEnteredIntoTheLibraryWhenAttached) {
  auto uploaded =
      svc_->upload(kEnterprise, doc("business_licence", pdf("licence scan")), enterprise()).material;
  std::vector<std::pair<std::string, std::string>> asked;
  IssuedLicence licence{"business_licence",     "营业执照",      "310113000123456",
                        "宝山区市场监督管理局", ymd(2020, 5, 6), std::nullopt};
  svc_ = make_service([&](std::string_view subject, std::string_view category) {
    asked.emplace_back(subject, category);
    return std::vector<IssuedLicence>{licence};
  });
  auto m = match_one(kEnterprise, "business_licence", svc_->today());
  EXPECT_EQ(m.kind, MatchKind::e_licence);
  EXPECT_EQ(m.reason, "电子证照库：营业执照（编号310113000123456，长期有效）");
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0].first, kEnterprise);
  EXPECT_EQ(asked[0].second, "") << "every category at once: one query per match";
  // Categories that are not licences never ask the source.
  match_one(kEnterprise, "articles", svc_->today());
  EXPECT_EQ(asked.size(), 1u);
  // Two licence categories in one match: one query.
  std::vector<RequiredMaterial> two{{"a", "营业执照", "business_licence"}, {"b", "许可证件", "licence_certificate"}};
  auto both = svc_->match(kEnterprise, two, svc_->today());
  EXPECT_EQ(asked.size(), 2u);
  EXPECT_EQ(both[0].kind, MatchKind::e_licence);
  EXPECT_EQ(both[1].kind, MatchKind::missing) << "the licence on record is a business licence only";

  uint64_t before = ledger_->ledger().log().size();
  auto uses = svc_->attach({"44", std::string(kEnterprise), "scjg"}, std::span(&m, 1), enterprise());
  ASSERT_EQ(uses.size(), 1u);
  EXPECT_EQ(ledger_->ledger().log().size(), before + 2);  // material.create (system) + material.reuse
  Material imported = svc_->get(uses[0].material_id, enterprise());
  EXPECT_EQ(imported.source, Source::e_licence);
  EXPECT_EQ(imported.number, "310113000123456");
  EXPECT_EQ(imported.issuer, "宝山区市场监督管理局");
  EXPECT_EQ(entry(imported.ledger_index).actor, "system");
  EXPECT_NE(imported.id, uploaded.id);
  // Attaching the same licence to another application reuses the imported material.
  svc_->attach({"45", std::string(kEnterprise), "scjg"}, std::span(&m, 1), enterprise());
  EXPECT_EQ(ledger_->ledger().log().size(), before + 3);

  // An expired licence does not count: the upload does, and the reason says why.
  licence.expires_on = ymd(2026, 1, 1);
  auto fallback = match_one(kEnterprise, "business_licence", svc_->today());
  EXPECT_EQ(fallback.kind, MatchKind::library);
  EXPECT_EQ(fallback.material->id, uploaded.id);
  EXPECT_EQ(fallback.not_counted.at(0), "电子证照库中的营业执照（编号310113000123456）已于2026-01-01到期");
}

TEST_F(MaterialsTest, AnELicenceSourceOutageFallsBackToTheLibrary) {
  svc_ = make_service([](std::string_view, std::string_view) -> std::vector<IssuedLicence> {
    throw Error(ErrorKind::unavailable, "source-down", "电子证照库不可用");
  });
  auto none = match_one(kEnterprise, "business_licence", svc_->today());
  EXPECT_FALSE(none.exempt());
  EXPECT_EQ(none.reason, "需要提交：所需材料（电子证照库中未找到）");
  svc_->upload(kEnterprise, doc("business_licence", pdf("scan")), enterprise());
  auto m = match_one(kEnterprise, "business_licence", svc_->today());
  EXPECT_EQ(m.kind, MatchKind::library);
  EXPECT_EQ(m.not_counted.at(0), "电子证照库暂时无法查询，已改为查找您提交过的材料");
}

}  // namespace
}  // namespace haoban::materials
