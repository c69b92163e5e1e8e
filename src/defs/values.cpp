#include "defs/values.h"

#include <charconv>
#include <cmath>

#include "core/calendar.h"

namespace haoban::defs {

namespace json = boost::json;

std::optional<expr::Decimal> to_decimal(const boost::json::value& v, int decimals, std::string& err) {
  std::optional<expr::Decimal> d;
  if (v.is_int64()) {
    d = expr::Decimal::from_units(expr::Int128{v.as_int64()} * expr::Decimal::kOne);
  } else if (v.is_uint64()) {
    d = expr::Decimal::from_units(expr::Int128{v.as_uint64()} * expr::Decimal::kOne);
  } else if (v.is_double()) {
    double x = v.as_double();
    if (std::isfinite(x)) {
      char buf[64];
      auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed);
      if (r.ec == std::errc())
        d = expr::Decimal::parse(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
    }
  } else if (v.is_string()) {
    d = expr::Decimal::parse(v.as_string());
  }
  if (!d) {
    err = "应为数字";
    return std::nullopt;
  }
  if (auto r = d->rounded(decimals); !r || *r != *d) {
    err = decimals == 0 ? "应为整数" : "最多保留" + std::to_string(decimals) + "位小数";
    return std::nullopt;
  }
  return d;
}

boost::json::value decimal_json(const expr::Decimal& d, int decimals) {
  if (decimals == 0) return static_cast<std::int64_t>(d.units() / expr::Decimal::kOne);
  return boost::json::value(d.to_string(decimals));
}


// Sets the expression input of a field from its normalised JSON value.
void bind_field_value(expr::Bindings& b, int slot, const Field& f, const json::value& v) {
  switch (f.type) {
    case FieldType::number:
    case FieldType::money: {
      std::string err;
      auto d = to_decimal(v, f.decimals, err);
      if (!d) return;
      if (f.decimals == 0)
        b.set_int(slot, static_cast<std::int64_t>(d->units() / expr::Decimal::kOne));
      else
        b.set_decimal(slot, *d);
      return;
    }
    case FieldType::boolean:
      b.set_bool(slot, v.as_bool());
      return;
    case FieldType::date:
      b.set_date(slot, *parse_date(v.as_string()));
      return;
    case FieldType::multi_select: {
      auto list = b.set_list(slot);
      for (const auto& e : v.as_array()) list.add_string(e.as_string());
      return;
    }
    case FieldType::table: {
      auto list = b.set_list(slot);
      for (const auto& row : v.as_array()) {
        auto rec = list.add_record();
        for (const auto& col : f.columns) {
          auto it = row.as_object().find(col.key);
          if (it == row.as_object().end() || it->value().is_null()) continue;
          const json::value& c = it->value();
          switch (col.type) {
            case FieldType::number:
            case FieldType::money: {
              std::string err;
              if (auto d = to_decimal(c, col.decimals, err)) {
                if (col.decimals == 0)
                  rec.set_int(col.key, static_cast<std::int64_t>(d->units() / expr::Decimal::kOne));
                else
                  rec.set_decimal(col.key, *d);
              }
              break;
            }
            case FieldType::boolean:
              rec.set_bool(col.key, c.as_bool());
              break;
            case FieldType::date:
              rec.set_date(col.key, *parse_date(c.as_string()));
              break;
            default:
              rec.set_string(col.key, c.as_string());
          }
        }
      }
      return;
    }
    default:
      b.set_string(slot, v.as_string());
  }
}

// Converts a computed result to the field's JSON value.
json::value value_json(const Field& f, const expr::Value& v) {
  switch (v.kind()) {
    case expr::Kind::boolean:
      return v.as_bool();
    case expr::Kind::integer:
      return f.decimals > 0 ? decimal_json(expr::Decimal::from_int(v.as_int()), f.decimals)
                            : json::value(v.as_int());
    case expr::Kind::decimal: {
      auto r = v.as_decimal().rounded(f.decimals);
      return decimal_json(r.value_or(v.as_decimal()), f.decimals);
    }
    case expr::Kind::date:
      return json::value(format_date(v.as_date()));
    case expr::Kind::list: {
      json::array a;
      for (std::size_t i = 0; i < v.size(); ++i) {
        if (v[i].is_unknown()) continue;
        if (v[i].kind() == expr::Kind::string) {
          a.emplace_back(v[i].as_string());
        } else if (v[i].kind() == expr::Kind::record) {
          json::object row;
          for (std::size_t c = 0; c < f.columns.size() && c < v[i].size(); ++c)
            if (!v[i][c].is_unknown()) row[f.columns[c].key] = value_json(f.columns[c], v[i][c]);
          a.push_back(std::move(row));
        }
      }
      return a;
    }
    default:
      return json::value(std::string(v.as_string()));
  }
}

}  // namespace haoban::defs
