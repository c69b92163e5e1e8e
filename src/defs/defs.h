// Definitions (定义) are data: service items (事项), forms, bundles (一件事) and the reference lists
// they point at (departments, material categories, events, industries), written as YAML under
// data/definitions/ and loaded here into typed structs. Loading validates everything a person can get
// wrong in a file — YAML syntax, unknown/missing keys, wrong types, duplicate codes, references to
// missing departments, forms, items or material categories, promised time limits longer than the
// statutory ones, and expressions that do not parse or type-check — and reports each problem with the
// file, line and column it is at. docs/definitions.md describes the format.
//
// Every item, form and bundle has a version: the SHA-256 of its canonical JSON body (see body_json),
// so a changed definition gets a new version and an application can keep the one it was filed under.
//
// Thread-safety: Definitions is an immutable value once loaded; share it freely (const).
#pragma once

#include <boost/json/object.hpp>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/calendar.h"
#include "expr/decimal.h"

namespace haoban::defs {

// A place in a definition file: 1-based line and column (columns count characters, not bytes).
struct Pos {
  std::string file;  // as given to load_dir, joined with the file's relative path
  int line = 0;
  int column = 0;
};

struct Problem {
  Pos pos;
  std::string message;            // English, for the people who edit the files
  std::string to_string() const;  // "FILE:LINE:COL: message"
};
bool operator<(const Problem& a, const Problem& b);  // by file, line, column, message

// An expression (see src/expr) as written in a file, with where each of its lines starts, so that a
// compile error at (line, column) inside the expression maps to the file.
struct Expression {
  std::string source;
  std::vector<Pos> lines;              // file position of the first character of each line of `source`
  Pos at(int line, int column) const;  // 1-based position inside `source` → file position
};

// A reference to another definition (a department id, form id, item code, category id) and where
// it was written, for reporting a dangling one.
struct Ref {
  std::string id;
  Pos pos;
};

// Who an item or bundle serves.
enum class Audience { person, enterprise, both };
std::string_view to_string(Audience a);  // "person", "enterprise", "both"
std::optional<Audience> audience_from_string(std::string_view s);
// True when something for `offered` is offered to `who` (person or enterprise; both matches both).
bool serves(Audience offered, Audience who);

// The kinds of power/service an item is (权力事项类型), as catalogued nationally.
inline constexpr std::string_view kItemKinds[] = {"行政许可", "行政确认",     "行政给付", "行政奖励",
                                                  "行政裁决", "其他行政权力", "公共服务"};

// ---- reference lists ----------------------------------------------------------------------------

struct Department {
  std::string id;    // short slug, e.g. "scjg"; the identity module's department id
  std::string name;  // 区市场监管局
  Pos pos;
};

struct MaterialCategory {
  std::string id;    // e.g. "business_licence"
  std::string name;  // 营业执照
  // An e-licence (电子证照) that government issues: found in the e-licence source, never uploaded again.
  bool licence = false;
  // How long a submitted copy may be reused, counted from when it was issued (or uploaded when the
  // date is unknown); nullopt: until the document's own expiry date, or indefinitely.
  std::optional<int> valid_months;
  // false: specific to one application (申请书, 授权委托书…), never offered for reuse.
  bool reusable = true;
  Pos pos;
};

// A life event (个人) or enterprise event (法人) for browsing items, e.g. 开办餐饮店, 生育, 养老.
struct Event {
  std::string name;
  Audience audience = Audience::both;
  Pos pos;
};

// ---- questions (情形) ---------------------------------------------------------------------------

struct Option {
  std::string value;  // what answers and form values hold
  std::string label;  // what people see (defaults to value)
};

enum class QuestionType { boolean, select, multi_select, number };
std::string_view to_string(QuestionType t);  // "bool", "select", "multi_select", "number"

// A situation question. Expressions read its answer as `answers.<id>`: bool → bool, select → string,
// multi_select → list<string>, number → int (decimals 0) or decimal.
struct Question {
  std::string id;  // identifier: [a-z][a-z0-9_]*
  std::string text;
  std::string help;
  QuestionType type = QuestionType::boolean;
  std::vector<Option> options;            // select and multi_select: at least two
  int decimals = 0;                       // number: fractional digits allowed
  std::optional<expr::Decimal> min, max;  // number
  Pos pos;
};

// ---- forms --------------------------------------------------------------------------------------

enum class FieldType {
  text,
  textarea,
  number,
  money,
  boolean,
  date,
  select,
  multi_select,
  address,
  id_number,    // 居民身份证号码, checked by core/id_codes.h
  credit_code,  // 统一社会信用代码, checked by core/id_codes.h
  phone,
  file,   // the id of an uploaded file
  table,  // rows of `columns`
};
std::string_view to_string(FieldType t);  // "text", "multi_select", …
std::optional<FieldType> field_type_from_string(std::string_view s);

struct Validation {
  std::optional<int> min_length, max_length;  // text-like: characters
  std::optional<std::string> pattern;         // text-like: ECMAScript regex, whole value must match
  std::string pattern_message;                // shown when the pattern fails (default: a generic one)
  std::optional<expr::Decimal> min, max;      // number, money
  std::optional<int> min_items, max_items;    // multi_select: selected options; table: rows
  std::optional<Expression> rule;             // bool expression; false → `message` on this field
  std::string message;
};

// A form field. Expressions read its value as `form.<key>`: text-like fields, select, file → string;
// number → int (decimals 0) or decimal; money → decimal; boolean → bool; date → date;
// multi_select → list<string>; table → list of records with one field per column.
struct Field {
  std::string key;  // identifier: [a-z][a-z0-9_]*, unique within its form
  std::string label;
  std::string help;
  std::string placeholder;
  FieldType type = FieldType::text;
  bool required = false;
  std::vector<Option> options;  // select, multi_select
  int decimals = 0;             // number (money is always 2)
  std::vector<Field> columns;   // table: scalar fields (no table, multi_select or file)
  Validation validation;
  std::optional<Expression> visible_when;  // bool; hidden fields are not required and not kept
  std::optional<Expression> compute;       // the value, computed by the server (never trusted from clients)
  // Prefill (数源): the value from authoritative sources, an expression over `<source>.<field>`
  // (e.g. `enterprise_registry.name`). Locked when every source field it reads is verified.
  std::optional<Expression> prefill;
  bool prefill_editable = false;  // a suggestion (e.g. inferred from the business scope): never locked
  Pos pos;
};

struct Section {
  std::string id;
  std::string title;
  std::optional<Expression> visible_when;
  std::vector<Field> fields;
  Pos pos;
};

struct Form {
  std::string id;
  std::string title;
  std::string description;
  std::vector<Section> sections;
  Pos pos;
  std::string version;  // set by load_dir
};

// ---- items (事项) --------------------------------------------------------------------------------

enum class MaterialType { original, copy, electronic };
std::string_view to_string(MaterialType t);  // "original", "copy", "electronic"
std::string_view label(MaterialType t);      // 原件, 复印件, 电子件

struct Material {
  std::string id;  // identifier, unique within its item
  std::string name;
  Ref category;
  MaterialType type = MaterialType::original;
  int count = 1;
  std::string note;                // e.g. 加盖公章
  std::optional<Expression> when;  // bool over answers.*; absent: always required
  std::string reason;              // why it is required when `when` holds (Chinese)
  Pos pos;
};

struct Guide {
  std::string conditions;            // 受理条件
  std::string basis;                 // 设定依据
  std::vector<std::string> process;  // 办理流程, one step per entry
  std::string fee;                   // 收费标准
  std::string location;              // 办理地点
  std::string hours;                 // 办理时间
  std::string phone;                 // 咨询电话
  bool online = false;               // 可网上办理
  bool offline = true;               // 可窗口办理
};

// 免申即办: this item's application follows the completion (approved) of one of `items` for the
// same applicant, when the applicant holds `licence` in the e-licence library (电子证照库) and
// `when` holds over the completed application's answers: the platform then files a prefilled draft
// of this item for the applicant to confirm (e.g. 食品经营许可变更 after 企业变更登记).
struct Follow {
  std::vector<Ref> items;          // the items whose completion triggers this one, at least one
  std::optional<Expression> when;  // bool over answers.* of every item in `items`; absent: always
  std::string licence;             // the e-licence's name as issued, e.g. 食品经营许可证
  std::string reason;              // what happened, for the applicant: 营业执照变更
  Pos pos;
};

struct Item {
  std::string code;  // [A-Za-z0-9][A-Za-z0-9._-]*, at most 64
  std::string name;
  std::vector<std::string> aliases;
  Ref department;
  std::string kind;  // one of kItemKinds
  Audience audience = Audience::both;
  std::vector<Ref> events;  // Event names
  Guide guide;
  int statutory_days = 0;  // 法定办结时限, working days
  int promised_days = 0;   // 承诺办结时限, working days, <= statutory_days
  Pos promised_pos;
  std::vector<Question> questions;  // item-level situations (情形), read by material conditions
  std::vector<Material> materials;
  Ref form;                  // Form id
  bool online_help = false;  // 帮办: online human help is offered for this item
  std::optional<Follow> follows;  // 免申即办
  Pos pos;
  std::string version;  // set by load_dir; covers the item and its form
};

// ---- bundles (一件事) ----------------------------------------------------------------------------

struct BundleItem {
  Ref item;
  std::optional<Expression> when;  // bool over answers.*; absent: always applies
  std::string reason;              // why it applies when `when` holds (Chinese)
  Pos pos;
};

// In this bundle, member item `item`'s material `material` applies when `when` holds (replacing the
// item's own condition).
struct MaterialRule {
  Ref item;
  Ref material;
  std::optional<Expression> when;
  std::string reason;
  Pos pos;
};

struct Bundle {
  std::string code;
  std::string name;
  Audience audience = Audience::enterprise;
  std::string industry;  // one of the taxonomy's industries, or empty
  std::vector<Ref> events;
  std::string description;
  std::vector<BundleItem> items;    // at least two
  std::vector<Question> questions;  // bundle questions; member items' questions join them by id
  std::vector<MaterialRule> materials;
  int promised_days = 0;  // 0: the longest member item's
  Pos pos;
  std::string version;  // set by load_dir; covers the bundle and its member items' versions
};

// ---- authoritative data sources (数源) -------------------------------------------------------------

// Whose records a source holds, and the key they are found by.
enum class SourceSubject {
  enterprise,  // by 统一社会信用代码
  person,      // by 居民身份证号码
  any,         // either (电子证照库, 不动产, 信用 hold records of both)
};
std::string_view to_string(SourceSubject s);  // "enterprise", "person", "any"

struct SourceField {
  Field def;             // key, label, type (text, number, money, boolean, date, multi_select, table)
  Ref department;        // owning department (default: the source's)
  std::string cadence;   // realtime | daily | weekly | monthly (default: the source's)
  bool verified = true;  // verified by its owner: prefilled values from it are locked
};

// An authoritative source (法人库, 人口库, 电子证照库, 社保, 不动产, 信用). Expressions read its fields
// as `<source id>.<field key>` (see Field::prefill).
struct SourceDef {
  std::string id;    // identifier, e.g. "enterprise_registry"
  std::string name;  // 法人库
  std::string description;
  Ref department;
  SourceSubject subject = SourceSubject::enterprise;
  std::string cadence;
  std::vector<SourceField> fields;
  Pos pos;
  const SourceField* field(std::string_view key) const;
};

inline constexpr std::string_view kCadences[] = {"realtime", "daily", "weekly", "monthly"};

// ---- policies (免申即享) ---------------------------------------------------------------------------

// Who a policy is for, and whose attributes its expressions read (`enterprise.*` or `person.*`).
enum class EntityKind { enterprise, person };
std::string_view to_string(EntityKind k);  // "enterprise", "person"
std::optional<EntityKind> entity_kind_from_string(std::string_view s);

enum class AttributeType { boolean, integer, decimal, string, date, string_list };
std::string_view to_string(AttributeType t);  // "bool", "int", "decimal", "string", "date", "list<string>"
std::optional<AttributeType> attribute_type_from_string(std::string_view s);

// What the platform may know about an enterprise or a person (entities.yaml): a dotted path below
// the entity (`credit.dishonest`), its type, and the source field it is read from, if any.
struct Attribute {
  std::string path;
  AttributeType type = AttributeType::string;
  std::string label;
  Ref source;         // a source id, empty when no source holds it
  std::string field;  // the source's field key
  Pos pos;
};

struct EntityModel {
  std::vector<Attribute> enterprise;
  std::vector<Attribute> person;
  const std::vector<Attribute>& of(EntityKind k) const { return k == EntityKind::enterprise ? enterprise : person; }
  // The attribute at `path` (below the entity: "credit.dishonest"), or null.
  const Attribute* find(EntityKind k, std::string_view path) const;
  // Whether some attribute lies below `path` ("credit" groups "credit.dishonest").
  bool has_below(EntityKind k, std::string_view path) const;
};

// A parameter value and the days it holds: [from, to] (to: until the next value, or open).
struct DatedValue {
  Date from;
  std::optional<Date> to;
  expr::Decimal value;
  Pos pos;
};

// A named number a policy's expressions read as `params.<name>`, resolved at the evaluation date.
struct Parameter {
  std::string name;
  std::vector<DatedValue> values;  // sorted by `from`, not overlapping
  Pos pos;
  const DatedValue* at(Date d) const;  // the value holding on d, or null
};

// One eligibility criterion or risk check: an expression with its reason for people.
struct Criterion {
  std::string id;  // identifier, unique within the policy's criteria and risks
  Expression when;
  std::string reason;
  Pos pos;
};

// A policy's own test: an entity's attributes on a date and the decision expected.
struct PolicyTest {
  std::string name;
  Date as_of;
  // The entity's attributes, nested by path (credit.dishonest → {"credit": {"dishonest": …}}),
  // typed as the policy CLI's entity lines are: decimals as strings, dates as "YYYY-MM-DD".
  boost::json::object entity;
  std::string outcome;                 // eligible | ineligible | undecided | blocked | not_in_force
  std::optional<std::string> amount;   // eligible: the exact amount expected
  std::optional<std::vector<std::string>> failed, missing, blocked_by;
  Pos pos;
};

inline constexpr std::string_view kPolicyKinds[] = {"fund", "tax", "fee", "aid", "service"};
inline constexpr std::string_view kPolicyModes[] = {"auto", "confirm"};
inline constexpr std::string_view kLifecycles[] = {"startup", "growth", "mature", "exit"};
inline constexpr std::string_view kOutcomes[] = {"eligible", "ineligible", "undecided", "blocked", "not_in_force"};

// A policy delivered without application (免申即享), data/definitions/policies/<id>.yaml.
struct Policy {
  std::string id;  // [A-Z0-9-]+, the file's name
  std::string title;
  std::string summary;
  Ref department;
  std::string kind;  // one of kPolicyKinds
  EntityKind target = EntityKind::enterprise;
  std::string mode;  // one of kPolicyModes
  Date effective_from;
  std::optional<Date> effective_to;
  std::string legal_basis;
  std::vector<std::string> lifecycle;  // of kLifecycles
  std::vector<Parameter> parameters;
  std::vector<Criterion> eligibility;  // all must hold
  Expression amount;                   // decimal yuan
  std::string benefit_description;
  std::vector<Criterion> risks;  // any that holds blocks payment
  std::vector<PolicyTest> tests;
  Pos pos;
  std::string version;  // set by load_dir
  std::string text;     // the file's text as read (authoring starts from it); not part of the version
  bool in_force(Date d) const { return d >= effective_from && (!effective_to || d <= *effective_to); }
};

// ---- the loaded set -----------------------------------------------------------------------------

struct Definitions {
  std::vector<Department> departments;
  std::vector<MaterialCategory> categories;
  std::vector<Event> events;
  std::vector<std::string> industries;
  std::vector<Item> items;      // sorted by code
  std::vector<Form> forms;      // sorted by id
  std::vector<Bundle> bundles;  // sorted by code
  std::vector<SourceDef> sources;  // sorted by id
  EntityModel entities;            // entities.yaml
  std::vector<Policy> policies;    // sorted by id

  const Department* department(std::string_view id) const;
  const MaterialCategory* category(std::string_view id) const;
  const Item* item(std::string_view code) const;
  const Form* form(std::string_view id) const;
  const Bundle* bundle(std::string_view code) const;
  const SourceDef* source(std::string_view id) const;
  const Policy* policy(std::string_view id) const;
};

struct LoadResult {
  Definitions defs;
  std::vector<Problem> problems;  // sorted; empty when the directory is valid
};

// Loads `dir`: departments.yaml, material_categories.yaml, taxonomy.yaml, entities.yaml and every
// *.yaml under sources/, items/, forms/, bundles/ and policies/ (one definition per file; `policies`,
// when given, is read instead of dir/policies). Never throws for bad content: every problem is in
// `problems` (a file that cannot be read or parsed is one problem; the rest still load). When
// problems is empty every reference resolves and every expression compiles (see compile.h).
LoadResult load_dir(const std::filesystem::path& dir,
                    const std::optional<std::filesystem::path>& policies = std::nullopt);

// One policy file's text, checked as load_dir checks a file of policies/ — YAML syntax, keys, dates
// and parameters, references, test entities, expressions — against the departments, sources and
// entity model of `base` (a loaded, valid set). The result's `defs` holds those and, when the text
// could be read as a policy, that one policy with its version; `problems` are at lines and columns of
// `text`, in a file shown as policies/<id>.yaml (policies/draft.yaml when the id cannot be read).
// For the workbench's policy authoring: nothing is written anywhere.
LoadResult check_policy_text(const Definitions& base, std::string_view text);

// load_dir, throwing Error(invalid, "definitions-invalid") listing the first problems in its detail
// when there are any.
Definitions load_dir_or_throw(const std::filesystem::path& dir);

// ---- canonical bodies and versions ---------------------------------------------------------------

// The canonical JSON of a definition (fixed key order, no positions): what the store keeps and the
// API shows. An item's body embeds its form's body under "form"; a bundle's lists its member items
// with their versions.
boost::json::object body_json(const Form& f);
boost::json::object body_json(const Item& i, const Definitions& d);
boost::json::object body_json(const Bundle& b, const Definitions& d);
boost::json::object body_json(const Policy& p);
boost::json::object guide_json(const Guide& g);
boost::json::object question_json(const Question& q);
boost::json::object field_json(const Field& f);

// Lower-case hex SHA-256 of `canonical` (the serialized body).
std::string content_version(std::string_view canonical);

}  // namespace haoban::defs
