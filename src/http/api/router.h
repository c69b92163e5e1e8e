// Routes: method + path pattern ("/api/v1/items/{id}") + the Access rule the server checks before
// the handler runs. Patterns are matched segment by segment; literal segments win over parameters.
// A last segment "{name...}" takes the rest of the path (one or more segments, joined by '/').
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/api/http.h"

namespace haoban::http {

// How a route's handler runs.
enum class Execution {
  worker,  // may block (SQL, files): runs on the worker pool
  inline_, // reads only memory: runs on the I/O thread when the caller's session is in the cache
};

struct Route {
  Method method;
  std::string pattern;
  Access access;
  Handler handler;
  Execution execution = Execution::worker;
  std::vector<std::string> segments;  // split pattern; "{name}" marks a parameter
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this method
  std::map<std::string, std::string> params;
  std::vector<Method> allowed;  // when the path exists under other methods (405)
};

class Router {
 public:
  // Registers a route. Throws std::logic_error for a duplicate method+pattern.
  void add(Method m, std::string pattern, Access access, Handler h, Execution execution = Execution::worker);
  RouteMatch match(Method m, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace haoban::http
