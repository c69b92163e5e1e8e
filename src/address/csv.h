// One CSV record (RFC 4180: quoted fields may hold commas and doubled quotes; no line breaks
// inside a record), as the gazetteer's files and `haoban address import` registers are written.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace haoban::address {

// The fields of `line`, unquoted; a trailing CR is dropped.
std::vector<std::string> split_csv_record(std::string_view line);

}  // namespace haoban::address
