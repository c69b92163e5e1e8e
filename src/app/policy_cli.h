// `haoban policy …`: evaluate policies over an entities file, run the policies' tests, check up one seeded
// enterprise or resident (政策体检), write a synthetic population for benchmarks.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>

#include "app/config.h"

namespace haoban::app {

class PolicyCli {
 public:
  // Registers the subcommands on `cli`; `state_flags` adds --data/--db/--resources.
  PolicyCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags);
  ~PolicyCli();
  // After parsing: the exit code if one of our subcommands ran, nullopt otherwise.
  std::optional<int> run(const std::function<Config()>& config);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::app
