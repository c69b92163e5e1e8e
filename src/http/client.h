// A small blocking HTTP/1.1 client for server-to-server calls (the ledger's witness round).
// Plain http:// only: witnesses sit on an internal network or behind a TLS-terminating proxy.
#pragma once

#include <chrono>
#include <string>
#include <utility>

namespace haoban::http {

struct ClientReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

// POSTs `body` to `url` ("http://host:port/path"). Throws Error(unavailable) when the peer cannot
// be reached or answers garbage within `timeout`, Error(invalid) for a URL it cannot use.
ClientReply post(const std::string& url, const std::string& body, const std::string& content_type,
                 std::chrono::seconds timeout = std::chrono::seconds(10));

}  // namespace haoban::http
