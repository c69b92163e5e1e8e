#include "knowledge/generate.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

namespace haoban::knowledge {
namespace {

using std::string;
using std::string_view;

// ---- randomness ----------------------------------------------------------------------------------

// splitmix64: the same sequence on every compiler and standard library (std distributions are not).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : s_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int below(int n) { return n <= 1 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  int between(int lo, int hi) { return lo + below(hi - lo + 1); }  // inclusive
  bool chance(int percent) { return below(100) < percent; }
  template <class C>
  const auto& pick(const C& c) {
    return *(std::begin(c) + below(static_cast<int>(std::size(c))));
  }
  template <class T>
  T pick(std::initializer_list<T> c) {
    return *(c.begin() + below(static_cast<int>(c.size())));
  }
  template <class T>
  void shuffle(std::vector<T>& v) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<std::size_t>(below(static_cast<int>(i)))]);
  }

 private:
  std::uint64_t s_;
};

std::uint64_t fnv1a(string_view s) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return h;
}

// Each entry draws from its own stream, so adding an item or a topic does not change the others.
Rng rng_for(const GenerateOptions& o, string_view key) {
  return Rng(fnv1a(key) ^ (o.seed * 0xD1B54A32D192ED03ull));
}

// ---- text ----------------------------------------------------------------------------------------

using Vars = std::vector<std::pair<string_view, string_view>>;

// Replaces each {key} in `tpl` by its value; unknown keys stay as written.
string fill(string_view tpl, const Vars& vars) {
  string out;
  out.reserve(tpl.size() + 32);
  std::size_t i = 0;
  while (i < tpl.size()) {
    if (tpl[i] == '{') {
      auto close = tpl.find('}', i);
      if (close != string_view::npos) {
        auto key = tpl.substr(i + 1, close - i - 1);
        auto it = std::find_if(vars.begin(), vars.end(), [&](const auto& v) { return v.first == key; });
        if (it != vars.end()) {
          out += it->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += tpl[i++];
  }
  return out;
}

string join(const std::vector<string>& parts, string_view sep) {
  string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i) out += sep;
    out += parts[i];
  }
  return out;
}

string numbered(const std::vector<string>& lines) {
  string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (i) out += '\n';
    out += fmt::format("{}. {}", i + 1, lines[i]);
  }
  return out;
}

bool contains(string_view s, string_view part) { return s.find(part) != string_view::npos; }

string_view strip_suffix(string_view s, string_view suffix) {
  return s.ends_with(suffix) ? s.substr(0, s.size() - suffix.size()) : s;
}

// "是否委托他人代为办理？" → "委托他人代为办理"
string question_clause(string_view text) {
  string s(strip_suffix(strip_suffix(text, "？"), "?"));
  if (auto at = s.find("是否"); at != string::npos) s.erase(at, string_view("是否").size());
  return s;
}

// ---- dates ---------------------------------------------------------------------------------------

Date add_days(Date d, int n) { return Date{std::chrono::sys_days{d} + std::chrono::days{n}}; }
int days_between(Date a, Date b) { return (std::chrono::sys_days{b} - std::chrono::sys_days{a}).count(); }

string cn_date(Date d) {
  return fmt::format("{}年{}月{}日", static_cast<int>(d.year()), static_cast<unsigned>(d.month()),
                     static_cast<unsigned>(d.day()));
}

string timestamp(Date d, int minute) {
  return fmt::format("{}T{:02}:{:02}:00Z", format_date(d), minute / 60 % 24, minute % 60);
}

bool is_weekend(Date d) {
  auto wd = std::chrono::weekday{std::chrono::sys_days{d}};
  return wd == std::chrono::Saturday || wd == std::chrono::Sunday;
}

// The day before the same date `n` years later (the last day of a validity of n years).
Date years_later(Date d, int n) {
  auto y = d.year() + std::chrono::years{n};
  Date end = y / d.month() / d.day();
  if (!end.ok()) end = y / d.month() / std::chrono::last;
  return add_days(end, -1);
}

Date weekday_on_or_before(Date d) {
  while (is_weekend(d)) d = add_days(d, -1);
  return d;
}

Date saturday_on_or_before(Date d) {
  while (std::chrono::weekday{std::chrono::sys_days{d}} != std::chrono::Saturday) d = add_days(d, -1);
  return d;
}

// ---- reference text ------------------------------------------------------------------------------

// Per material category: how an applicant obtains it, what a clerk checks, what to do when it is lost.
struct CategoryText {
  string_view id, obtain, check, lost;
};

constexpr CategoryText kCategories[] = {
    {"application_form", "可在“一网通办”本事项页面下载空白表格和填写样表，也可在窗口领取；网上申请的，系统根据填报内容自动生成",
     "填写项目完整，与其他材料信息一致；申请人签字或加盖公章；涂改处有签字或盖章确认",
     "申请书（表）可重新下载或到窗口重新领取填写；网上申请的，可在“我的办件”中重新生成"},
    {"id_card", "由公安机关签发；已领取电子身份证的，可在“随申办”亮证，窗口直接调取核验",
     "证件在有效期内；证件信息与申请人一致；人证比对通过",
     "可到户籍所在地或居住地派出所申请补领，补领期间可申请临时居民身份证；开通了电子身份证的，可先用“随申办”亮证办理"},
    {"legal_rep_id", "提交法定代表人本人的居民身份证；外籍人员提交护照等有效身份证件",
     "与营业执照登记的法定代表人一致；证件在有效期内",
     "由法定代表人本人到派出所补领身份证件，补领期间可提交临时居民身份证"},
    {"authorization", "由委托人出具，可使用“一网通办”本事项页面提供的授权委托书样本",
     "写明委托事项、委托权限和期限；委托人签字或盖章；代理人身份证件与委托书载明的一致",
     "重新出具一份授权委托书即可，并请委托人重新签字或盖章"},
    {"business_licence", "由市场监管部门核发，已纳入电子证照库，办理时由系统自动调取",
     "电子证照库中登记状态为存续；名称、统一社会信用代码与申请一致；经营范围涵盖申请事项",
     "可通过“一网通办”申请补领营业执照；办理本事项时，电子营业执照可照常使用"},
    {"articles", "由股东（会）依法制定，全体股东签署或加盖公章",
     "章程内容符合法律规定，与申请事项一致；修正案写明修改条款；签署完整",
     "可到区市场监管局登记档案窗口查询、复制登记档案中的章程"},
    {"resolution", "由企业按章程规定召开股东会或董事会，形成书面决议或决定",
     "召集程序和表决比例符合章程；决议事项与申请一致；签字或盖章齐全",
     "请原签署人重新签署一份，或提交经全体签署人确认的复印件"},
    {"appointment", "由企业或上级主管单位出具", "任职人员姓名、职务与申请一致；签发程序符合章程",
     "请出具单位重新出具，或提供加盖公章的存档复印件"},
    {"premises_proof",
     "自有场所提供不动产权证书；租赁场所提供租赁合同和出租方产权证明；暂无产权证明的，可由所在街镇或园区出具场所使用证明",
     "地址与申请地址一致；使用期限覆盖申请期间；场所用途符合要求",
     "租赁合同可请出租方重新签署或提供租赁备案证明；产权证明可通过不动产登记信息查询核验"},
    {"property_certificate", "由不动产登记机构核发，已纳入电子证照库，可直接调取",
     "权利人、坐落与申请一致；按事项要求核查有无查封、抵押等限制",
     "可到区不动产登记事务中心申请补证；补证期间可用不动产登记信息查询结果核验"},
    {"lease_contract", "由出租方与承租方签订；可在“一网通办”办理房屋租赁合同登记备案",
     "租赁期限、地址、面积与申请一致；出租方为产权人或有权转租",
     "请出租方重新签署一份，或提供租赁登记备案证明"},
    {"floor_plan", "申请人自行绘制或委托设计单位绘制，标明功能分区、设备位置和面积",
     "尺寸和面积标注清楚；功能分区与申请内容一致；与现场相符", "重新绘制即可，注意与现场布局一致"},
    {"location_map", "自行绘制，或在电子地图上标注并打印，标明周边道路和主要建筑",
     "方位和周边环境标注清楚，与实际地址一致", "重新绘制或打印即可"},
    {"equipment_list", "由申请人自行编制，列明设备名称、型号和数量", "设备与申请项目相匹配，数量与现场一致",
     "重新编制并签字或盖章"},
    {"process_flow", "由企业技术人员编制", "工艺流程完整，关键控制点标注清楚", "重新编制并盖章"},
    {"management_system", "由单位自行制定并加盖公章", "制度覆盖岗位职责、安全、质量等要求，具有可操作性",
     "重新打印并加盖公章"},
    {"health_certificate", "到区疾控中心或指定的体检机构体检后取得", "在一年有效期内；人员与从业人员名单一致",
     "可到原体检机构申请补打；已超过有效期的，须重新体检"},
    {"staff_qualification", "由资格证书的发证机关核发", "证书真实有效、在有效期内，专业类别与岗位相符",
     "向发证机关申请补发，或提供发证机关网站的查询结果"},
    {"inspection_report", "委托具备CMA资质的检验检测机构出具", "检测机构资质有效；报告在有效期内；检测项目和结论符合要求",
     "向出具报告的检测机构申请补发副本"},
    {"design_drawing", "委托具有相应资质的设计单位绘制", "设计单位资质与项目相符；图纸签章齐全；内容与申请一致",
     "向设计单位申请重新出图"},
    {"structure_safety", "委托具有资质的房屋质量检测机构出具", "检测结论明确为安全；检测对象与设置地点一致",
     "向检测机构申请补发"},
    {"drainage_drawing", "由设计单位绘制", "排水路径、预处理设施和接管位置标注清楚", "向设计单位申请重新出图"},
    {"fire_safety", "按消防技术标准自行编制，或委托消防技术服务机构出具", "消防设施、疏散通道等内容与现场一致",
     "向编制单位申请补发"},
    {"commitment", "在“一网通办”本事项页面下载格式文本，由申请人签署", "承诺内容完整，签字或盖章齐全",
     "重新下载签署即可"},
    {"liquidation_report", "由清算组制作，经股东会或全体股东确认", "清算组成员签字齐全；债权债务清理完毕的表述明确",
     "由清算组重新出具并签署"},
    {"tax_clearance", "由税务机关出具，可在电子税务局申请；部分情形通过部门信息共享免于提交",
     "在有效期内；纳税人名称与申请一致", "可在电子税务局重新打印"},
    {"public_notice", "在国家企业信用信息公示系统等渠道发布公告后取得", "公告期限已满；公告内容与申请事项一致",
     "可在公示系统中打印公告信息"},
    {"transfer_agreement", "由转让双方签订", "双方签字盖章齐全；转让标的和价款与申请一致",
     "请双方重新签署，或提供公证副本"},
    {"licence_certificate", "由原发证机关核发，已纳入电子证照库的可直接调取", "证件在有效期内；证载信息与申请一致",
     "向原发证机关申请补证；办理注销的，可提交遗失声明代替缴回"},
    {"construction_contract", "由建设单位与施工单位签订", "合同双方、工程名称、价款与申请一致；签章齐全",
     "向合同双方申请提供加盖公章的复印件"},
    {"construction_drawing", "由施工图审查机构出具", "审查结论为合格；项目名称与申请一致", "向审查机构申请补发"},
    {"planning_permit", "由规划资源部门核发，已纳入电子证照库", "许可内容与建设内容一致；在有效期内",
     "向规划资源部门申请出具证明"},
    {"land_document", "由规划资源部门核发", "用地范围、用途与项目一致", "向规划资源部门申请出具证明"},
    {"fund_proof", "由银行或资金提供方出具", "资金数额满足项目需要；出具时间在有效期内", "向出具银行申请补开"},
    {"eia_document", "委托技术单位编制环境影响报告书（表），或在线填报环境影响登记表",
     "编制单位和编制人员信息完整；内容与建设项目一致", "向编制单位索取副本"},
    {"safety_plan", "由施工单位编制", "措施具体可行，覆盖危险性较大的分部分项工程", "重新编制并盖章"},
    {"emergency_plan", "由单位组织编制并评审", "预案要素齐全，与风险评估相符", "重新打印并加盖公章"},
    {"household_register", "由户籍所在地公安派出所签发，可通过电子证照库调取", "户主页和本人页齐全；户籍信息与申请人一致",
     "到户籍所在地派出所申请补领"},
    {"marriage_certificate", "由婚姻登记机关颁发，可通过电子证照库核验", "证件信息与当事人一致",
     "到本市任一婚姻登记处申请补领"},
    {"birth_certificate", "由助产医疗机构签发", "新生儿及父母信息与申请一致", "向出生时的助产机构申请补发"},
    {"residence_proof", "由居住地居（村）委会出具，或提供房屋租赁备案证明", "居住地址与申请一致；在有效期内",
     "向居委会重新申请开具"},
    {"photo", "到照相馆拍摄，或使用“随申办”拍摄证件照", "近期免冠、白底、符合证件照标准", "重新拍摄即可"},
    {"bank_account", "提供申请人本人名下的银行借记卡或社保卡金融账户", "户名与申请人一致；账户状态正常",
     "到开户银行挂失补办后，提交新的账户信息"},
    {"income_proof", "由工作单位出具收入证明，或由街镇社区事务受理服务中心开展家庭经济状况核对",
     "收入和财产信息完整；在有效期内", "向出具单位重新申请"},
    {"labor_contract", "由用人单位与劳动者签订", "合同期限、岗位与申请一致；双方签字盖章", "向用人单位申请提供存档复印件"},
    {"social_insurance_record", "可在“随申办”或社保中心自助打印", "缴费单位和缴费期限满足条件", "可随时在线重新打印"},
    {"education_certificate", "由毕业学校颁发，可通过学信网在线验证", "学历学位信息可在学信网核验",
     "向毕业学校申请出具学历证明书"},
    {"medical_record", "由就诊医疗机构出具", "诊断明确，盖有医疗机构印章", "到就诊医院病案室申请复印"},
    {"disability_certificate", "由区残联核发", "残疾类别和等级与申请一致；在有效期内",
     "到户籍所在地街镇社区事务受理服务中心申请补办"},
    {"veteran_certificate", "由部队或退役军人事务部门核发", "姓名、身份证号与申请人一致", "到区退役军人事务局申请出具证明"},
    {"union_certificate", "由所在工会组织出具", "会员信息与申请一致", "向基层工会申请补开证明"},
    {"financial_statement", "财务报表由企业编制，审计报告由会计师事务所出具", "报表期间符合申报要求；审计报告加盖会计师事务所公章",
     "向会计师事务所申请补发副本"},
    {"rd_document", "由企业研发部门整理", "研发项目的立项、经费、人员资料完整", "由企业重新整理"},
    {"ip_certificate", "由国家知识产权局等机关颁发", "权利人为申请单位；权利在有效期内",
     "可在国家知识产权局网站打印电子证书或查询结果"},
    {"invoice", "交易时由销售方开具", "发票真实有效，可在全国增值税发票查验平台查验", "请开票方提供记账联复印件并加盖公章"},
    {"vehicle_document", "由车辆管理所或海事管理机构核发", "车辆（船舶）信息与申请一致；检验合格", "向原发证机关申请补领"},
    {"other", "由申请人按本事项要求准备，格式可参考“一网通办”上的示范文本", "内容真实完整，与申请事项相关，签字或盖章齐全",
     "重新准备，或向出具单位申请补开"},
};

const CategoryText& category_text(string_view id) {
  for (const auto& c : kCategories)
    if (c.id == id) return c;
  return kCategories[std::size(kCategories) - 1];
}

// Categories whose documents expire, with the usual lapse an applicant runs into.
bool expires(string_view category) {
  static constexpr string_view kExpiring[] = {"id_card",        "legal_rep_id",   "health_certificate",
                                              "inspection_report", "tax_clearance", "income_proof",
                                              "residence_proof", "social_insurance_record", "fund_proof",
                                              "financial_statement", "medical_record", "licence_certificate"};
  return std::find(std::begin(kExpiring), std::end(kExpiring), category) != std::end(kExpiring);
}

// Document-number abbreviations and city counterparts per department.
struct DepartmentText {
  string_view id, district_abbr, city_abbr, city_issuer;
};

constexpr DepartmentText kDepartments[] = {
    {"scjg", "宝市监规", "沪市监规范", "上海市市场监督管理局"},
    {"rsj", "宝人社规", "沪人社规", "上海市人力资源和社会保障局"},
    {"wjw", "宝卫健规", "沪卫规", "上海市卫生健康委员会"},
    {"sthjj", "宝环规", "沪环规", "上海市生态环境局"},
    {"whlyj", "宝文旅规", "沪文旅规", "上海市文化和旅游局"},
    {"jsglw", "宝建管规", "沪建规范", "上海市住房和城乡建设管理委员会"},
    {"swei", "宝商务规", "沪商规", "上海市商务委员会"},
    {"jw", "宝经规", "沪经信规", "上海市经济和信息化委员会"},
    {"kw", "宝科规", "沪科规", "上海市科学技术委员会"},
    {"sjj", "宝数据规", "沪数据规", "上海市数据局"},
    {"swj", "宝税规", "沪税规", "国家税务总局上海市税务局"},
    {"mzj", "宝民规", "沪民规", "上海市民政局"},
    {"ghzyj", "宝规划资源规", "沪规划资源规", "上海市规划和自然资源局"},
    {"fgj", "宝房规", "沪房规范", "上海市房屋管理局"},
    {"jyj", "宝教规", "沪教委规", "上海市教育委员会"},
    {"yjglj", "宝应急规", "沪应急规", "上海市应急管理局"},
    {"gaj", "宝公规", "沪公规", "上海市公安局"},
    {"jtw", "宝交规", "沪交规", "上海市交通委员会"},
    {"shwj", "宝水规", "沪水务规", "上海市水务局"},
    {"lhsrj", "宝绿容规", "沪绿容规", "上海市绿化和市容管理局"},
    {"nyw", "宝农规", "沪农委规", "上海市农业农村委员会"},
    {"tyjrj", "宝退役规", "沪退役军人规", "上海市退役军人事务局"},
    {"ybj", "宝医保规", "沪医保规", "上海市医疗保障局"},
    {"sfj", "宝司规", "沪司规", "上海市司法局"},
    {"zgh", "宝工规", "沪工规", "上海市总工会"},
    {"cl", "宝残联规", "沪残联规", "上海市残疾人联合会"},
    {"xfjy", "宝消规", "沪消规", "上海市消防救援总队"},
    {"fgw", "宝发改规", "沪发改规", "上海市发展和改革委员会"},
    {"mfb", "宝民防规", "沪民防规", "上海市民防办公室"},
};

DepartmentText department_text(string_view id) {
  for (const auto& d : kDepartments)
    if (d.id == id) return d;
  return {id, "宝府办规", "沪府办规", "上海市人民政府办公厅"};
}

// Industries an applicant of a department's items is likely in, for anonymised enterprise names.
std::vector<string_view> industries(string_view dept) {
  static const std::unordered_map<string_view, std::vector<string_view>> kByDept = {
      {"scjg", {"餐饮管理", "商贸", "食品", "医药连锁", "贸易"}},
      {"wjw", {"医疗管理", "健康管理", "美容美发", "酒店管理"}},
      {"jsglw", {"建设工程", "建筑装饰工程", "市政工程", "燃气"}},
      {"jtw", {"物流", "运输", "汽车服务", "船务"}},
      {"jw", {"智能科技", "新材料", "机器人", "精密机械", "工业互联网"}},
      {"kw", {"生物科技", "信息技术", "智能科技", "新材料"}},
      {"fgw", {"能源科技", "实业", "投资发展"}},
      {"sjj", {"数据科技", "信息技术", "软件"}},
      {"swei", {"商贸", "供应链管理", "电子商务", "酒业"}},
      {"sthjj", {"环保科技", "化工", "金属制品"}},
      {"whlyj", {"文化传播", "旅行社", "演艺", "网络科技"}},
      {"ghzyj", {"置业", "房地产开发", "建设发展"}},
      {"fgj", {"物业管理", "房地产开发", "置业"}},
      {"shwj", {"餐饮管理", "环保科技", "水务工程"}},
      {"lhsrj", {"广告", "园林绿化", "环境工程"}},
      {"yjglj", {"化工", "危险品运输", "仓储"}},
      {"rsj", {"人力资源", "科技", "实业"}},
  };
  auto it = kByDept.find(dept);
  if (it != kByDept.end()) return it->second;
  return {"科技", "实业", "企业管理咨询"};
}

constexpr string_view kSurnames[] = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
                                     "朱", "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许",
                                     "韩", "冯", "邓", "曹", "彭", "曾", "沈", "顾", "陆", "蒋", "蔡", "钱", "施"};
constexpr string_view kStreets[] = {"友谊路街道", "吴淞街道", "张庙街道", "庙行镇", "淞南镇", "高境镇",
                                    "大场镇",     "杨行镇",   "顾村镇",   "罗店镇", "罗泾镇", "月浦镇"};

// ---- an item as the generator reads it -----------------------------------------------------------

struct ItemText {
  const defs::Item* item = nullptr;
  string official;  // the name without a trailing 办理: 残疾人证办理 → 残疾人证
  string spoken;    // the colloquial stem: 燃气经营许可（延续） → 燃气经营许可延续
  std::vector<string> names;  // spoken + aliases, distinct
  string dept;                // 区残联
  std::vector<const defs::Material*> required, conditional;
  const defs::Material* authorization = nullptr;
  const defs::Material* application = nullptr;
  std::vector<const defs::Material*> exempt;  // e-licences or shared data: not submitted again
  std::vector<const defs::Question*> situations;  // questions other than by_agent
  bool person = false, enterprise = false;
  bool street_centres = false;  // accepted at every street's 社区事务受理服务中心
  bool site_check = false;
  bool saturday = false;
  bool paid = false;
  string stem;  // the name before a trailing （变更）/（延续）/（注销）/（新办）, for siblings
};

string spoken_name(string_view name) {
  static constexpr std::pair<string_view, string_view> kFolds[] = {
      {"（变更）", "变更"}, {"（延续）", "延续"}, {"（注销）", "注销"}, {"（新办）", "新办"}};
  for (const auto& [paren, word] : kFolds) {
    if (name.ends_with(paren)) {
      auto base = name.substr(0, name.size() - paren.size());
      return word == "新办" ? fmt::format("新办{}", base) : fmt::format("{}{}", base, word);
    }
  }
  if (name.ends_with("）")) {
    auto open = name.rfind("（");
    if (open != string_view::npos && open > 0) name = name.substr(0, open);
  }
  for (auto suffix : {string_view("办理"), string_view("申请"), string_view("申报")}) {
    auto stripped = strip_suffix(name, suffix);
    if (stripped.size() < name.size() && stripped.size() >= 6) return string(stripped);
  }
  return string(name);
}

ItemText read_item(const defs::Item& item, const GenerateOptions& o) {
  ItemText t;
  t.item = &item;
  auto official = strip_suffix(item.name, "办理");
  t.official = string(official.size() >= 6 ? official : string_view(item.name));
  t.spoken = spoken_name(item.name);
  t.names.push_back(t.spoken);
  for (const auto& a : item.aliases)
    if (std::find(t.names.begin(), t.names.end(), a) == t.names.end()) t.names.push_back(a);
  auto d = o.department_names.find(item.department.id);
  t.dept = d != o.department_names.end() ? d->second : item.department.id;
  for (const auto& m : item.materials) {
    (m.when ? t.conditional : t.required).push_back(&m);
    if (m.category.id == "authorization") t.authorization = &m;
    if (m.category.id == "application_form" && !t.application) t.application = &m;
    if (o.licence_categories.contains(m.category.id) || contains(m.note, "免于提交")) t.exempt.push_back(&m);
  }
  for (const auto& q : item.questions)
    if (q.id != "by_agent") t.situations.push_back(&q);
  t.person = item.audience != defs::Audience::enterprise;
  t.enterprise = item.audience != defs::Audience::person;
  t.street_centres = contains(item.guide.location, "各街镇") || contains(item.guide.location, "通办");
  for (const auto& step : item.guide.process)
    if (contains(step, "现场")) t.site_check = true;
  t.saturday = contains(item.guide.hours, "周六");
  t.paid = !item.guide.fee.empty() && item.guide.fee != "不收费";
  auto paren = item.name.rfind("（");
  t.stem = paren != string::npos && item.name.ends_with("）") ? item.name.substr(0, paren) : item.name;
  return t;
}

string audience_text(defs::Audience a) {
  switch (a) {
    case defs::Audience::person: return "自然人（个人）";
    case defs::Audience::enterprise: return "法人和其他组织（企业、社会组织等）";
    case defs::Audience::both: return "自然人、法人和其他组织";
  }
  return "";
}

string material_line(const defs::Material& m) {
  string s = fmt::format("{}：{}{}份", m.name, defs::label(m.type), m.count);
  if (!m.note.empty()) s += fmt::format("，{}", m.note);
  if (m.when) s += fmt::format("（{}）", m.reason.empty() ? "特定情形下提交" : m.reason);
  return s;
}

// A sentence to embed in another: without its final 。
string_view clause(string_view s) { return strip_suffix(s, "。"); }

string material_list(const ItemText& t) {
  std::vector<string> lines;
  for (const auto& m : t.item->materials) lines.push_back(material_line(m));
  return numbered(lines);
}

string time_text(const defs::Item& i) {
  if (i.promised_days <= 1 && i.statutory_days <= 1) return "即来即办，材料齐全、符合要求的当场或1个工作日内办结";
  if (i.promised_days <= 1)
    return fmt::format("法定办结时限为{}个工作日，本区承诺即来即办，材料齐全的1个工作日内办结", i.statutory_days);
  if (i.promised_days >= i.statutory_days)
    return fmt::format("办结时限为{}个工作日", i.statutory_days);
  return fmt::format("法定办结时限为{}个工作日，本区承诺{}个工作日内办结，比法定时限压缩{}%", i.statutory_days,
                     i.promised_days, (i.statutory_days - i.promised_days) * 100 / i.statutory_days);
}

string ways_text(const defs::Guide& g) {
  if (g.online && g.offline) return "网上办理、窗口办理均可";
  if (g.online) return "全程网上办理";
  return "窗口办理";
}

string process_step(const ItemText& t, string_view step) {
  const auto& g = t.item->guide;
  if (step == "申请")
    return g.online ? fmt::format("申请：通过上海“一网通办”（含“随申办”App）在线提交，或到{}提交申请材料", g.location)
                    : fmt::format("申请：到{}提交申请材料", g.location);
  if (step == "受理")
    return fmt::format("受理：{}查验材料，齐全且符合法定形式的予以受理；不齐全的，一次性告知需要补正的全部内容", t.dept);
  if (contains(step, "现场核查")) return fmt::format("{}：对申请材料进行审查，并到现场核查场所、设施与申请材料是否一致", step);
  if (step == "审查" || step == "审核") return fmt::format("{}：对申请材料和申请条件进行审查", step);
  if (step == "决定") return "决定：作出准予或不予的决定；不予的，书面说明理由并告知复议、诉讼的权利";
  if (step == "制证送达") return "制证送达：制作证件，可窗口领取或免费邮寄，同步发放电子证照";
  if (step == "送达") return "送达：通过窗口领取、邮寄或“一网通办”在线送达办理结果";
  if (step == "公示") return "公示：审核结果按规定公示，公示期间无异议的进入下一步";
  if (step == "发放") return "发放：资金按规定发放至申请人登记的银行账户";
  if (step == "确认") return "确认：对符合条件的予以确认并出具结果";
  if (step == "办理") return "办理：工作人员按规定办理";
  if (step == "办结") return "办结：办理完成，结果可在“我的办件”中查看";
  return string(step);
}

// "申请人民调解申请" → "提交人民调解申请": templates put 申请 before names that already end with it.
void fix_verb(string& text, const string& official) {
  if (!official.ends_with("申请") && !official.ends_with("申报")) return;
  auto wrong = "申请" + official;
  auto right = "提交" + official;
  for (auto at = text.find(wrong); at != string::npos; at = text.find(wrong, at + right.size()))
    text.replace(at, wrong.size(), right);
}

// ---- entries -------------------------------------------------------------------------------------

struct Generator {
  const GenerateOptions& o;
  std::vector<Entry> out;

  // Content timestamps: created `age` days before today; published the same day or a little later.
  Entry& add(string code, EntryType type, string title, string body, string department, std::vector<string> items,
             Rng& r, EntryStatus status = EntryStatus::published, int age = -1, string updated_by = "editor.demo") {
    Entry e;
    e.code = std::move(code);
    e.content.type = type;
    e.content.title = std::move(title);
    e.content.body = std::move(body);
    e.content.department = std::move(department);
    e.content.items = std::move(items);
    e.status = status;
    e.version = 1;
    if (age < 0) age = r.between(3, 400);
    auto created = add_days(o.today, -age);
    int minute = r.between(60, 9 * 60);  // 09:00–17:00 in Shanghai is 01:00–09:00 UTC
    e.created_at = timestamp(created, minute);
    e.updated_at = e.created_at;
    if (status == EntryStatus::published || status == EntryStatus::retired) {
      auto published = add_days(created, std::min(age, r.between(0, 3)));
      e.published_at = timestamp(published, minute + 30);
      e.updated_at = e.published_at;
    }
    e.updated_by = std::move(updated_by);
    out.push_back(std::move(e));
    return out.back();
  }
};

// Mostly published; a few still being written or reviewed, a few retired (superseded wording).
EntryStatus routine_status(Rng& r) {
  int x = r.below(1000);
  if (x < 8) return EntryStatus::draft;
  if (x < 18) return EntryStatus::in_review;
  if (x < 24) return EntryStatus::retired;
  return EntryStatus::published;
}

// 3–8 distinct colloquial variants from `templates`; {n} is any name of the item, {s} the spoken
// stem (for templates that put a verb before it), other keys come from `vars`.
std::vector<string> pick_variants(Rng& r, const ItemText& t, std::initializer_list<string_view> templates,
                                  const Vars& vars, string_view title) {
  std::vector<string> candidates;
  for (auto tpl : templates) {
    Vars v = vars;
    v.emplace_back("n", r.pick(t.names));
    v.emplace_back("s", t.spoken);
    candidates.push_back(fill(tpl, v));
  }
  r.shuffle(candidates);
  auto bare_title = strip_suffix(title, "？");
  std::vector<string> out;
  std::size_t want = static_cast<std::size_t>(r.between(3, 8));
  for (auto& c : candidates) {
    if (out.size() >= want) break;
    if (c == bare_title || std::find(out.begin(), out.end(), c) != out.end()) continue;
    if (r.chance(25)) c += "？";
    out.push_back(std::move(c));
  }
  return out;
}

struct QaWriter {
  Generator& g;
  const ItemText& t;
  Rng& r;
  int n = 0;

  void operator()(std::initializer_list<string_view> titles, std::initializer_list<string_view> variants, string body,
                  Vars vars = {}) {
    vars.emplace_back("o", t.official);
    vars.emplace_back("s", t.spoken);
    auto title = fill(r.pick(titles), vars);
    fix_verb(title, t.official);
    fix_verb(body, t.official);
    auto v = pick_variants(r, t, variants, vars, title);
    auto source = r.chance(12) ? string("12345") : t.dept;
    auto& e = g.add(fmt::format("qa:{}:{}", t.item->code, ++n), EntryType::qa, std::move(title), std::move(body),
                    t.item->department.id, {t.item->code}, r, routine_status(r));
    e.content.variants = std::move(v);
    e.content.source = std::move(source);
  }
};

void add_guide(Generator& g, const ItemText& t) {
  const auto& i = *t.item;
  const auto& gd = i.guide;
  auto r = rng_for(g.o, "guide:" + i.code);
  std::vector<string> steps;
  for (const auto& s : gd.process) steps.push_back(s);
  string body = fmt::format("事项名称：{}\n实施部门：{}\n事项类型：{}\n服务对象：{}\n", i.name, t.dept, i.kind,
                            audience_text(i.audience));
  if (!i.aliases.empty()) body += fmt::format("常用说法：{}\n", join(i.aliases, "、"));
  body += fmt::format("\n一、受理条件\n{}\n\n二、设定依据\n{}\n\n三、申请材料\n{}\n", gd.conditions, gd.basis,
                      material_list(t));
  if (!t.situations.empty()) {
    std::vector<string> qs;
    for (const auto* q : t.situations) qs.push_back(q->text);
    body += fmt::format("\n办理前需确认的情形：{}\n", join(qs, " "));
  }
  body += fmt::format(
      "\n四、办理流程\n{}\n\n五、办理时限\n{}（自受理之次日起按工作日计算）\n\n六、收费标准\n{}\n\n七、办理地点和时间\n{}\n{}"
      "\n\n八、办理方式\n{}{}\n\n九、咨询电话\n{}",
      join(steps, " → "), time_text(i), gd.fee, gd.location, gd.hours, ways_text(gd),
      i.online_help ? "；提供在线帮办" : "", gd.phone);
  auto& e = g.add("guide:" + i.code, EntryType::guide, i.name + "办事指南", std::move(body), i.department.id,
                  {i.code}, r, EntryStatus::published, r.between(200, 500));
  e.content.source = "上海市政务服务事项目录（" + t.dept + "）";
}

void add_item_qas(Generator& g, const ItemText& t, const std::vector<const ItemText*>& siblings) {
  const auto& i = *t.item;
  const auto& gd = i.guide;
  auto r = rng_for(g.o, "qa:" + i.code);
  QaWriter qa{g, t, r};

  // Materials.
  {
    string body = fmt::format("办理{}需准备以下材料：\n{}", t.official, material_list(t));
    if (!t.exempt.empty()) {
      std::vector<string> names;
      for (const auto* m : t.exempt) names.push_back(m->name);
      body += fmt::format("\n\n其中{}可通过电子证照库或部门间信息共享调取，无需重复提交。", join(names, "、"));
    }
    if (!t.conditional.empty()) body += "\n\n标有情形说明的材料仅在相应情形下提交，网上申请时系统会根据您的回答自动生成材料清单。";
    body += fmt::format("\n\n材料以{}一次性告知为准；可在“一网通办”本事项页面下载申请表和填写样表。", t.dept);
    qa({"办理{o}需要哪些材料？", "申请{o}要准备哪些材料？", "{o}的申请材料有哪些？"},
       {"办{s}要带啥", "{n}需要什么材料", "{n}要准备哪些东西", "去办{s}带什么证件", "{n}材料清单",
        "{n}需要什么资料啊", "{n}都要交些什么", "{n}要提供哪些证明", "第一次办{s}要准备什么", "{n}要带哪些材料过去"},
       std::move(body));
  }
  // Time limits.
  qa({"{o}要多久能办好？", "办理{o}需要多长时间？", "{o}的办理时限是多久？"},
     {"{n}多久下来", "{n}几天能办好", "{n}要等多久", "{s}办下来要几天", "{n}审批时间多长", "{n}什么时候能拿到",
      "{n}最快多久", "{n}能加急吗", "{n}要几个工作日"},
     fmt::format("{}：{}。\n\n时限自受理之次日起按工作日计算，法定节假日不计入；需要补正材料的，补正期间不计入办理时限{}。"
                 "提交后可在“一网通办”“我的办件”中随时查看进度。",
                 t.official, time_text(i), t.site_check ? "，现场核查发现问题整改的期间同样不计入" : ""));
  // Fee.
  qa({"{o}收费吗？", "办理{o}要交费吗？"},
     {"{n}要钱吗", "{n}收不收费", "办{s}要花多少钱", "{n}需要交钱吗", "{n}费用多少", "{n}有没有工本费", "{s}免费吗"},
     t.paid ? fmt::format("收费标准：{}。费用按国家和本市规定的标准收取，可在线支付或在窗口刷卡缴纳，不收取标准以外的任何费用。", gd.fee)
            : fmt::format("{}不收费，办理过程中不收取任何费用。如有人以“代办”“加急”等名义收费，请勿轻信，可拨打12345反映。",
                          t.official));
  // Place and online.
  {
    string online = gd.online ? "可以网上办理：登录上海“一网通办”或打开“随申办”App搜索“" + t.spoken +
                                    "”，在线填写并上传材料，进度和结果都能在线查看，除需要核验原件的情形外不用跑窗口。"
                              : "本事项暂不支持全程网上办理，可在“一网通办”上查看办事指南、下载表格并预约，再到窗口提交。";
    string place = gd.offline ? fmt::format("窗口办理：{}，{}。", gd.location, gd.hours) : "本事项不设窗口受理。";
    qa({"{o}在哪里办？能网上办吗？", "去哪里办理{o}？可以在网上申请吗？"},
       {"{n}去哪办", "{n}在哪个窗口", "{n}可以网上办吗", "{s}要跑现场吗", "{n}能不能在手机上办", "{n}办理地点在哪",
        "{n}一定要去窗口吗", "{n}可以在随申办上办吗", "{n}归哪个部门管"},
       fmt::format("{}由{}负责办理。\n\n{}\n\n{}", t.official, t.dept, place, online));
  }
  // Hours.
  qa({"{o}的办理时间是什么时候？周末能办吗？", "{o}窗口几点上班？"},
     {"{n}周六能办吗", "{n}几点上班", "{n}中午办不办", "{n}周末可以去吗", "下班后能办{s}吗", "{n}节假日办不办",
      "{n}窗口几点关门"},
     fmt::format("{}的办理时间：{}。\n\n法定节假日不对外受理。{}{}", gd.location, gd.hours,
                 t.saturday ? "周六上午的延时服务可以办理收件和受理。" : "",
                 gd.online ? "网上申请全天可以提交，工作时间内受理。" : ""));
  // Agent.
  if (t.authorization) {
    qa({"代办{o}需要什么？", "可以委托别人代办{o}吗？"},
       {"{n}能找人代办吗", "家里人能帮我办{s}吗", "{n}本人不去可以吗", "代办{s}要带什么", "{n}可以委托办理吗",
        "没空去办{s}，让别人去行吗", "{n}委托书怎么写", "{n}代理人要带什么"},
       fmt::format("可以委托他人代为办理。除本事项的其他材料外，还须提交{}（{}）。\n\n授权委托书应写明委托人和受托人的姓名、"
                   "身份证件号码，委托事项“{}”、委托权限和期限，由委托人签字{}；代理人办理时携带本人身份证件原件。"
                   "委托书样本可在“一网通办”本事项页面下载。",
                   t.authorization->name, t.authorization->reason.empty() ? "委托办理时提交" : t.authorization->reason,
                   i.name, t.enterprise ? "或加盖单位公章" : ""));
  }
  // Conditions.
  qa({"申请{o}需要符合什么条件？", "哪些人可以申请{o}？", "{o}的受理条件是什么？"},
     {"{n}有什么要求", "我能不能办{s}", "{n}申请条件是什么", "什么情况下可以办{s}", "{n}门槛高吗",
      t.person ? "外地户口能办{s}吗" : "刚成立的公司能办{s}吗", t.enterprise ? "个体户能办{s}吗" : "退休了还能办{s}吗"},
     fmt::format("受理条件：{}\n\n服务对象：{}。本事项属于{}，由{}实施。", gd.conditions, audience_text(i.audience), i.kind,
                 t.dept));
  // Process.
  {
    std::vector<string> steps;
    for (const auto& s : gd.process) steps.push_back(process_step(t, s));
    qa({"{o}的办理流程是怎样的？", "{o}怎么办理？"},
       {"{n}怎么办", "{n}流程", "{n}步骤有哪些", "{n}第一步做什么", "{s}怎么操作", "{n}要走哪些程序", "{n}手续怎么走"},
       fmt::format("{}的办理流程：\n{}\n\n{}。", t.official, numbered(steps), time_text(i)));
  }
  // Basis.
  qa({"{o}的办理依据是什么？", "{o}依据哪些法规？"},
     {"{n}依据哪个文件", "{n}是根据什么规定办的", "{n}法律依据", "{n}按哪个政策", "{n}有什么法规规定"},
     fmt::format("设定依据：{}。\n\n本事项为{}，实施机关为{}。法规的适用说明可在知识库“法规”栏目查阅。", gd.basis, i.kind,
                 t.dept));
  // Phone.
  qa({"{o}的咨询电话是多少？", "对{o}有疑问找谁咨询？"},
     {"{n}打什么电话问", "{n}有问题找谁", "{n}咨询热线", "{n}不懂可以问谁", "{n}电话多少"},
     fmt::format("咨询电话：{}。也可以在“一网通办”上向小宝提问{}，或在工作时间到{}咨询。", gd.phone,
                 i.online_help ? "、申请在线帮办由工作人员一对一指导" : "", gd.location));
  // Lost materials.
  {
    std::vector<string> lines;
    for (const auto& m : i.materials) {
      if (m.category.id == "application_form") continue;
      lines.push_back(fmt::format("{}：{}", m.name, category_text(m.category.id).lost));
    }
    if (!lines.empty())
      qa({"办理{o}的材料丢了怎么办？", "{o}需要的证件遗失了还能办吗？"},
         {"{n}材料丢了咋办", "{n}证件找不到了还能办吗", "{s}的材料不见了怎么办", "{n}东西弄丢了", "{n}原件丢了怎么补",
          "{n}证明丢了"},
         fmt::format("办理{}的材料遗失的，按以下方式处理：\n{}\n\n材料补齐前也可以先提交申请，窗口会一次性告知需要补正的内容。",
                     t.official, numbered(lines)));
  }
  // Progress.
  qa({"申请{o}后怎么查进度？", "{o}提交后在哪里查办理进度？"},
     {"{n}办到哪一步了", "{n}进度在哪查", "{n}怎么看审批结果", "{n}提交了没消息", "{n}查询办理状态", "{n}审到哪了"},
     fmt::format("提交后可在“一网通办”{}空间或“随申办”App的“我的办件”中查看{}的办理进度，状态变化会通过短信和App消息提醒。"
                 "承诺时限为{}个工作日，超过时限仍未办结的，可拨打{}或向{}查询。",
                 t.enterprise && !t.person ? "法人" : "个人", t.official, i.promised_days, gd.phone, t.dept));
  // Result.
  {
    string how;
    if (i.kind == "行政给付" || i.kind == "行政奖励")
      how = "审核通过后，资金按规定发放至申请时登记的银行账户，发放结果会短信告知，也可在“我的办件”中查看。";
    else if (i.kind == "行政许可" || i.kind == "行政确认")
      how = "办结后可选择窗口领取或免费邮寄送达；已实现电子证照的同步发放电子证照，可在“随申办”亮证使用。";
    else
      how = "办理结果会通过短信告知，可在“我的办件”中查看和下载办结文书；需要纸质结果的可到窗口领取。";
    qa({"{o}办好后怎么领取结果？", "{o}的办理结果怎么拿？"},
       {"{n}办好了去哪拿", "{n}结果什么时候领", "{n}能邮寄吗", "{n}结果怎么通知我", "{n}批下来怎么拿", "{n}要自己去取吗"},
       std::move(how));
  }
  // Correction.
  {
    std::vector<string> common;
    for (const auto& m : i.materials)
      if (!m.note.empty()) common.push_back(fmt::format("{}：{}", m.name, m.note));
    qa({"{o}材料不全被退回怎么办？", "办理{o}需要补正材料怎么办？"},
       {"{n}被退件了", "{n}让补材料怎么补", "{n}补正要多久", "{n}材料不合格怎么办", "{n}被打回来了", "{n}补件在哪里交"},
       fmt::format("材料不全或不符合法定形式的，{}会一次性告知需要补正的全部内容。按告知内容补齐后，在“我的办件”中上传补正材料"
                   "或到窗口提交即可，不用重新申请；补正期间不计入{}个工作日的承诺时限。{}",
                   t.dept, i.promised_days,
                   common.empty() ? "" : "\n\n常见的补正原因：\n" + numbered(common)));
  }
  // Exempt materials.
  if (!t.exempt.empty()) {
    std::vector<string> names;
    for (const auto* m : t.exempt) names.push_back(m->name);
    qa({"办理{o}哪些材料可以免交？", "{o}可以用电子证照吗？"},
       {"{n}营业执照还要交吗", "{n}能不能少交材料", "{n}电子证照能用吗", "{n}哪些不用带", "{n}免提交材料",
        "{n}证照要不要复印"},
       fmt::format("办理{}时，{}已纳入电子证照库或可通过部门间信息共享获取，经申请人授权后由系统自动调取核验，免于提交纸质材料和复印件"
                   "（“两个免于提交”）。其余材料仍需按清单提交。",
                   t.official, join(names, "、")));
  }
  // Online help.
  if (i.online_help) {
    qa({"办理{o}有人帮办吗？", "{o}网上申请不会操作怎么办？"},
       {"{n}不会填怎么办", "{n}有没有人指导", "{n}网上办不会操作", "{s}可以找人帮忙吗", "{n}帮办怎么申请",
        "{n}能视频指导吗"},
       fmt::format("本事项提供在线帮办。在“一网通办”办理{}时点击“帮办”，{}工作人员会通过文字、语音或视频一对一指导填写和上传材料；"
                   "也可以到{}的帮办窗口现场求助。",
                   t.official, t.dept, gd.location));
  }
  // Nearby.
  if (t.street_centres) {
    qa({"{o}可以在家附近办吗？", "{o}能就近办理吗？"},
       {"{n}能在街道办吗", "{n}不在户籍地能办吗", "{n}就近办", "{n}哪个社区中心都能办吗", "{n}在镇上能办吗"},
       fmt::format("可以。{}在{}受理，全区通办：可选择任一街镇社区事务受理服务中心就近办理，不受户籍地、居住地限制。", t.official,
                   gd.location));
  }
  // Appointment.
  qa({"办理{o}需要预约吗？"},
     {"{n}要预约吗", "{n}能不能直接去", "{n}怎么预约", "{n}排队久吗", "{n}去了要排多久"},
     fmt::format("窗口办理可提前在“一网通办”或“随申办”预约，按预约时段到{}取号办理；未预约的也可以现场取号，高峰时段可能需要等候。{}",
                 gd.location, gd.online ? "网上申请不需要预约。" : ""));
  // Site check.
  if (t.site_check) {
    std::vector<string> what{"场所地址与申请一致"};
    for (const auto& m : i.materials) {
      if (m.category.id == "floor_plan") what.push_back("功能布局与平面图一致");
      if (m.category.id == "equipment_list") what.push_back("设备设施与清单一致");
      if (m.category.id == "staff_qualification") what.push_back("专业人员在岗");
      if (m.category.id == "management_system") what.push_back("管理制度上墙并落实");
    }
    qa({"{o}需要现场核查吗？", "{o}的现场核查看什么？"},
       {"{n}要上门检查吗", "{n}会来现场看吗", "{n}现场核查查什么", "{n}踏勘要准备什么", "{n}现场检查不通过怎么办"},
       fmt::format("需要。受理后，{}会提前电话约定时间，派两名以上工作人员到现场核查：{}。现场与材料不一致的，可以整改后申请复查，"
                   "整改期间不计入承诺时限。",
                   t.dept, join(what, "，")));
  }
  // Redress.
  if (i.kind != "公共服务") {
    qa({"对{o}的结果不服怎么办？", "{o}没有通过怎么办？"},
       {"{n}没批下来怎么办", "{n}被拒了能申诉吗", "{n}不通过怎么办", "{n}结果不满意", "{n}不予受理怎么办"},
       fmt::format("{}作出不予受理或不予{}决定的，会书面说明理由。对决定不服的，可以自知道该决定之日起60日内向宝山区人民政府申请行政复议，"
                   "或者自知道之日起6个月内向人民法院提起行政诉讼。也可以先拨打{}了解未通过的具体原因，条件具备后重新申请。",
                   t.dept, i.kind == "行政许可" ? "许可" : "通过", gd.phone));
  }
  // What it is.
  qa({"什么是{o}？", "{o}是办什么的？"},
     {"{n}是什么", "{n}是干嘛的", "什么情况要办{s}", "{n}是哪个部门的事"},
     fmt::format("{}是{}实施的{}事项，服务对象为{}。\n\n{}\n\n{}；{}。", i.name, t.dept, i.kind, audience_text(i.audience),
                 gd.conditions, time_text(i), t.paid ? "收费标准：" + gd.fee : string("不收费")));
  // Withdraw.
  qa({"{o}提交后可以撤回吗？"},
     {"{n}提交错了怎么撤", "{n}不想办了能撤回吗", "{n}申请能取消吗", "{n}交错材料了"},
     fmt::format("作出决定前可以撤回：在“我的办件”中找到{}的申请，点击“撤回”并填写原因；窗口办理的可到{}书面申请撤回。"
                 "撤回后需要办理的，重新提交申请即可，已提交的电子材料可再次使用。",
                 t.official, gd.location));
  // Complaint and rating.
  qa({"{o}办理超时或服务不满意怎么投诉？"},
     {"{n}超时了找谁", "{n}投诉电话", "{n}怎么评价", "{n}太慢了", "{n}好差评在哪"},
     fmt::format("{}承诺{}个工作日内办结。超过承诺时限或对服务不满意的，可拨打12345市民服务热线反映，或在“一网通办”“我的办件”中"
                 "对本次办理作出“好差评”评价，差评会由{}限期整改并回访。",
                 t.official, i.promised_days, t.dept));
  // Siblings (新办/变更/延续/注销).
  if (siblings.size() > 1 && siblings.front() == &t) {
    std::vector<string> lines;
    std::vector<string> codes;
    for (const auto* s : siblings) {
      lines.push_back(fmt::format("{}：{}，承诺{}个工作日", s->item->name, s->dept, s->item->promised_days));
      codes.push_back(s->item->code);
    }
    auto title = fill(r.pick({string_view("{stem}的新办、变更、延续和注销分别怎么办？"),
                              string_view("{stem}有哪些相关事项？")}),
                      {{"stem", t.stem}});
    auto body = fmt::format("与{}相关的事项：\n{}\n\n请根据要办的业务选择对应事项，各事项的材料和流程见其办事指南。", t.stem,
                            numbered(lines));
    auto v = pick_variants(r, t, {"{stem}到期了怎么续", "{stem}要变更怎么办", "{stem}不做了怎么注销", "{stem}延期",
                                  "{stem}信息变了要重新办吗", "{stem}怎么换证"},
                           {{"stem", t.stem}}, title);
    auto& e = g.add(fmt::format("qa:{}:{}", i.code, ++qa.n), EntryType::qa, std::move(title), std::move(body),
                    i.department.id, std::move(codes), r, EntryStatus::published);
    e.content.variants = std::move(v);
    e.content.source = t.dept;
  }
  // Situations.
  for (const auto* q : t.situations) {
    std::vector<string> lines;
    for (const auto* m : t.conditional) {
      if (contains(m->when->source, "answers." + q->id))
        lines.push_back(fmt::format("{}（{}）", m->name, m->reason.empty() ? "按情形提交" : m->reason));
    }
    auto clause = question_clause(q->text);
    string body = fmt::format("办理{}时会询问：“{}”", t.official, q->text);
    if (!q->help.empty()) body += fmt::format("（{}）", q->help);
    body += "。\n\n";
    body += lines.empty() ? "这个情形影响后续审查，请如实选择。"
                          : "根据回答，可能需要增加以下材料：\n" + numbered(lines);
    body += "\n\n网上申请时，系统会根据您的回答自动调整材料清单。";
    if (q->type == defs::QuestionType::boolean) {
      qa({"办理{o}时，如果{c}，需要额外准备什么？"},
         {"{c}的话办{s}要什么材料", "{c}，{n}还要交啥", "{c}的话{n}有什么不同", "{c}怎么办{s}", "办{s}时{c}要注意什么"},
         std::move(body), {{"c", clause}});
    } else {
      qa({"办理{o}时，“{c}”怎么选？材料有什么不同？"},
         {"{n}的“{c}”怎么选", "{n}选项怎么填", "{n}不同情况材料一样吗", "{n}这个问题怎么回答"}, std::move(body), {{"c", clause}});
    }
  }
  // Each material: requirements, where to get it, what if it is lost.
  for (const auto& m : i.materials) {
    const auto& ct = category_text(m.category.id);
    string spec = fmt::format("“{}”是办理{}的{}材料：{}{}份", m.name, t.official, m.when ? "情形" : "必交",
                              defs::label(m.type), m.count);
    if (!m.note.empty()) spec += fmt::format("，{}", m.note);
    spec += "。";
    if (m.when) spec += fmt::format("提交情形：{}。", m.reason.empty() ? "按情形提交" : m.reason);
    spec += fmt::format("\n\n要求：{}。", ct.check);
    if (m.type == defs::MaterialType::copy) spec += "复印件应清晰完整，窗口可能要求核对原件。";
    if (m.type == defs::MaterialType::electronic) spec += "网上申请时上传清晰的PDF或JPG文件。";
    if (std::find(t.exempt.begin(), t.exempt.end(), &m) != t.exempt.end())
      spec += "\n\n该材料可通过电子证照库或共享数据调取，免于提交。";
    qa({"办理{o}的“{m}”有什么要求？", "{o}需要的{m}要原件还是复印件？"},
       {"{n}的{m}要原件还是复印件", "办{s}的{m}要几份", "{n}{m}有什么格式要求", "{n}的{m}怎么准备",
        "办{s}的{m}需要盖章吗", "{n}的{m}复印件可以吗", "{n}的{m}有啥要求"},
       std::move(spec), {{"m", m.name}});
    qa({"办理{o}所需的“{m}”去哪里开具？", "{o}的{m}怎么获取？"},
       {"办{s}的{m}在哪开", "{n}的{m}怎么弄", "办{s}没有{m}怎么办", "{n}要的{m}从哪里拿", "{n}的{m}哪里可以办",
        "{n}的{m}去哪里开"},
       fmt::format("{}：{}。\n\n准备好后与其他材料一并提交；网上申请的上传扫描件或照片。", m.name, ct.obtain),
       {{"m", m.name}});
    qa({"办理{o}的“{m}”丢了怎么办？", "{m}遗失了还能办{o}吗？"},
       {"办{s}的{m}丢了", "{n}的{m}找不到了", "{m}遗失了还能办{s}吗", "{n}的{m}弄丢了咋整", "{n}的{m}怎么补办",
        "{n}的{m}不见了"},
       fmt::format("{}遗失的：{}。{}", m.name, ct.lost,
                   contains(m.note, "遗失") ? fmt::format("办理{}时，原件遗失的可提交遗失声明。", t.official) : ""),
       {{"m", m.name}});
  }
}

void add_review_points(Generator& g, const ItemText& t) {
  const auto& i = *t.item;
  auto r = rng_for(g.o, "review:" + i.code);
  int n = 0;
  auto staff = "clerk." + i.department.id;
  auto add = [&](string title, string body) {
    auto& e = g.add(fmt::format("review:{}:{}", i.code, ++n), EntryType::review_point, std::move(title),
                    std::move(body), i.department.id, {i.code}, r, routine_status(r), -1, staff);
    e.content.visibility = Visibility::staff;
    e.content.source = t.dept + "审批业务规范";
  };

  {
    std::vector<string> points;
    points.push_back(t.enterprise && !t.person
                         ? "申请人主体资格：通过法人库核验登记状态为存续，名称、统一社会信用代码与申请一致"
                         : t.person && !t.enterprise
                               ? "申请人主体资格：核验身份证件，人证比对；按条件核查户籍或居住证"
                               : "申请人主体资格：个人核验身份证件，单位通过法人库核验登记状态");
    points.push_back(fmt::format("申请事项属于{}的职权范围，事项名称与申请表一致", t.dept));
    points.push_back("材料齐全、符合法定形式（见各材料的审查要点）");
    if (i.kind == "行政许可")
      points.push_back("对照法定许可条件逐项审查，不得增设条件或要求法定材料以外的材料");
    else if (i.kind == "行政给付")
      points.push_back("核对享受条件、标准，核查是否已在其他渠道重复享受");
    else if (i.kind == "行政奖励")
      points.push_back("核对申报主体资格，查询公共信用信息，有严重失信记录的不予支持");
    else
      points.push_back("核对申请内容真实完整，与数源数据比对一致");
    add(fmt::format("{}审查要点：受理条件", i.name),
        fmt::format("审查依据：{}\n\n受理条件：{}\n\n审查要点：\n{}\n\n符合条件的当场受理并出具受理通知书；不符合的出具不予受理通知书，"
                    "说明理由并告知复议、诉讼途径。",
                    i.guide.basis, i.guide.conditions, numbered(points)));
  }
  add(fmt::format("{}审查要点：办理时限", i.name),
      fmt::format("{}。\n\n计时规则：\n1. 自受理之次日起按工作日计算，法定节假日不计入，调休上班日计入\n"
                  "2. 补正材料期间不计入，补正材料提交后恢复计时\n3. 需要现场核查、专家评审、公示的，按规定期间计算或扣除，并告知申请人\n"
                  "4. 到期前1个工作日系统预警，超过承诺时限的计入部门考核",
                  time_text(i)));
  if (t.site_check) {
    std::vector<string> points{"核查人员不少于两人，出示执法证件", "场所地址、面积与申请材料一致"};
    for (const auto& m : i.materials) {
      if (m.category.id == "floor_plan") points.push_back("功能分区、布局与平面布局图一致");
      if (m.category.id == "equipment_list") points.push_back("设备设施的名称、数量与清单一致并能正常使用");
      if (m.category.id == "staff_qualification") points.push_back("专业技术人员在岗，与资格证明一致");
      if (m.category.id == "management_system") points.push_back("管理制度上墙并有执行记录");
      if (m.category.id == "fire_safety") points.push_back("消防设施完好，疏散通道畅通");
    }
    points.push_back("填写现场核查记录，申请人签字确认；拍照留档");
    add(fmt::format("{}审查要点：现场核查", i.name),
        fmt::format("现场核查要点：\n{}\n\n现场与材料不一致的，出具整改通知，整改期间不计入办理时限；整改后复查。",
                    numbered(points)));
  }
  if (!t.situations.empty()) {
    std::vector<string> lines;
    for (const auto* q : t.situations) {
      std::vector<string> mats;
      for (const auto* m : t.conditional)
        if (contains(m->when->source, "answers." + q->id)) mats.push_back(m->name);
      lines.push_back(fmt::format("{}{}", q->text, mats.empty() ? "" : "——影响材料：" + join(mats, "、")));
    }
    add(fmt::format("{}审查要点：情形判断", i.name),
        fmt::format("申请人的情形回答决定需要提交的材料，受理时应与材料内容核对：\n{}\n\n情形回答与材料内容不一致的，请申请人更正情形后重新生成材料清单。",
                    numbered(lines)));
  }
  for (const auto& m : i.materials) {
    const auto& ct = category_text(m.category.id);
    std::vector<string> points;
    string check(ct.check);
    std::size_t start = 0;
    while (start <= check.size()) {
      auto end = check.find("；", start);
      points.push_back(check.substr(start, end == string::npos ? string::npos : end - start));
      if (end == string::npos) break;
      start = end + string_view("；").size();
    }
    switch (m.type) {
      case defs::MaterialType::original: points.push_back("核验原件，原件当场退还，留存扫描件"); break;
      case defs::MaterialType::copy: points.push_back("复印件清晰完整，与原件核对一致，由申请人签字或盖章确认"); break;
      case defs::MaterialType::electronic: points.push_back("电子件清晰可辨、内容完整，未经裁剪或涂改"); break;
    }
    if (contains(m.note, "签字或盖章")) points.push_back("签字笔迹或公章名称与申请人一致");
    if (contains(m.note, "免于提交")) points.push_back("优先通过电子证照库调取核验，不得要求申请人另行提交纸质件或复印件");
    if (contains(m.note, "遗失")) points.push_back("原件遗失的，核对遗失声明的内容和发布渠道");
    if (contains(m.note, "白底")) points.push_back("照片为近期白底免冠证件照");
    if (m.when) points.push_back(fmt::format("仅在下列情形提交：{}；先核对申请人的情形回答", m.reason));
    auto common = expires(m.category.id) ? "常见问题：材料已超过有效期，或与申请人信息不一致。"
                                         : "常见问题：信息与申请表不一致，或签章不全。";
    add(fmt::format("{}审查要点：{}", i.name, m.name),
        fmt::format("适用事项：{}（{}）\n审查对象：{}\n\n审查要点：\n{}\n\n{}\n\n处理意见：不符合要求的，一次性告知申请人补正内容并出具补正材料通知书。",
                    i.name, t.dept, material_line(m), numbered(points), common));
  }
}

// ---- historical cases ----------------------------------------------------------------------------

struct Applicant {
  string street;  // where they live or are registered
  string who;    // 王女士 / 上海某餐饮管理有限公司
  string short_;  // 王女士 / 该公司
  string person;  // the person at the window: 王女士 / 经办人陈先生
  bool enterprise = false;
};

Applicant make_applicant(Rng& r, const ItemText& t) {
  Applicant a;
  a.street = r.pick(kStreets);
  auto name = [&] {
    string surname(r.pick(kSurnames));
    return surname + (r.chance(50) ? "先生" : "女士");
  };
  a.enterprise = t.enterprise && (!t.person || r.chance(50));
  if (a.enterprise) {
    a.who = fmt::format("上海某{}有限公司", r.pick(industries(t.item->department.id)));
    a.short_ = "该公司";
    a.person = "经办人" + name();
  } else {
    a.who = fmt::format("{}居民{}", a.street, name());
    a.short_ = a.who.substr(a.who.find("居民") + string_view("居民").size());
    a.person = a.short_;
  }
  return a;
}

struct CaseText {
  string title, body;
  bool staff = false;
};

enum class Scenario {
  missing_material,
  agent_without_authorization,
  e_licence,
  blurry_upload,
  unsigned_form,
  nearby,
  urgent,
  saturday,
  online_help,
  situation,
  lost_original,
  denied,
  site_check,
  complaint,
  expired_document,
  address_mismatch,
};

bool applies(Scenario s, const ItemText& t) {
  const auto& i = *t.item;
  switch (s) {
    case Scenario::missing_material: return t.required.size() >= 2;
    case Scenario::agent_without_authorization: return t.authorization != nullptr;
    case Scenario::e_licence: return !t.exempt.empty();
    case Scenario::blurry_upload: return i.guide.online;
    case Scenario::unsigned_form: return t.application != nullptr && contains(t.application->note, "签字");
    case Scenario::nearby: return t.street_centres;
    case Scenario::urgent: return i.promised_days >= 3;
    case Scenario::saturday: return t.saturday && i.guide.offline;
    case Scenario::online_help: return i.online_help;
    case Scenario::situation: return !t.situations.empty();
    case Scenario::lost_original:
      return std::any_of(i.materials.begin(), i.materials.end(), [](const auto& m) { return contains(m.note, "遗失"); });
    case Scenario::denied: return i.kind != "公共服务";
    case Scenario::site_check: return t.site_check;
    case Scenario::complaint: return i.promised_days >= 2;
    case Scenario::expired_document:
      return std::any_of(i.materials.begin(), i.materials.end(), [](const auto& m) { return expires(m.category.id); });
    case Scenario::address_mismatch:
      return std::any_of(i.materials.begin(), i.materials.end(), [](const auto& m) {
        return m.category.id == "premises_proof" || m.category.id == "lease_contract";
      });
  }
  return false;
}

constexpr Scenario kScenarios[] = {
    Scenario::missing_material, Scenario::agent_without_authorization, Scenario::e_licence,
    Scenario::blurry_upload,    Scenario::unsigned_form,               Scenario::nearby,
    Scenario::urgent,           Scenario::saturday,                    Scenario::online_help,
    Scenario::situation,        Scenario::lost_original,               Scenario::denied,
    Scenario::site_check,       Scenario::complaint,                   Scenario::expired_document,
    Scenario::address_mismatch};

const defs::Material* pick_material(Rng& r, const ItemText& t, auto&& pred) {
  std::vector<const defs::Material*> ms;
  for (const auto& m : t.item->materials)
    if (pred(m)) ms.push_back(&m);
  return ms.empty() ? nullptr : r.pick(ms);
}

CaseText write_case(Scenario s, Rng& r, const ItemText& t, Date on) {
  const auto& i = *t.item;
  const auto& gd = i.guide;
  auto a = make_applicant(r, t);
  auto date = cn_date(on);
  int done = i.promised_days <= 1 ? 1 : r.between(std::max(1, i.promised_days / 2), i.promised_days);
  auto place = !gd.offline         ? string("“一网通办”")
               : t.street_centres ? a.street + "社区事务受理服务中心"
                                  : gd.location;
  CaseText c;
  switch (s) {
    case Scenario::missing_material: {
      const auto* m = pick_material(r, t, [](const defs::Material& m) {
        return !m.when && m.category.id != "application_form";
      });
      if (!m) m = t.required.front();
      int later = r.between(1, 3);
      c.title = fill(r.pick({string_view("{a}申请{o}缺少“{m}”，一次性告知后顺利办结"),
                             string_view("材料缺项：办理{o}未提交“{m}”的处理"),
                             string_view("办理{o}缺“{m}”，补正后{k}个工作日办结")}),
                     {{"a", a.short_}, {"o", t.official}, {"m", m->name}, {"k", std::to_string(done)}});
      c.body = fmt::format(
          "【基本情况】{}，{}到{}申请{}。\n\n【遇到的问题】窗口查验材料时发现缺少“{}”（{}）。{}表示事先不知道需要这份材料。\n\n"
          "【处理过程】工作人员出具补正材料通知书，一次性告知需补正的内容，并说明获取方式：{}。同时告知可在“我的办件”中在线上传，"
          "不必再跑窗口。{}天后，{}在线上传了补正材料。\n\n【办理结果】材料齐全后予以受理，{}个工作日后办结，在{}个工作日的承诺时限内。\n\n"
          "【经验提示】办理前可先在“一网通办”查看材料清单，或问小宝“办{}要带什么”。",
          date, a.person == a.short_ ? a.who : a.who + a.person, place, t.official, m->name, material_line(*m),
          a.person, category_text(m->category.id).obtain, later, a.person, done, i.promised_days, t.spoken);
      break;
    }
    case Scenario::agent_without_authorization: {
      string relative;
      if (a.enterprise) {
        relative = "公司员工" + string(r.pick(kSurnames));
        relative += r.chance(50) ? "先生" : "女士";
      } else {
        relative = fmt::format("{}的{}", a.short_, r.pick({"儿子", "女儿", "配偶", "邻居", "外甥"}));
      }
      bool video = r.chance(50);
      c.title = fill(r.pick({string_view("代办{o}未带授权委托书，{how}"),
                             string_view("{r}代为办理{o}缺少委托材料的处理")}),
                     {{"o", t.official}, {"r", relative}, {"how", video ? "视频确认后先行收件" : "次日补交后受理"}});
      c.body = fmt::format(
          "【基本情况】{}，{}代{}到{}办理{}。\n\n【遇到的问题】代理人只带了申请人的材料，没有带{}。\n\n【处理过程】工作人员说明："
          "{}。{}\n\n【办理结果】授权委托书补齐后受理，{}个工作日办结。\n\n【经验提示】代办时请携带授权委托书（写明委托事项和权限，委托人签字{}）"
          "和代理人身份证件原件，样本可在“一网通办”下载。",
          date, relative, a.who, place, t.official, t.authorization->name,
          t.authorization->reason.empty() ? "委托他人代为办理的，应提交授权委托书和代理人身份证件" : t.authorization->reason,
          video ? fmt::format("考虑到{}行动不便，经“随申办”视频连线确认委托意愿后先行收件，授权委托书次日补交。", a.short_)
                : "工作人员提供了授权委托书样本，代理人带回请申请人签字，次日再来办理。",
          done, a.enterprise ? "或加盖公章" : "");
      break;
    }
    case Scenario::e_licence: {
      const auto* m = r.pick(t.exempt);
      c.title = fill(r.pick({string_view("{o}：{m}通过电子证照调取，免于提交"),
                             string_view("{a}办理{o}，{m}不用再复印")}),
                     {{"o", t.official}, {"m", m->name}, {"a", a.short_}});
      c.body = fmt::format(
          "【基本情况】{}，{}办理{}，事先把{}复印了多份并加盖公章。\n\n【处理过程】工作人员经申请人授权，通过电子证照库直接调取{}并核验，"
          "复印件当场退还。本次申请共减少提交纸质材料{}份。\n\n【办理结果】{}个工作日办结。\n\n【经验提示】已纳入电子证照库的证照“免于提交”，"
          "办理{}时无需另行复印。",
          date, a.person == a.short_ ? a.who : a.who + a.person, t.official, m->name, m->name, r.between(1, 3), done,
          t.official);
      break;
    }
    case Scenario::blurry_upload: {
      const auto* m = pick_material(r, t, [](const defs::Material& m) { return !m.when; });
      if (!m) m = &i.materials.front();
      c.title = fill(r.pick({string_view("网上申请{o}上传材料不清晰被退回补正"), string_view("{o}网办案例：“{m}”扫描件模糊")}),
                     {{"o", t.official}, {"m", m->name}});
      c.body = fmt::format(
          "【基本情况】{}，{}通过“一网通办”在线申请{}。\n\n【遇到的问题】上传的“{}”是用手机翻拍的，反光严重、部分文字无法辨认。\n\n"
          "【处理过程】{}在预审环节退回补正，并在退回意见中写明需要重新上传的材料和拍摄要求（平放、光线均匀、四角完整）。"
          "{}当天重新上传。\n\n【办理结果】重新上传后受理，{}个工作日办结，全程未跑窗口。\n\n【经验提示】上传前请检查文件是否清晰完整，"
          "尽量使用扫描件或“随申办”的拍照扫描功能。",
          date, a.person == a.short_ ? a.who : a.who + a.person, t.official, m->name, t.dept, a.person, done);
      break;
    }
    case Scenario::unsigned_form: {
      c.title = fill(r.pick({string_view("办理{o}时申请书未签字，当场补签后受理"), string_view("申请表漏签：{o}受理案例")}),
                     {{"o", t.official}});
      c.body = fmt::format(
          "【基本情况】{}，{}到{}办理{}。\n\n【遇到的问题】{}已填写完整，但{}。\n\n【处理过程】工作人员指出申请书须{}，{}。\n\n"
          "【办理结果】补签后当场受理，{}个工作日办结。\n\n【经验提示】提交前请确认申请书已签字或盖章；网上申请可使用电子签名。",
          date, a.person == a.short_ ? a.who : a.who + a.person, place, t.official, t.application->name,
          a.enterprise ? "没有加盖公章" : "申请人漏签了名字", t.application->note,
          a.enterprise ? "经办人联系公司送来公章当场补盖" : "申请人当场补签", done);
      break;
    }
    case Scenario::nearby: {
      auto near = r.pick(kStreets);
      c.title = fill(r.pick({string_view("不回户籍地也能办：{o}就近在{s}办结"), string_view("{o}全区通办案例")}),
                     {{"o", t.official}, {"s", near}});
      c.body = fmt::format(
          "【基本情况】{}，住在{}的{}要办理{}，原以为要回户籍所在街镇办理。\n\n【处理过程】经12345咨询得知本事项全区通办，"
          "到{}社区事务受理服务中心就近提交了材料。\n\n【办理结果】{}个工作日办结，结果邮寄到家。\n\n【经验提示】{}在{}受理，"
          "可选择任一街镇就近办理。",
          date, near, a.person, t.official, near, done, t.official, gd.location);
      break;
    }
    case Scenario::urgent: {
      int fast = std::max(1, i.promised_days / 3);
      auto why = a.enterprise ? r.pick({"参加项目招投标", "银行放款前需要", "与客户签约"})
                              : r.pick({"孩子入学报名", "外地单位入职", "办理贷款"});
      c.title = fill(r.pick({string_view("急需{o}结果用于{w}，材料齐全{k}个工作日办结"),
                             string_view("{o}加急诉求的处理")}),
                     {{"o", t.official}, {"w", why}, {"k", std::to_string(fast)}});
      c.body = fmt::format(
          "【基本情况】{}，{}申请{}，因{}希望尽快拿到结果。\n\n【处理过程】工作人员说明本事项不收取任何加急费用，{}；"
          "在材料齐全的前提下，{}优先安排审查。\n\n【办理结果】受理后{}个工作日办结，比承诺时限提前{}个工作日。\n\n"
          "【经验提示】材料一次备齐是最快的办法；可提前在“一网通办”预审材料。",
          date, a.person == a.short_ ? a.who : a.who + a.person, t.official, why, time_text(i), t.dept, fast,
          i.promised_days - fast);
      break;
    }
    case Scenario::saturday: {
      on = saturday_on_or_before(on);
      c.title = fill(r.pick({string_view("上班族周六上午办理{o}"), string_view("延时服务：周六办{o}")}),
                     {{"o", t.official}});
      c.body = fmt::format(
          "【基本情况】{}（周六），{}平时工作日上班走不开，周六上午到{}办理{}。\n\n【处理过程】延时服务窗口正常收件、受理，"
          "材料齐全当场受理。\n\n【办理结果】{}个工作日后办结。\n\n【经验提示】办理时间：{}。",
          cn_date(on), a.person, gd.location, t.official, done, gd.hours);
      break;
    }
    case Scenario::online_help: {
      c.title = fill(r.pick({string_view("在线帮办：{a}在视频指导下办成{o}"), string_view("{o}网上申请不会操作，帮办一次办成")}),
                     {{"o", t.official}, {"a", a.short_}});
      c.body = fmt::format(
          "【基本情况】{}，{}在网上申请{}时，不清楚表单中几个栏目怎么填，材料也不知道上传到哪一项。\n\n【处理过程】点击“帮办”后，"
          "{}工作人员通过视频逐项指导，说明了需要上传的{}份材料。\n\n【办理结果】当天提交，{}个工作日办结。\n\n"
          "【经验提示】本事项提供在线帮办，工作时间内可随时发起。",
          date, a.person == a.short_ ? a.who : a.who + a.person, t.official, t.dept, t.required.size(), done);
      break;
    }
    case Scenario::situation: {
      const auto* q = r.pick(t.situations);
      std::vector<string> mats;
      for (const auto* m : t.conditional)
        if (contains(m->when->source, "answers." + q->id)) mats.push_back(m->name);
      c.title = fill(r.pick({string_view("{o}：情形“{q}”选错导致材料清单不符"), string_view("{o}情形选择案例")}),
                     {{"o", t.official}, {"q", question_clause(q->text)}});
      c.body = fmt::format(
          "【基本情况】{}，{}在线申请{}。\n\n【遇到的问题】对“{}”的回答与实际情况不符，{}。\n\n【处理过程】预审人员发现后电话联系申请人，"
          "说明这个问题的含义{}，请其更正回答。\n\n【办理结果】更正后系统重新生成材料清单，补充材料后受理，{}个工作日办结。\n\n"
          "【经验提示】情形问题决定需要提交哪些材料，请按实际情况回答。",
          date, a.person == a.short_ ? a.who : a.who + a.person, t.official, q->text,
          mats.empty() ? "与提交的材料对不上" : "漏交了" + join(mats, "、"),
          q->help.empty() ? "" : "（" + q->help + "）", done);
      break;
    }
    case Scenario::lost_original: {
      const auto* m = pick_material(r, t, [](const defs::Material& m) { return contains(m.note, "遗失"); });
      c.title = fill(r.pick({string_view("{m}遗失，凭遗失声明办理{o}"), string_view("{o}：原证件找不到了怎么办")}),
                     {{"o", t.official}, {"m", m->name}});
      c.body = fmt::format(
          "【基本情况】{}，{}办理{}，但{}多年前已经找不到了。\n\n【处理过程】工作人员告知：{}；按要求可提交遗失声明代替原件。"
          "{}当天在线发布了遗失声明。\n\n【办理结果】提交遗失声明后受理，{}个工作日办结。",
          date, a.person == a.short_ ? a.who : a.who + a.person, t.official, m->name, m->note, a.person, done);
      break;
    }
    case Scenario::denied: {
      c.staff = true;
      string gap = a.enterprise ? r.pick({"申请人的经营场所尚未取得合法使用证明", "申请人尚未配备规定的专业人员",
                                          "申请人存在尚未整改完毕的违法行为", "申请人登记的经营范围不包含申请事项"})
                   : i.kind == "行政给付" ? r.pick({"申请人既非本区户籍，也未持有效《上海市居住证》",
                                                    "申请人的家庭经济状况超出规定标准", "申请人已在其他渠道享受同类待遇"})
                                          : "申请人既非本区户籍，也未持有效《上海市居住证》";
      c.title = fill(r.pick({string_view("不符合受理条件：{o}不予受理的告知与引导"), string_view("{o}不予{x}案例")}),
                     {{"o", t.official}, {"x", i.kind == "行政许可" ? "许可" : "通过"}});
      c.body = fmt::format(
          "【基本情况】{}，{}申请{}。\n\n【审查情况】本事项的受理条件为：{}经审查，{}，不符合上述条件。\n\n【处理过程】{}出具书面决定，说明不符合的具体条款和理由，"
          "告知可自知道决定之日起60日内申请行政复议或6个月内提起行政诉讼；同时告知具备条件后可重新申请，并说明需要补足的条件。\n\n"
          "【结果】申请人表示理解，{}后条件具备，重新申请并获通过。\n\n【工作提示】不予受理或不予{}必须书面说明理由和救济途径；"
          "能通过补正解决的，不得直接不予受理。",
          date, a.who, t.official, gd.conditions, gap, t.dept, r.pick({"两个月", "三个月", "半年"}),
          i.kind == "行政许可" ? "许可" : "通过");
      break;
    }
    case Scenario::site_check: {
      c.staff = true;
      auto issue = r.pick({"实际布局与平面布局图不一致", "部分设备尚未安装到位", "现场面积与申请填写的不一致",
                           "专业人员尚未到岗"});
      c.title = fill(r.pick({string_view("{o}现场核查发现{x}，整改后通过"), string_view("{o}现场核查案例")}),
                     {{"o", t.official}, {"x", issue}});
      c.body = fmt::format(
          "【基本情况】{}，{}申请{}，受理后安排现场核查。\n\n【核查发现】{}。\n\n【处理过程】核查人员填写现场核查记录并由申请人签字确认，"
          "出具整改通知；整改期间暂停计时。{}天后申请人报告整改完成，复查通过。\n\n【结果】扣除整改期间，{}个工作日办结。\n\n"
          "【工作提示】现场核查不少于两人，拍照留档；整改期间依法不计入办理时限，应书面告知申请人。",
          date, a.who, t.official, issue, r.between(3, 10), done);
      break;
    }
    case Scenario::complaint: {
      c.staff = true;
      int pause = r.between(2, 6);
      c.title = fill(r.pick({string_view("12345工单：反映{o}超时，经核查补正期间不计时"), string_view("{o}办理时限投诉的核查与答复")}),
                     {{"o", t.official}});
      c.body = fmt::format(
          "【基本情况】{}，{}通过12345反映：申请{}已经超过{}个工作日仍未办结。\n\n【核查情况】{}调阅办件记录：申请受理后因材料需要补正，"
          "退回补正{}个工作日，补正期间依法不计入办理时限，实际用时未超过承诺时限。\n\n【处理结果】工作人员电话向申请人解释计时规则，"
          "并在当天办结。申请人表示满意，工单按期办结。\n\n【工作提示】退回补正时应在告知书和短信中写明“补正期间不计入办理时限”，"
          "避免误解。",
          date, a.who, t.official, i.promised_days, t.dept, pause);
      break;
    }
    case Scenario::expired_document: {
      const auto* m = pick_material(r, t, [](const defs::Material& m) { return expires(m.category.id); });
      c.title = fill(r.pick({string_view("提交的“{m}”已过有效期：{o}补正案例"), string_view("{o}：{m}过期的处理")}),
                     {{"o", t.official}, {"m", m->name}});
      c.body = fmt::format(
          "【基本情况】{}，{}申请{}。\n\n【遇到的问题】查验发现提交的“{}”已超过有效期。\n\n【处理过程】工作人员告知需提交有效期内的材料"
          "（{}），并出具补正通知。{}\n\n【办理结果】补正后受理，{}个工作日办结。\n\n【经验提示】提交前请检查证件和证明的有效期。",
          date, a.person == a.short_ ? a.who : a.who + a.person, t.official, m->name, category_text(m->category.id).obtain,
          m->category.id == "id_card" || m->category.id == "legal_rep_id"
              ? "申请人已在派出所办理换证，凭临时居民身份证先行办理。"
              : "申请人重新开具后在线上传。",
          done);
      break;
    }
    case Scenario::address_mismatch: {
      c.staff = r.chance(50);
      string old_address(r.pick({"牡丹江", "友谊", "密山", "同济", "共和新", "沪太", "长江西"}));
      old_address += fmt::format("路{}", r.between(8, 1999));
      c.title = fill(r.pick({string_view("{o}：租赁合同地址与申请地址不一致"), string_view("{o}：场所证明地址不符的处理")}),
                     {{"o", t.official}});
      c.body = fmt::format(
          "【基本情况】{}，{}申请{}。\n\n【遇到的问题】租赁合同上写的是“{}号”，申请表填写的是门牌整改后的新地址，两者不一致。\n\n"
          "【处理过程】工作人员通过标准地址库核对，确认为同一处房屋的新旧门牌，请申请人在申请表中按标准地址填写，并附所在街镇出具的门牌变更说明。\n\n"
          "【办理结果】更正后受理，{}个工作日办结。\n\n【经验提示】填写地址时可使用“无忧快注”选择标准地址。",
          date, a.who, t.official, old_address, done);
      break;
    }
  }
  if (!c.staff) c.staff = r.chance(10);
  return c;
}

// ---- regulations ---------------------------------------------------------------------------------

struct Law {
  string title;
  std::vector<std::pair<const ItemText*, string>> uses;  // item, article (may be empty)
};

bool is_statute(string_view title) {
  return title.starts_with("中华人民共和国") && title.ends_with("法") && !title.ends_with("办法");
}

string law_issuer(string_view title) {
  if (is_statute(title)) return "全国人民代表大会常务委员会";
  if (title.starts_with("上海市") && contains(title, "条例")) return "上海市人民代表大会常务委员会";
  if (title.starts_with("上海市")) return "上海市人民政府";
  if (title.starts_with("宝山区")) return "宝山区人民政府";
  if (contains(title, "条例")) return "国务院";
  return "国务院有关部门";
}

string law_level(string_view title) {
  if (is_statute(title)) return "法律";
  if (title.starts_with("上海市") && contains(title, "条例")) return "地方性法规";
  if (title.starts_with("上海市")) return "地方政府规章或规范性文件";
  if (title.starts_with("宝山区")) return "区规范性文件";
  if (contains(title, "条例")) return "行政法规";
  return "部门规章";
}

void add_laws(Generator& g, const std::vector<ItemText>& items) {
  std::vector<Law> laws;
  std::unordered_map<string, std::size_t> index;
  for (const auto& t : items) {
    string_view basis = t.item->guide.basis;
    std::size_t pos = 0;
    while ((pos = basis.find("《", pos)) != string_view::npos) {
      auto close = basis.find("》", pos);
      if (close == string_view::npos) break;
      auto title = string(basis.substr(pos + string_view("《").size(), close - pos - string_view("《").size()));
      auto rest = basis.substr(close + string_view("》").size());
      auto article = string(rest.substr(0, std::min(rest.find("；"), rest.find("《"))));
      auto [it, fresh] = index.emplace(title, laws.size());
      if (fresh) laws.push_back({title, {}});
      laws[it->second].uses.emplace_back(&t, article);
      pos = close;
    }
  }
  std::unordered_set<string> codes;
  for (const auto& law : laws) {
    auto r = rng_for(g.o, "law:" + law.title);
    auto code = fmt::format("law:{:08x}", static_cast<std::uint32_t>(fnv1a(law.title)));
    for (int k = 2; !codes.insert(code).second; ++k) code = fmt::format("law:{:08x}-{}", fnv1a(law.title) >> 32, k);
    std::vector<string> uses, items;
    for (const auto& [t, article] : law.uses) {
      uses.push_back(fmt::format("{}（{}，{}）{}", t->item->name, t->dept, t->item->kind,
                                 article.empty() ? "" : "：依据" + article));
      if (std::find(items.begin(), items.end(), t->item->code) == items.end()) items.push_back(t->item->code);
    }
    const auto& first = *law.uses.front().first;
    auto body = fmt::format(
        "《{}》\n制定机关：{}\n效力层级：{}\n\n本区依据本{}办理的事项：\n{}\n\n与办事相关的要点：{}\n\n"
        "说明：本条目是知识库编辑整理的适用说明，不是{}原文；原文以国家法律法规数据库或上海市法规规章数据库公布的文本为准。",
        law.title, law_issuer(law.title), law_level(law.title), law_level(law.title) == "法律" ? "法律" : "规定",
        numbered(uses), first.item->guide.conditions, law_level(law.title) == "法律" ? "法律" : "文件");
    auto& e = g.add(code, EntryType::regulation, "《" + law.title + "》", std::move(body), first.item->department.id,
                    std::move(items), r, EntryStatus::published, r.between(300, 700), "policy.demo");
    e.content.source = law_issuer(law.title);
  }
}

// ---- policies ------------------------------------------------------------------------------------

enum class PolicyKind { service_measures, implementation_rules, commitment, annual_call, service_notice };

struct Policy {
  PolicyKind kind = PolicyKind::service_measures;
  bool city = false;
  string dept;  // id
  std::vector<const ItemText*> items;
  Date from{}, to{};
  Date issued{};
  bool superseded = false;  // an older version, replaced
  string key, doc_number, title, issuer;
};

bool is_funding(const ItemText& t) {
  const auto& n = t.item->name;
  return t.item->kind == "行政给付" || t.item->kind == "行政奖励" || contains(n, "补贴") || contains(n, "扶持") ||
         contains(n, "资金") || contains(n, "奖励");
}

bool is_call(const ItemText& t) {
  const auto& n = t.item->name;
  return contains(n, "申报") || contains(n, "认定") || contains(n, "推荐");
}

string item_names(const std::vector<const ItemText*>& items, std::size_t max = 3) {
  std::vector<string> names;
  for (std::size_t k = 0; k < items.size() && k < max; ++k) names.push_back(items[k]->item->name);
  auto s = join(names, "、");
  if (items.size() > max) s += fmt::format("等{}个事项", items.size());
  return s;
}

string policy_body(const Policy& p, Rng& r) {
  const auto& first = *p.items.front();
  const auto& fi = *first.item;
  string doc = p.kind == PolicyKind::implementation_rules ? "办法" : "通知";
  string validity =
      fmt::format("本{}自{}起施行，有效期至{}。", doc == "办法" ? "办法" : "通知", cn_date(p.from), cn_date(p.to));
  std::vector<string> names;
  for (const auto* t : p.items) names.push_back(fmt::format("{}（承诺{}个工作日）", t->item->name, t->item->promised_days));
  switch (p.kind) {
    case PolicyKind::implementation_rules: {
      int cap = r.pick({20, 30, 50, 100, 200, 300});
      bool cash = contains(fi.name, "补贴") || contains(fi.name, "津贴") || contains(fi.name, "救助") ||
                  contains(fi.name, "保险金") || contains(fi.name, "补助");
      string support = fi.kind != "行政给付"
                           ? fmt::format("经认定或评审通过的，按项目实际投入给予一定比例的资金支持，单个项目最高不超过{}万元。", cap)
                       : cash ? "符合条件的，按本市公布的标准给予补贴，资金直接发放至申请人本人银行账户。"
                              : "符合条件的，按本市规定的标准和程序给予保障，并实行动态管理，条件发生变化的应及时申报。";
      string basis = fi.guide.basis;
      auto body = fmt::format(
          "第一条（目的和依据）\n为{}，根据{}等规定，结合本区实际，制定本办法。\n\n第二条（适用范围）\n本办法适用于在本区办理{}的{}。\n\n"
          "第三条（申请条件）\n{}\n\n第四条（支持内容）\n{}\n\n第五条（申请材料）\n{}\n\n第六条（办理程序）\n申请人通过“一网通办”或到{}提交申请，"
          "{}受理后{}。\n\n第七条（监督管理）\n以虚假材料骗取保障待遇或资金的，予以追回，按规定记入公共信用信息平台；涉嫌犯罪的，依法移送司法机关。\n\n"
          "第八条（施行日期）\n{}",
          fi.kind == "行政给付" ? "切实保障困难群体合法权益，规范保障工作" : "促进本区产业高质量发展，规范扶持资金管理",
          basis, fi.name, audience_text(fi.audience), fi.guide.conditions, support, material_list(first), fi.guide.location,
          first.dept, time_text(fi), validity);
      if (p.superseded) body += "\n\n（本办法已被新版办法替代，仅供查阅。）";
      return body;
    }
    case PolicyKind::commitment:
      return fmt::format(
          "各有关单位：\n\n为深化“放管服”改革、持续优化营商环境，经研究，决定对以下事项实行告知承诺制：\n{}\n\n一、申请人书面承诺符合许可条件并提交承诺书的，"
          "{}当场作出决定或在承诺时限内办结，事后进行核查。\n二、申请人可自主选择是否采用告知承诺方式；不选择的，按一般程序办理。\n"
          "三、核查发现承诺不实的，依法撤销决定，并将失信信息记入公共信用信息平台。\n四、{}\n\n{}\n{}",
          numbered(names), p.city ? "各区相关部门" : first.dept, validity,
          p.issuer, cn_date(p.issued));
    case PolicyKind::annual_call: {
      auto deadline = add_days(p.from, 30);
      return fmt::format(
          "各有关单位：\n\n根据{}，现就做好{}年度{}工作通知如下：\n\n一、申报对象\n{}\n\n二、申报时间\n{}至{}，逾期不予受理。\n\n"
          "三、申报材料\n{}\n\n四、申报方式\n通过“一网通办”在线申报，或到{}提交。\n\n五、评审和公示\n{}会同有关部门组织评审，结果在区政府网站公示5个工作日。\n\n"
          "六、联系方式\n{}\n\n{}\n{}",
          fi.guide.basis, static_cast<int>(p.from.year()), fi.name, fi.guide.conditions, cn_date(p.from), cn_date(deadline),
          material_list(first), fi.guide.location, first.dept, fi.guide.phone, p.issuer, cn_date(p.issued));
    }
    case PolicyKind::service_notice:
      return fmt::format(
          "各街镇、各有关单位：\n\n为方便群众就近办事，现就做好以下事项的服务工作通知如下：\n{}\n\n一、上述事项在{}受理，{}。\n"
          "二、推行“一网通办”，能网上办理的引导群众网上办，对老年人等群体保留窗口服务并提供帮办。\n三、严格执行一次性告知和首问负责制，"
          "不得要求群众提交清单以外的材料。\n四、{}\n\n{}\n{}",
          numbered(names), fi.guide.location, fi.guide.hours, validity, p.issuer, cn_date(p.issued));
    case PolicyKind::service_measures:
      break;
  }
  std::vector<string> exempt;
  for (const auto* t : p.items)
    for (const auto* m : t->exempt)
      if (std::find(exempt.begin(), exempt.end(), m->name) == exempt.end()) exempt.push_back(m->name);
  return fmt::format(
      "各有关单位：\n\n为进一步提升政务服务效能，现就{}负责办理的政务服务事项提出以下措施：\n\n一、压缩办理时限。以下事项按承诺时限办结：\n{}\n\n"
      "二、减少提交材料。{}可通过电子证照库或部门共享获取的，不再要求申请人提交。\n\n三、推行网上办理。具备条件的事项全部纳入“一网通办”，"
      "网上申请与窗口申请同等受理。\n\n四、强化帮办服务。设立帮办窗口，为老年人、残疾人等群体提供帮办代办。\n\n五、{}\n\n{}\n{}",
      p.city ? "本市" : first.dept, numbered(names), exempt.empty() ? "营业执照、身份证件等" : join(exempt, "、") + "等",
      validity, p.issuer, cn_date(p.issued));
}

struct PolicyQa {
  string title;
  std::vector<string> variant_templates;
  string body;
};

std::vector<PolicyQa> policy_qas(const Policy& p) {
  const auto& fi = *p.items.front()->item;
  auto name = p.items.front()->official;
  auto spoken = p.items.front()->spoken;
  std::vector<PolicyQa> out;
  out.push_back({fmt::format("《{}》什么时候开始施行？", p.title),
                 {fmt::format("{}新政策什么时候实施", spoken), fmt::format("{}的{}什么时候生效", p.doc_number, "文件"),
                  fmt::format("{}新规哪天开始", spoken), fmt::format("{}新文件有效期到什么时候", spoken),
                  fmt::format("{}政策现在执行了吗", spoken)},
                 fmt::format("《{}》（{}）由{}印发，自{}起施行，有效期至{}。施行前已受理的申请，按原规定办理。", p.title, p.doc_number,
                             p.issuer, cn_date(p.from), cn_date(p.to))});
  std::vector<string> lines;
  for (const auto* t : p.items) lines.push_back(fmt::format("{}（{}）", t->item->name, t->dept));
  out.push_back({fmt::format("《{}》适用于哪些事项和对象？", p.title),
                 {fmt::format("{}新政策适用哪些人", spoken), fmt::format("{}这个文件管哪些事", p.doc_number),
                  fmt::format("我能享受{}新政策吗", spoken), fmt::format("{}政策对象", spoken)},
                 fmt::format("适用事项：\n{}\n\n适用对象：{}。条件：{}", numbered(lines), audience_text(fi.audience),
                             fi.guide.conditions)});
  switch (p.kind) {
    case PolicyKind::annual_call:
      out.push_back({fmt::format("{}年度{}什么时候开始申报？", static_cast<int>(p.from.year()), spoken),
                     {fmt::format("{}今年什么时候开始报", spoken), fmt::format("{}申报截止时间", spoken),
                      fmt::format("{}几号开始申请", spoken), fmt::format("今年的{}还能报吗", spoken)},
                     fmt::format("根据{}，{}年度{}的申报时间为{}至{}，通过“一网通办”在线申报或到{}提交，逾期不予受理。", p.doc_number,
                                 static_cast<int>(p.from.year()), fi.name, cn_date(p.from), cn_date(add_days(p.from, 30)),
                                 fi.guide.location)});
      break;
    case PolicyKind::commitment:
      out.push_back({fmt::format("{}可以用告知承诺办理吗？", name),
                     {fmt::format("{}告知承诺怎么办", spoken), fmt::format("{}承诺制是什么意思", spoken),
                      fmt::format("{}签承诺书就能办吗", spoken), fmt::format("{}能先办后补吗", spoken)},
                     fmt::format("可以。根据《{}》（{}），申请人书面承诺符合条件并签署承诺书的，可当场或在承诺时限内办结，事后核查；"
                                 "承诺不实的将撤销决定并记入公共信用信息平台。也可以选择按一般程序办理。",
                                 p.title, p.doc_number)});
      break;
    case PolicyKind::implementation_rules:
      out.push_back({fmt::format("{}的新办法有哪些变化？", name),
                     {fmt::format("{}新办法变了什么", spoken), fmt::format("{}新旧政策区别", spoken),
                      fmt::format("{}政策调整了吗", spoken), fmt::format("{}新规定有啥不一样", spoken)},
                     fmt::format("《{}》（{}）自{}起施行。主要内容：申请条件——{}；办理时限——{}；申请材料按办法第五条执行。", p.title,
                                 p.doc_number, cn_date(p.from), clause(fi.guide.conditions), time_text(fi))});
      break;
    default:
      break;
  }
  return out;
}

void add_policies(Generator& g, const std::vector<ItemText>& items) {
  const auto& o = g.o;
  // Departments in id order, each with its items in code order.
  std::map<string, std::vector<const ItemText*>> by_dept;
  for (const auto& t : items) by_dept[t.item->department.id].push_back(&t);

  std::vector<Policy> policies;
  auto plan = Rng(o.seed ^ 0x5EEDF00Dull);
  auto year_of = [&](Rng& r) {
    int x = r.below(100);
    int today_year = static_cast<int>(o.today.year());
    return today_year - (x < 5 ? 5 : x < 15 ? 4 : x < 40 ? 3 : x < 65 ? 2 : x < 95 ? 1 : 0);
  };
  auto past_date = [&](Rng& r) {
    int y = year_of(r);
    auto month = std::chrono::month{static_cast<unsigned>(r.between(1, 12))};
    Date d = std::chrono::year{y} / month / std::chrono::day{static_cast<unsigned>(r.between(1, 28))};
    if (days_between(d, o.today) < 40) d = add_days(o.today, -r.between(40, 120));
    return d;
  };
  auto add_policy = [&](PolicyKind kind, bool city, const string& dept, std::vector<const ItemText*> its, Rng& r) {
    Policy p;
    p.kind = kind;
    p.city = city;
    p.dept = dept;
    p.items = std::move(its);
    p.from = past_date(r);
    if (kind == PolicyKind::annual_call) {  // this year's call, opened in January or February
      auto month = std::chrono::month{static_cast<unsigned>(r.between(1, 2))};
      p.from = o.today.year() / month / std::chrono::day{static_cast<unsigned>(r.between(5, 25))};
    }
    policies.push_back(std::move(p));
  };

  for (const auto& [dept, its] : by_dept) {
    auto r = rng_for(o, "policies:" + dept);
    add_policy(PolicyKind::service_measures, false, dept, its, r);
    std::vector<const ItemText*> licences, services;
    for (const auto* t : its) {
      if (is_funding(*t)) add_policy(PolicyKind::implementation_rules, false, dept, {t}, r);
      if (is_call(*t)) add_policy(PolicyKind::annual_call, false, dept, {t}, r);
      if (t->item->kind == "行政许可") licences.push_back(t);
      if (t->item->kind == "公共服务") services.push_back(t);
    }
    for (std::size_t k = 0; k < licences.size(); k += 4) {
      std::vector<const ItemText*> group(licences.begin() + static_cast<long>(k),
                                         licences.begin() + static_cast<long>(std::min(k + 4, licences.size())));
      add_policy(PolicyKind::commitment, r.chance(40), dept, std::move(group), r);
    }
    for (std::size_t k = 0; k < services.size(); k += 5) {
      std::vector<const ItemText*> group(services.begin() + static_cast<long>(k),
                                         services.begin() + static_cast<long>(std::min(k + 5, services.size())));
      add_policy(PolicyKind::service_notice, false, dept, std::move(group), r);
    }
  }

  // Some take effect in the coming weeks (their Q&As are the maintenance queue's work); some
  // implementation rules have an expired predecessor.
  std::vector<std::size_t> order(policies.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  plan.shuffle(order);
  std::size_t upcoming = std::max<std::size_t>(6, policies.size() / 20);
  std::vector<bool> soon(policies.size(), false);
  for (std::size_t k = 0; k < order.size() && k < upcoming; ++k) {
    auto& p = policies[order[k]];
    soon[order[k]] = true;
    p.from = add_days(o.today, plan.between(3, 40));
  }
  std::size_t expired = 0, want_expired = std::max<std::size_t>(3, policies.size() / 40);
  std::vector<Policy> older;
  for (std::size_t k = order.size(); k-- > 0 && expired < want_expired;) {
    const auto& p = policies[order[k]];
    if (p.kind != PolicyKind::implementation_rules || soon[order[k]]) continue;
    Policy old = p;
    old.superseded = true;
    old.to = add_days(p.from, -1);
    old.from = add_days(old.to, -(365 * 3) + 1);
    older.push_back(std::move(old));
    ++expired;
  }

  // Keys and document numbers in a stable order: by effective date, then department.
  std::vector<Policy*> all;
  for (auto& p : policies) all.push_back(&p);
  for (auto& p : older) all.push_back(&p);
  std::stable_sort(all.begin(), all.end(), [](const Policy* a, const Policy* b) {
    return std::chrono::sys_days{a->from} < std::chrono::sys_days{b->from};
  });
  std::map<std::pair<string, int>, int> key_seq, doc_seq;
  for (auto* p : all) {
    auto r = rng_for(o, fmt::format("policy-text:{}:{}:{}", p->dept, static_cast<int>(p->kind), p->items.front()->item->code));
    p->issued = weekday_on_or_before(add_days(p->from, -r.between(5, 30)));
    if (!p->superseded) p->to = years_later(p->from, p->kind == PolicyKind::annual_call ? 1 : 5);
    int year = static_cast<int>(p->issued.year());
    auto dt = department_text(p->dept);
    string scope = p->city ? "SH" : "BS";
    string abbr(p->city ? dt.city_abbr : dt.district_abbr);
    if (!p->city && p->kind == PolicyKind::service_measures) abbr = r.chance(50) ? "宝府规" : "宝府办规";
    p->key = fmt::format("{}-{}-{:03}", scope, year, ++key_seq[{scope, year}]);
    p->doc_number = fmt::format("{}〔{}〕{}号", abbr, year, ++doc_seq[{abbr, year}]);
    auto dept_name = p->items.front()->dept;
    if (p->city) {
      p->issuer = string(dt.city_issuer);
    } else if (abbr == "宝府规" || abbr == "宝府办规") {
      p->issuer = abbr == "宝府规" ? "宝山区人民政府" : "宝山区人民政府办公室";
    } else {
      p->issuer = dept_name.starts_with("区") ? "宝山" + dept_name : dept_name;
    }
    const auto& fi = *p->items.front()->item;
    switch (p->kind) {
      case PolicyKind::service_measures:
        p->title = fmt::format("关于进一步优化{}政务服务事项办理的若干措施", dept_name.starts_with("区") ? dept_name.substr(string_view("区").size()) : dept_name);
        break;
      case PolicyKind::implementation_rules:
        p->title = fmt::format("{}{}实施办法{}", p->items.front()->official.starts_with("区") ? "宝山" : "宝山区",
                               p->items.front()->official,
                               p->superseded ? fmt::format("（{}年版）", static_cast<int>(p->issued.year())) : "");
        break;
      case PolicyKind::commitment:
        p->title = fmt::format("关于{}实行告知承诺制的通知", item_names(p->items, 2));
        break;
      case PolicyKind::annual_call:
        p->title = fmt::format("关于开展{}年度{}工作的通知", static_cast<int>(p->from.year()), fi.name);
        break;
      case PolicyKind::service_notice:
        p->title = fmt::format("关于做好{}服务工作的通知", item_names(p->items, 2));
        break;
    }
  }

  int upcoming_seen = 0;
  for (auto* p : all) {
    auto r = rng_for(o, "policy:" + p->key);
    bool is_expired = days_between(p->to, o.today) > 0;
    bool is_soon = days_between(o.today, p->from) > 0;
    std::vector<string> codes;
    for (const auto* t : p->items) codes.push_back(t->item->code);
    int age = std::max(1, days_between(p->issued, o.today));
    auto& e = g.add("policy:" + p->key, EntryType::policy, "《" + p->title + "》", policy_body(*p, r), p->dept, codes, r,
                    is_expired ? EntryStatus::retired : EntryStatus::published, age, "policy.demo");
    e.content.source = p->issuer;
    e.content.doc_number = p->doc_number;
    e.content.effective_from = format_date(p->from);
    e.content.effective_to = format_date(p->to);

    // Q&As interpreting the policy. For one taking effect soon some are still being written:
    // a third all published, a third in review, a third in draft.
    int mode = is_soon ? upcoming_seen++ % 3 : 0;
    int n = 0;
    for (auto& q : policy_qas(*p)) {
      EntryStatus status = is_expired ? EntryStatus::retired
                           : mode == 1 ? EntryStatus::in_review
                           : mode == 2 ? EntryStatus::draft
                                       : EntryStatus::published;
      auto qage = std::max(0, age - r.between(0, 4));
      auto& qe = g.add(fmt::format("qa:{}:{}", p->key, ++n), EntryType::qa, q.title, q.body, p->dept, codes, r, status,
                       qage, "policy.demo");
      r.shuffle(q.variant_templates);
      auto k = static_cast<std::size_t>(r.between(3, static_cast<int>(q.variant_templates.size())));
      q.variant_templates.resize(std::min(k, q.variant_templates.size()));
      qe.content.variants = std::move(q.variant_templates);
      qe.content.source = p->issuer;
      qe.content.doc_number = p->doc_number;
      qe.content.effective_from = format_date(p->from);
      qe.content.effective_to = format_date(p->to);
    }
  }
}

}  // namespace

GenerateOptions options_for(const defs::Definitions& defs, Date today, std::uint64_t seed) {
  GenerateOptions o;
  o.seed = seed;
  o.today = today;
  for (const auto& d : defs.departments) o.department_names.emplace(d.id, d.name);
  for (const auto& c : defs.categories)
    if (c.licence) o.licence_categories.insert(c.id);
  return o;
}

std::vector<Entry> generate_entries(std::span<const defs::Item> items, const GenerateOptions& options) {
  Generator g{options, {}};
  g.out.reserve(std::max<std::size_t>(options.target, items.size() * 70) + 64);

  std::vector<ItemText> texts;
  texts.reserve(items.size());
  for (const auto& i : items) texts.push_back(read_item(i, options));
  std::map<string, std::vector<const ItemText*>> by_stem;
  for (const auto& t : texts) by_stem[t.stem].push_back(&t);

  for (const auto& t : texts) {
    add_guide(g, t);
    add_item_qas(g, t, by_stem[t.stem]);
    add_review_points(g, t);
  }
  add_laws(g, texts);
  add_policies(g, texts);

  // Historical cases: at least three per item, then round-robin over the items up to the target.
  std::vector<std::vector<Scenario>> scenarios(texts.size());
  std::vector<Rng> rngs;
  rngs.reserve(texts.size());
  for (std::size_t k = 0; k < texts.size(); ++k) {
    rngs.push_back(rng_for(options, "case:" + texts[k].item->code));
    for (auto s : kScenarios)
      if (applies(s, texts[k])) scenarios[k].push_back(s);
    rngs[k].shuffle(scenarios[k]);
  }
  std::vector<int> counts(texts.size(), 0);
  auto add_case = [&](std::size_t k) {
    const auto& t = texts[k];
    auto& r = rngs[k];
    if (scenarios[k].empty()) return false;
    auto s = scenarios[k][static_cast<std::size_t>(counts[k]) % scenarios[k].size()];
    Date on = weekday_on_or_before(add_days(options.today, -r.between(20, 540)));
    auto c = write_case(s, r, t, on);
    // From the second round on the same scenario comes back: the month tells the stories apart.
    if (static_cast<std::size_t>(counts[k]) >= scenarios[k].size())
      c.title += fmt::format("（{}年{}月）", static_cast<int>(on.year()), static_cast<unsigned>(on.month()));
    fix_verb(c.title, t.official);
    fix_verb(c.body, t.official);
    int age = std::max(1, days_between(on, options.today) - r.between(1, 15));
    auto& e = g.add(fmt::format("case:{}:{}", t.item->code, ++counts[k]), EntryType::case_study, std::move(c.title),
                    std::move(c.body), t.item->department.id, {t.item->code}, r, routine_status(r), age,
                    "clerk." + t.item->department.id);
    e.content.visibility = c.staff ? Visibility::staff : Visibility::open;
    e.content.source = t.dept + "窗口";
    return true;
  };
  for (int round = 0; round < 3; ++round)
    for (std::size_t k = 0; k < texts.size(); ++k) add_case(k);
  bool any = true;
  while (g.out.size() < options.target && any) {
    any = false;
    for (std::size_t k = 0; k < texts.size() && g.out.size() < options.target; ++k) any = add_case(k) || any;
  }
  return std::move(g.out);
}

}  // namespace haoban::knowledge
