// `haoban ledger …` and `haoban witness serve`: keys, offline verification, the witness process.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>

#include "app/config.h"

namespace haoban::app {

class LedgerCli {
 public:
  // Registers the subcommands on `cli`; `state_flags` adds --data/--db/--resources to those that
  // open the platform's state.
  LedgerCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags);
  ~LedgerCli();
  // After parsing: the exit code if one of our subcommands ran, nullopt otherwise. `config` is
  // called only by the commands that need the platform's configuration.
  std::optional<int> run(const std::function<Config()>& config);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::app
