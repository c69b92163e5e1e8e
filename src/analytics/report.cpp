#include "analytics/report.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <cmath>
#include <memory>

#include "core/error.h"

namespace haoban::analytics {

namespace {

constexpr double kPageW = 595.28, kPageH = 841.89;  // A4 in points
constexpr double kMargin = 50;
constexpr char kFont[] = "Noto Sans CJK SC";

std::string format_value(const std::optional<double>& v, const std::string& unit) {
  if (!v) return "暂无数据";
  if (unit == "ratio") return fmt::format("{:.1f}%", *v * 100);
  if (unit == "minutes") return fmt::format("{:.1f} 分钟", *v);
  if (unit == "seconds") return fmt::format("{:.0f} 秒", *v);
  if (unit == "yuan") return *v >= 10000 ? fmt::format("{:.1f} 万元", *v / 10000) : fmt::format("{:.0f} 元", *v);
  return fmt::format("{:.0f}", *v);
}

std::string format_target(const Value& v) {
  if (!v.target) return "—";
  std::string op = v.comparison == ">" ? "＞" : v.comparison == ">=" ? "≥" : v.comparison == "<" ? "＜" : "≤";
  return op + " " + format_value(v.target, v.unit);
}

// One page-drawing context: a cursor going down the page, new pages as needed, page numbers.
class Pages {
 public:
  explicit Pages(cairo_t* cr) : cr_(cr) {}

  // Draws `text` at (x, y) in a box `width` wide; returns its height.
  double text(double x, double y, double width, const std::string& text, double size, bool bold = false,
              double r = 0.1, double g = 0.1, double b = 0.1, PangoAlignment align = PANGO_ALIGN_LEFT) {
    std::unique_ptr<PangoLayout, decltype(&g_object_unref)> layout(pango_cairo_create_layout(cr_), g_object_unref);
    std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> font(
        pango_font_description_from_string(fmt::format("{} {}{}", kFont, bold ? "Bold " : "", size).c_str()),
        pango_font_description_free);
    pango_layout_set_font_description(layout.get(), font.get());
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout.get(), align);
    pango_layout_set_text(layout.get(), text.c_str(), -1);
    cairo_set_source_rgb(cr_, r, g, b);
    cairo_move_to(cr_, x, y);
    pango_cairo_show_layout(cr_, layout.get());
    int w = 0, h = 0;
    pango_layout_get_pixel_size(layout.get(), &w, &h);
    return h;
  }

  // Room for `h` more points, else a new page.
  void need(double h) {
    if (y_ + h > kPageH - kMargin - 20) next();
  }
  void next() {
    footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }
  void finish() { footer(); }
  double& y() { return y_; }
  cairo_t* cr() { return cr_; }

  void heading(const std::string& s) {
    need(40);
    y_ += 10;
    cairo_set_source_rgb(cr_, 0.76, 0.10, 0.12);
    cairo_rectangle(cr_, kMargin, y_ + 3, 4, 16);
    cairo_fill(cr_);
    y_ += text(kMargin + 10, y_, kPageW - 2 * kMargin, s, 14, true) + 8;
  }

 private:
  void footer() {
    text(kMargin, kPageH - kMargin + 10, kPageW - 2 * kMargin, fmt::format("— {} —", page_), 8, false, 0.5, 0.5, 0.5,
         PANGO_ALIGN_CENTER);
  }
  cairo_t* cr_;
  double y_ = kMargin;
  int page_ = 1;
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A table: column widths, a header row, then rows; long cells wrap.
void table(Pages& p, const std::vector<double>& widths, const std::vector<std::string>& header,
           const std::vector<std::vector<std::string>>& rows, const std::vector<int>& status = {}) {
  cairo_t* cr = p.cr();
  auto row = [&](const std::vector<std::string>& cells, bool head, int mark) {
    double h = 0;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      // measure by drawing off-page is costly; estimate: a wrapped layout's height
      std::unique_ptr<PangoLayout, decltype(&g_object_unref)> l(pango_cairo_create_layout(cr), g_object_unref);
      std::unique_ptr<PangoFontDescription, decltype(&pango_font_description_free)> f(
          pango_font_description_from_string(fmt::format("{} 9", kFont).c_str()), pango_font_description_free);
      pango_layout_set_font_description(l.get(), f.get());
      pango_layout_set_width(l.get(), static_cast<int>((widths[i] - 8) * PANGO_SCALE));
      pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
      pango_layout_set_text(l.get(), cells[i].c_str(), -1);
      int w = 0, lh = 0;
      pango_layout_get_pixel_size(l.get(), &w, &lh);
      h = std::max(h, static_cast<double>(lh));
    }
    h += 8;
    p.need(h);
    double x = kMargin, y = p.y();
    if (head) {
      cairo_set_source_rgb(cr, 0.93, 0.94, 0.96);
      cairo_rectangle(cr, kMargin, y, kPageW - 2 * kMargin, h);
      cairo_fill(cr);
    }
    for (std::size_t i = 0; i < cells.size(); ++i) {
      bool colour = !head && mark != 0 && i + 1 == cells.size();
      p.text(x + 4, y + 4, widths[i] - 8, cells[i], 9, head, colour ? (mark > 0 ? 0.1 : 0.8) : 0.1,
             colour ? (mark > 0 ? 0.55 : 0.15) : 0.1, colour ? (mark > 0 ? 0.2 : 0.15) : 0.1);
      x += widths[i];
    }
    cairo_set_source_rgb(cr, 0.85, 0.86, 0.88);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, kMargin, y + h);
    cairo_line_to(cr, kPageW - kMargin, y + h);
    cairo_stroke(cr);
    p.y() += h;
  };
  row(header, true, 0);
  for (std::size_t r = 0; r < rows.size(); ++r) row(rows[r], false, r < status.size() ? status[r] : 0);
  p.y() += 6;
}

// Horizontal bars: each ratio indicator with a target, value against its target line.
void target_chart(Pages& p, const std::vector<Value>& values) {
  std::vector<const Value*> shown;
  for (const auto& v : values)
    if (v.unit == "ratio" && v.target && v.value) shown.push_back(&v);
  if (shown.empty()) {
    p.y() += p.text(kMargin, p.y(), kPageW - 2 * kMargin, "本月暂无可与目标比较的数据。", 10, false, 0.4, 0.4, 0.4) + 10;
    return;
  }
  double bar = 16, gap = 10, label_w = 120, chart_w = kPageW - 2 * kMargin - label_w - 60;
  double h = shown.size() * (bar + gap) + 20;
  p.need(h);
  cairo_t* cr = p.cr();
  double y = p.y();
  for (const Value* v : shown) {
    p.text(kMargin, y, label_w - 6, v->name, 9);
    double x0 = kMargin + label_w;
    cairo_set_source_rgb(cr, 0.93, 0.94, 0.96);
    cairo_rectangle(cr, x0, y, chart_w, bar);
    cairo_fill(cr);
    if (v->value) {
      double w = std::clamp(*v->value, 0.0, 1.0) * chart_w;
      bool met = v->met.value_or(false);
      cairo_set_source_rgb(cr, met ? 0.18 : 0.85, met ? 0.60 : 0.33, met ? 0.34 : 0.25);
      cairo_rectangle(cr, x0, y, w, bar);
      cairo_fill(cr);
    }
    double tx = x0 + std::clamp(*v->target, 0.0, 1.0) * chart_w;
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.5);
    cairo_move_to(cr, tx, y - 3);
    cairo_line_to(cr, tx, y + bar + 3);
    cairo_stroke(cr);
    p.text(x0 + chart_w + 6, y + 1, 60, format_value(v->value, v->unit), 9);
    y += bar + gap;
  }
  p.text(kMargin + label_w, y, chart_w, "绿色：达到目标；橙色：未达到目标；竖线：目标值", 8, false, 0.4, 0.4, 0.4);
  p.y() = y + 20;
}

}  // namespace

std::optional<std::pair<Date, Date>> month_period(std::string_view period) {
  if (period.size() != 7 || period[4] != '-') return std::nullopt;
  auto first = parse_date(std::string(period) + "-01");
  if (!first) return std::nullopt;
  Date last = std::chrono::year_month_day_last(first->year(), std::chrono::month_day_last(first->month()));
  return std::pair{*first, last};
}

ReportData gather_report(db::Database& db, const IndexDefinition& index, std::string_view period) {
  auto p = month_period(period);
  if (!p) throw invalid("validation-failed", "报告期有误", std::string(period), {{"period", "应为 YYYY-MM，例如 2026-10"}});
  ReportData d;
  d.period = std::string(period);
  d.from = p->first;
  d.to = p->second;
  Date prev_last = std::chrono::sys_days(d.from) - std::chrono::days(1);
  Date prev_first = prev_last.year() / prev_last.month() / std::chrono::day{1};
  d.indicators = indicators(db, Filter{d.from, d.to, "", "", ""});
  d.previous = indicators(db, Filter{prev_first, prev_last, "", "", ""});
  d.ranking = service_index(db, index, d.from, d.to);
  std::string lo = format_date(d.from), hi = format_date(d.to);
  d.problems = db.read([&](soci::session& sql) {
    std::vector<std::pair<std::string, long long>> out;
    soci::rowset<soci::row> rs = (sql.prepare << "SELECT category, COUNT(*) FROM fact_reports WHERE created_on >= :lo"
                                                 " AND created_on <= :hi GROUP BY category ORDER BY COUNT(*) DESC,"
                                                 " category",
                                  soci::use(lo), soci::use(hi));
    for (const auto& r : rs) out.emplace_back(r.get<std::string>(0), db::get_int(r, 1));
    return out;
  });
  return d;
}

std::string render_report_pdf(const ReportData& d) {
  std::string out;
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_pdf_surface_create_for_stream(append, &out, kPageW, kPageH), cairo_surface_destroy);
  std::string title = fmt::format("{}智慧好办运营分析报告", d.district);
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "haoban");
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()), cairo_destroy);
  Pages p(cr.get());
  double width = kPageW - 2 * kMargin;

  // Title block.
  cairo_set_source_rgb(cr.get(), 0.76, 0.10, 0.12);
  cairo_rectangle(cr.get(), 0, 0, kPageW, 8);
  cairo_fill(cr.get());
  p.y() += 10;
  p.y() += p.text(kMargin, p.y(), width, title, 22, true) + 6;
  int year = static_cast<int>(d.from.year());
  unsigned month = static_cast<unsigned>(d.from.month());
  p.y() += p.text(kMargin, p.y(), width,
                  fmt::format("报告期：{} 年 {} 月（{} 至 {}）", year, month, format_date(d.from), format_date(d.to)), 10,
                  false, 0.35, 0.35, 0.35) +
           2;
  p.y() += p.text(kMargin, p.y(), width, "生成时间：" + d.generated_at, 10, false, 0.35, 0.35, 0.35) + 14;

  // 1. Indicators against targets.
  p.heading("一、核心指标与目标");
  std::vector<std::vector<std::string>> rows;
  std::vector<int> status;
  for (std::size_t i = 0; i < d.indicators.size(); ++i) {
    const Value& v = d.indicators[i];
    const Value* prev = i < d.previous.size() ? &d.previous[i] : nullptr;
    std::string change = "—";
    if (prev && prev->value && v.value) {
      double delta = *v.value - *prev->value;
      change = v.unit == "ratio"  ? fmt::format("{:+.1f} 个百分点", delta * 100)
               : v.unit == "yuan" ? (delta < 0 ? "-" : "+") + format_value(std::abs(delta), v.unit)
               : v.unit == "count" ? fmt::format("{:+.0f}", delta)
                                   : fmt::format("{:+.1f}", delta);
    }
    std::string verdict = !v.target ? "—" : !v.met ? "暂无数据" : *v.met ? "达标" : "未达标";
    // An indicator whose source does not exist yet says so rather than "no data".
    std::string shown = !v.value && !v.note.empty() ? "未上线" : format_value(v.value, v.unit);
    rows.push_back({v.name, shown, change, format_target(v), verdict});
    status.push_back(!v.met ? 0 : *v.met ? 1 : -1);
  }
  table(p, {150, 90, 95, 90, width - 425}, {"指标", "本月", "较上月", "目标", "是否达标"}, rows, status);
  p.need(200);  // the chart's heading stays with the chart
  p.heading("二、目标达成情况");
  target_chart(p, d.indicators);

  // 2. Ranking.
  p.heading("三、部门政务服务指数排名");
  rows.clear();
  status.clear();
  for (const auto& r : d.ranking) {
    auto name = d.department_names.count(r.department) ? d.department_names.at(r.department) : r.department;
    std::string moved = "—";
    if (!r.contributions.empty() && std::abs(r.contributions.front().delta) > 0.05)
      moved = fmt::format("{}（{:+.1f}）", r.contributions.front().name, r.contributions.front().delta);
    std::string change = r.score && r.previous ? fmt::format("{:+.1f}", *r.score - *r.previous) : "—";
    rows.push_back({r.rank ? std::to_string(r.rank) : "—", name, r.score ? fmt::format("{:.1f}", *r.score) : "暂无数据",
                    change, moved});
  }
  if (rows.empty()) rows.push_back({"—", "本月暂无可计算指数的部门", "", "", ""});
  table(p, {40, 150, 70, 70, width - 330}, {"排名", "部门", "指数", "较上期", "主要变动指标"}, rows);

  // 3. Problems and rectification.
  p.heading("四、突出问题与整改");
  rows.clear();
  for (const auto& [name, n] : d.problems) rows.push_back({name, std::to_string(n)});
  if (rows.empty()) rows.push_back({"本月未收到办不成事反映", "0"});
  table(p, {width - 100, 100}, {"办不成事问题类别", "反映件数"}, rows);
  rows.clear();
  for (const auto& pl : d.plans)
    rows.push_back({pl.title, pl.department, std::to_string(pl.reports), pl.status == "done" ? "已完成" : "整改中",
                    pl.measures});
  if (!rows.empty())
    table(p, {110, 80, 50, 55, width - 295}, {"类案整改方案", "牵头部门", "覆盖反映", "状态", "整改措施"}, rows);

  p.need(30);
  p.y() += 6;
  p.text(kMargin, p.y(), width,
         "指标口径见 docs/metrics.md；数据来自主题数据库（由审计日志增量同步），可在驾驶舱中逐项追溯到办件。", 8, false,
         0.45, 0.45, 0.45);
  p.finish();
  cr.reset();
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    throw Error(ErrorKind::internal, "report-render", "报告生成失败",
                cairo_status_to_string(cairo_surface_status(surface.get())));
  return out;
}

}  // namespace haoban::analytics
