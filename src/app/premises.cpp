#include "app/premises.h"

#include <fmt/format.h>

#include <boost/json/object.hpp>

#include "app/ports.h"
#include "core/calendar.h"

namespace haoban::app {

PremisesCheck PremisesRights::check(const Principal& applicant, std::string_view address,
                                    std::string_view application, std::string_view item) const {
  PremisesCheck out;
  auto& book = book_();
  auto candidates = book.match(address, 1);
  if (candidates.empty() || !candidates.front().covers) {
    out.reason = candidates.empty()
                     ? "住所未匹配到标准地址库中的地址，需要提交住所使用证明"
                     : fmt::format("住所与标准地址「{}」不完全一致（{}），需要提交住所使用证明",
                                   candidates.front().address.text, candidates.front().reason);
    return out;
  }
  const auto& premises = candidates.front().address;
  out.standard = true;
  out.address_id = premises.id;
  out.address_text = premises.text;
  // A centralised registration address (集中登记地) with room left: the park provides the proof.
  if (premises.centralised && premises.registered < premises.capacity) {
    std::string park = premises.poi.empty() ? std::string("园区") : premises.poi;
    out.exempt = true;
    out.reason = fmt::format("标准地址库：{}（{}）为{}集中登记地（尚余{}户），由园区统一出具住所证明，免于提交",
                             premises.text, premises.id, park, premises.capacity - premises.registered);
    return out;
  }
  auto key = identity_.subject_key(applicant);
  if (!key) {
    out.reason = fmt::format("住所为标准地址「{}」，但无法核验使用权，需要提交住所使用证明", premises.text);
    return out;
  }
  // A property right whose 坐落 is the premises or contains them (a building's owner uses its rooms).
  std::string purpose = "住所使用证明免提交核验（无忧快注）";
  if (!item.empty()) purpose = fmt::format("「{}」{}", item, purpose);
  std::optional<sources::SourceRecord> rec;
  std::string estate_note;
  try {
    rec = sources_.fetch("real_estate", *key, {applicant.username, std::string(application), purpose, "", ""});
  } catch (const Error& e) {
    // 不动产 down or not configured: the lease may still show the right; the reason says why not.
    estate_note = "（不动产登记暂不可用：" + e.title() + "）";
  }
  if (rec) {
    if (auto it = rec->values.find("properties"); it != rec->values.end() && it->value().is_array()) {
      for (const auto& row : it->value().as_array()) {
        if (!row.is_object()) continue;
        const auto& o = row.as_object();
        // The property's 坐落 must be a standard address itself (exact): a room owned must not stand
        // for its whole building.
        auto m = book.match(text_field(o, "address"), 1);
        if (m.empty() || !m.front().exact || !address::within(premises, m.front().address)) continue;
        out.exempt = true;
        out.reason = fmt::format("标准地址库：{}（{}）；不动产登记：不动产权证{}坐落于此，权利人为申请人，免于提交住所使用证明",
                                 premises.text, premises.id, text_field(o, "certificate_no"));
        return out;
      }
    }
  }
  // A registered lease in force today, of the premises or of what contains them.
  if (applicant.enterprise_code) {
    Date today = china_date(clock_.now());
    for (const auto& l : book.leases_of(*applicant.enterprise_code)) {
      if (l.starts_on > today || l.ends_on < today) continue;
      auto leased = book.get(l.address_id);
      if (!leased || !address::within(premises, *leased)) continue;
      out.exempt = true;
      out.reason = fmt::format("标准地址库：{}（{}）；租赁备案{}（{}至{}），免于提交住所使用证明", premises.text,
                               premises.id, l.record_no, format_date(l.starts_on), format_date(l.ends_on));
      return out;
    }
  }
  out.reason = fmt::format("住所为标准地址「{}」，但未查到申请人在此处的不动产权或租赁备案{}，需要提交住所使用证明",
                           premises.text, estate_note);
  return out;
}

}  // namespace haoban::app
