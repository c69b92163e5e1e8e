#include "analytics/service_index.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace haoban::analytics {

namespace {

std::string at(const std::string& file, const YAML::Mark& m, std::string_view what) {
  return fmt::format("{}:{}:{}: {}", file, m.line + 1, m.column + 1, what);
}

// `n`'s field as a string; records a problem when it is missing or not a scalar.
std::string text(const YAML::Node& n, const char* field, const std::string& file, std::vector<std::string>& problems) {
  const YAML::Node v = n[field];
  if (!v || !v.IsScalar() || v.Scalar().empty()) {
    problems.push_back(at(file, n.Mark(), fmt::format("'{}' is required", field)));
    return "";
  }
  return v.Scalar();
}

double weight(const YAML::Node& n, const std::string& file, std::vector<std::string>& problems) {
  const YAML::Node v = n["weight"];
  try {
    if (v && v.IsScalar()) {
      double w = v.as<double>();
      if (w > 0 && w <= 1) return w;
    }
  } catch (const YAML::Exception&) {
  }
  problems.push_back(at(file, v ? v.Mark() : n.Mark(), "'weight' must be a number in (0, 1]"));
  return 0;
}

Date first_of_month(Date d) { return d.year() / d.month() / std::chrono::day{1}; }
Date last_of_month(Date d) { return std::chrono::year_month_day_last(d.year(), std::chrono::month_day_last(d.month())); }

struct Computed {
  std::optional<double> score;
  std::vector<std::pair<std::string, std::optional<double>>> dimensions;
  std::vector<Contribution> contributions;
};

Computed compute(db::Database& db, const IndexDefinition& def, const std::string& department, Date from, Date to) {
  Filter f{from, to, department, "", ""};
  Computed out;
  struct Dim {
    double weight;
    double sum_w = 0, sum = 0;
    std::vector<Contribution> parts;
  };
  std::vector<Dim> dims;
  double total_w = 0;
  for (const auto& d : def.dimensions) {
    Dim dim{d.weight};
    for (const auto& i : d.indicators) {
      Value v = indicator(db, i.key, f);
      Contribution c{i.key, v.name, d.id, v.value, indicator_score(v), i.weight, 0, 0};
      if (c.score) {
        dim.sum_w += i.weight;
        dim.sum += i.weight * *c.score;
      }
      dim.parts.push_back(std::move(c));
    }
    std::optional<double> ds;
    if (dim.sum_w > 0) {
      ds = dim.sum / dim.sum_w;
      total_w += d.weight;
    }
    out.dimensions.emplace_back(d.id, ds);
    dims.push_back(std::move(dim));
  }
  if (total_w <= 0) return out;
  double score = 0;
  for (std::size_t k = 0; k < dims.size(); ++k) {
    auto& dim = dims[k];
    if (dim.sum_w <= 0) {
      for (auto& c : dim.parts) c.weight = 0;
    } else {
      for (auto& c : dim.parts) {
        c.weight = c.score ? dim.weight / total_w * c.weight / dim.sum_w : 0;
        c.points = c.score ? c.weight * *c.score : 0;
        score += c.points;
      }
    }
    for (auto& c : dim.parts) out.contributions.push_back(std::move(c));
  }
  out.score = score;
  return out;
}

std::set<std::string> departments_in(db::Database& db, Date from, Date to) {
  std::string lo = format_date(from), hi = format_date(to);
  return db.read([&](soci::session& sql) {
    std::set<std::string> out;
    const std::pair<const char*, const char*> tables[] = {{"fact_applications", "submitted_on"},
                                                          {"fact_applications", "decided_on"},
                                                          {"fact_help", "created_on"},
                                                          {"fact_ratings", "created_on"},
                                                          {"fact_reports", "created_on"}};
    for (const auto& [t, col] : tables) {
      soci::rowset<std::string> rs =
          (sql.prepare << fmt::format("SELECT DISTINCT department FROM {0} WHERE department <> '' AND {1} >= :lo AND"
                                      " {1} <= :hi",
                                      t, col),
           soci::use(lo), soci::use(hi));
      for (const auto& d : rs) out.insert(d);
    }
    return out;
  });
}

}  // namespace

IndexLoad load_index(const std::filesystem::path& path) {
  IndexLoad out;
  std::string file = path.string();
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    out.problems.push_back(file + ":1:1: cannot be read");
    return out;
  } catch (const YAML::ParserException& e) {
    out.problems.push_back(at(file, e.mark, "YAML syntax error: " + e.msg));
    return out;
  }
  auto& p = out.problems;
  out.definition.name = text(root, "name", file, p);
  out.definition.version = text(root, "version", file, p);
  const YAML::Node dims = root["dimensions"];
  if (!dims || !dims.IsSequence() || dims.size() == 0) {
    p.push_back(at(file, root.Mark(), "'dimensions' must be a non-empty list"));
    return out;
  }
  std::set<std::string> known(indicator_keys().begin(), indicator_keys().end()), seen_dims, seen_keys;
  double total = 0;
  for (const auto& d : dims) {
    IndexDimension dim;
    dim.id = text(d, "id", file, p);
    dim.name = text(d, "name", file, p);
    if (d["about"] && d["about"].IsScalar()) dim.about = d["about"].Scalar();
    dim.weight = weight(d, file, p);
    total += dim.weight;
    if (!dim.id.empty() && !seen_dims.insert(dim.id).second)
      p.push_back(at(file, d.Mark(), "dimension '" + dim.id + "' appears twice"));
    const YAML::Node inds = d["indicators"];
    if (!inds || !inds.IsSequence() || inds.size() == 0) {
      p.push_back(at(file, d.Mark(), "'indicators' must be a non-empty list"));
      continue;
    }
    double sum = 0;
    for (const auto& i : inds) {
      IndexIndicator ii{text(i, "key", file, p), weight(i, file, p)};
      sum += ii.weight;
      if (!ii.key.empty() && !known.count(ii.key))
        p.push_back(at(file, i["key"].Mark(), "unknown indicator '" + ii.key + "' (docs/metrics.md lists them)"));
      else if (!ii.key.empty() && !seen_keys.insert(ii.key).second)
        p.push_back(at(file, i["key"].Mark(), "indicator '" + ii.key + "' is weighted twice"));
      dim.indicators.push_back(std::move(ii));
    }
    if (std::abs(sum - 1) > 1e-6)
      p.push_back(at(file, inds.Mark(), fmt::format("the weights of dimension '{}' add up to {:g}, not 1", dim.id, sum)));
    out.definition.dimensions.push_back(std::move(dim));
  }
  if (std::abs(total - 1) > 1e-6)
    p.push_back(at(file, dims.Mark(), fmt::format("the dimensions' weights add up to {:g}, not 1", total)));
  return out;
}

std::optional<double> indicator_score(const Value& v) {
  if (!v.value) return std::nullopt;
  double x = *v.value;
  if (!v.target) return v.unit == "ratio" ? std::optional<double>(std::clamp(x * 100, 0.0, 100.0)) : std::nullopt;
  double t = *v.target;
  bool lower_better = v.comparison == "<" || v.comparison == "<=";
  if (lower_better) return x <= 0 ? 100.0 : std::min(100.0, t / x * 100);
  return t <= 0 ? 100.0 : std::clamp(x / t * 100, 0.0, 100.0);
}

std::vector<DepartmentIndex> service_index(db::Database& db, const IndexDefinition& def, Date from, Date to) {
  // The previous period: the same number of days just before.
  auto days = std::chrono::sys_days(to) - std::chrono::sys_days(from);
  Date prev_to = std::chrono::sys_days(from) - std::chrono::days(1);
  Date prev_from = std::chrono::sys_days(prev_to) - days;
  std::set<std::string> depts = departments_in(db, from, to);
  for (const auto& d : departments_in(db, prev_from, prev_to)) depts.insert(d);
  std::vector<DepartmentIndex> out;
  for (const auto& dept : depts) {
    Computed now = compute(db, def, dept, from, to), before = compute(db, def, dept, prev_from, prev_to);
    DepartmentIndex di;
    di.department = dept;
    di.score = now.score;
    di.previous = before.score;
    di.dimensions = std::move(now.dimensions);
    std::map<std::string, double> was;
    for (const auto& c : before.contributions) was[c.key] = c.points;
    for (auto& c : now.contributions) {
      c.delta = c.points - was[c.key];
      di.contributions.push_back(std::move(c));
    }
    std::stable_sort(di.contributions.begin(), di.contributions.end(),
                     [](const auto& a, const auto& b) { return std::abs(a.delta) > std::abs(b.delta); });
    out.push_back(std::move(di));
  }
  std::stable_sort(out.begin(), out.end(), [](const DepartmentIndex& a, const DepartmentIndex& b) {
    if (a.score.has_value() != b.score.has_value()) return a.score.has_value();
    return a.score && *a.score > *b.score;
  });
  int rank = 0;
  for (auto& d : out)
    if (d.score) d.rank = ++rank;
  return out;
}

std::vector<std::pair<std::string, std::optional<double>>> index_trend(db::Database& db, const IndexDefinition& def,
                                                                       const std::string& department, Date to,
                                                                       int months) {
  std::vector<std::pair<std::string, std::optional<double>>> out;
  Date m = first_of_month(to);
  std::vector<Date> starts;
  for (int i = 0; i < months; ++i) {
    starts.push_back(m);
    m = first_of_month(std::chrono::sys_days(m) - std::chrono::days(1));
  }
  std::reverse(starts.begin(), starts.end());
  for (Date s : starts) {
    Date e = std::min(last_of_month(s), to);
    out.emplace_back(fmt::format("{:04}-{:02}", static_cast<int>(s.year()), static_cast<unsigned>(s.month())),
                     compute(db, def, department, s, e).score);
  }
  return out;
}

}  // namespace haoban::analytics
