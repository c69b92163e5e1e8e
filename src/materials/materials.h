// The e-material library (电子材料库) and the exemption rule (两个免于提交): a material the
// government issued (an e-licence) or one the applicant already submitted and that is still valid is
// never asked for again.
//
// Storage: every file is a blob under <dir>/<alg>/<first two hex>/<hex>, named by its content id
// (content_id.h: a keyed MAC), written durably (temp file, fdatasync, rename, directory fsync)
// before any row refers to it; the same bytes are stored once whoever uploads them. A material is a
// row that points at a blob: owner, category, title, dates, version, status. Each create, reuse and
// revoke is a ledger entry (kind material.*, subject = the owner, id = the material id, content =
// the content id's hex), whose index is kept with the row so the owner can fetch the receipt.
//
// Owners and subjects are ledger subjects: "person:<account id>" or "enterprise:<credit code>"
// (ledger::subject_of).
//
// Thread-safety: MaterialService may be called from any request thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "core/clock.h"
#include "core/principal.h"
#include "db/db.h"
#include "defs/defs.h"
#include "ledger/service.h"

namespace haoban::materials {

struct Options {
  std::filesystem::path dir;                 // blobs: <data>/materials
  std::filesystem::path key_file;            // <data>/keys/materials.key by default
  bool generate_missing_key = true;          // development; production installs the key
  std::size_t max_bytes = 10 * 1024 * 1024;  // largest accepted file
};

enum class Status { valid, superseded, revoked };
std::string_view to_string(Status s);  // "valid", "superseded", "revoked"
std::string_view label(Status s);      // 有效, 已被替代, 已撤销

enum class Source { upload, e_licence };
std::string_view to_string(Source s);  // "upload", "e_licence"

struct Material {
  long long id = 0;
  std::string owner;     // ledger subject
  std::string category;  // defs::MaterialCategory id
  std::string title;
  std::string file_name;   // as uploaded (sanitised); e-licences: <number>.json
  std::string media_type;  // detected from the content
  long long size = 0;
  std::string content_id;  // "hmac-sm3:<hex>"
  std::string issuer;      // 区市场监管局, 本人上传, …
  std::string number;      // 证照编号 of an e-licence; empty for uploads
  std::optional<Date> issued_on, expires_on;
  int version = 1;                         // per owner + category + title
  std::optional<long long> supersedes;     // the previous version
  std::optional<long long> superseded_by;  // the next version
  Status status = Status::valid;
  std::string revoked_reason, revoked_by, revoked_at;  // revoked_by: account id or "system"
  Source source = Source::upload;
  std::string created_by;                            // account id, or "system"
  std::string created_at;                            // ISO 8601 UTC
  std::optional<std::uint64_t> ledger_index;         // the material.create entry
  std::optional<std::uint64_t> revoke_ledger_index;  // the material.revoke entry
};

// Whether a material counts at a date. A material is in force unless revoked or superseded, past
// its own expires_on, or older than its category's valid_months (counted from issued_on, or from
// when it was uploaded when that is unknown). Categories with reusable: false are in force but are
// never offered for another application.
struct Validity {
  bool in_force = false;
  bool reusable = true;             // the category allows reuse
  std::optional<Date> valid_until;  // the last day it counts; nullopt: no limit
  std::string note;  // Chinese: 有效期至…, 长期有效, 已于…过期, 已撤销：…, 已被第2版替代
  bool offered() const { return in_force && reusable; }
};

struct MaterialUse {
  long long id = 0;
  long long material_id = 0;
  std::string application;                    // application number
  std::string department;                     // the department handling it: its staff may read the material
  std::string required;                       // the item's material id it stands for
  std::string reason;                         // why it was exempt (免于提交), as MaterialMatch::reason
  std::string used_at;                        // ISO 8601 UTC
  std::string actor;                          // account id, or "system"
  std::optional<std::uint64_t> ledger_index;  // the material.reuse entry
};

// A licence the government issued, as the e-licence source (电子证照库) reports it.
struct IssuedLicence {
  std::string category;  // material category id
  std::string name;      // 营业执照
  std::string number;    // 证照编号
  std::string issuer;    // 发证机关
  std::optional<Date> issued_on;
  std::optional<Date> expires_on;  // nullopt: 长期
};

// The e-licences of a subject in a category (every category when `category` is empty: match() asks
// once per call that way). `subject_key` is the ledger subject
// ("enterprise:<credit code>" / "person:<account id>"); the adapter (App, over 数源) maps it to the
// source's key. May throw when the source is down: matching then falls back to the library.
using IssuedLicences =
    std::function<std::vector<IssuedLicence>(std::string_view subject_key, std::string_view category)>;

// One material an item requires.
struct RequiredMaterial {
  std::string id;        // the item's material id
  std::string name;      // 公司章程
  std::string category;  // defs::MaterialCategory id
};

// standard_address: a proof of premises (住所使用证明) not needed because the premises are a standard
// address (无忧快注) the applicant has a right to use; decided by the caller (app/ports.cpp), never by
// match(), and nothing is attached for it.
enum class MatchKind { missing, e_licence, library, standard_address };
std::string_view to_string(MatchKind k);  // "missing", "e_licence", "library", "standard_address"

struct MaterialMatch {
  RequiredMaterial required;
  MatchKind kind = MatchKind::missing;
  std::optional<IssuedLicence> licence;  // e_licence
  std::optional<Material> material;      // library
  std::optional<Date> valid_until;       // of the match; nullopt: no limit
  // Exempt: why (「电子证照库：营业执照（编号…，有效期至…）」, 「已于2026-03-02提交，有效期至…」).
  // Missing: what to submit and why (「需要提交：公司章程」, 「此类材料每次办理须重新提交」).
  std::string reason;
  // Existing materials of the category that do not count, each with why (「「健康证明」已于…过期」).
  std::vector<std::string> not_counted;
  bool exempt() const { return kind != MatchKind::missing; }
};

// What a new upload says about itself; the bytes decide its type.
struct NewMaterial {
  std::string category;
  std::string title;      // default: the category's name
  std::string file_name;  // default: <title>.<detected extension>
  std::string issuer;     // default: 本人上传
  std::optional<Date> issued_on, expires_on;
  std::string content;
};

struct Upload {
  Material material;
  bool created = true;  // false: an identical material (same owner, content and metadata) already existed
};

struct LibraryItem {
  Material material;
  Validity validity;
  std::vector<MaterialUse> uses;
};

// The application a reuse is for.
struct ApplicationRef {
  std::string number;      // application number
  std::string subject;     // the applicant's ledger subject: every material attached must be theirs
  std::string department;  // the handling department
};

class MaterialService {
 public:
  // Loads (or, when options allow, creates) the content key and records any ledger entry a crash
  // left unwritten. `definitions` and `ledger` must outlive the service. Throws Error(invalid) for
  // a missing or malformed key.
  MaterialService(db::Database& db, const Clock& clock, const defs::Definitions& definitions,
                  ledger::LedgerService& ledger, Options options, IssuedLicences licences = {});
  ~MaterialService();

  static std::span<const db::Migration> migrations();

  const defs::Definitions& definitions() const;
  const Options& options() const;
  // Wires the e-licence source after construction; call before serving requests.
  void set_issued_licences(IssuedLicences licences);

  // The content id these bytes have under this library's key.
  std::string content_id(std::string_view bytes) const;

  // Checks the file by its content (formats.h) and its metadata, stores the blob unless present
  // and creates a material owned by `owner`, superseding the owner's valid material of the same
  // category and title (a new version). An identical material (same owner, content, category,
  // title, issuer and dates, still valid) is returned instead, created = false. Throws
  // Error(invalid) with field errors (422) naming what is wrong — a damaged or unsupported file
  // included — before anything is stored, and Error(too_large) above max_bytes.
  Upload upload(std::string_view owner, const NewMaterial& m, const Principal& who);

  // The owner's materials, newest first, with validity today and where each was used.
  std::vector<LibraryItem> library(std::string_view owner);
  // The material if `who` may read it: its owner, or window clerks and approvers of a department
  // whose application used it. Throws Error(not_found) otherwise, so ids cannot be probed.
  Material get(long long id, const Principal& who);
  // The material and its bytes (verified against the content id; Error(unavailable) if damaged).
  std::pair<Material, std::string> content(long long id, const Principal& who);
  std::vector<MaterialUse> uses_of(long long material_id);
  // The exempt materials of an application (the workbench's view).
  std::vector<MaterialUse> uses_for_application(std::string_view application);

  // Withdraws the owner's material. Throws not_found unless `who` owns it, conflict when already
  // revoked, invalid without a reason.
  Material revoke(long long id, std::string_view reason, const Principal& who);

  Validity validity(const Material& m, Date as_of) const;
  // Today in China Standard Time, by the service's clock: the date validity is judged at.
  Date today() const;

  // For each required material, the best valid material of `subject`: an e-licence from the
  // source (licence categories), else the newest material in force in the library. Reads only.
  std::vector<MaterialMatch> match(std::string_view subject, std::span<const RequiredMaterial> required,
                                   Date as_of);
  // Records the exempt matches as used by `application` (material.reuse entries); an e-licence is
  // first entered into the library (source e_licence, material.create by "system"). Missing
  // matches are skipped; attaching the same material for the same requirement twice returns the
  // first use. Throws Error(conflict) when a library match is no longer in force or not the
  // applicant's.
  std::vector<MaterialUse> attach(const ApplicationRef& application, std::span<const MaterialMatch> matches,
                                  const Principal& who);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The ledger actor for a principal: its account id as text.
std::string actor_of(const Principal& p);

}  // namespace haoban::materials
