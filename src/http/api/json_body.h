// Reading JSON request bodies with errors a person can act on: malformed JSON (with the byte
// offset), invalid UTF-8, wrong types, missing and unknown fields — all as Error(invalid) with
// field-level messages, thrown before anything is changed.
#pragma once

#include <boost/json/object.hpp>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "http/api/http.h"

namespace haoban::http {

// Parses the body as a JSON object. Requires Content-Type application/json (415 otherwise).
boost::json::object parse_object(const Request& req);

// Field access that collects errors; call done() to throw them all at once.
class JsonFields {
 public:
  // `allowed`: every field the endpoint understands; any other is an error.
  JsonFields(const boost::json::object& o, std::initializer_list<std::string_view> allowed);
  std::string required_string(std::string_view name, std::size_t max_len = 4096);
  std::optional<std::string> optional_string(std::string_view name, std::size_t max_len = 4096);
  void done() const;  // throws Error(invalid) listing every problem found

 private:
  const boost::json::object& o_;
  std::vector<FieldError> errors_;
};

}  // namespace haoban::http
