// `haoban address …`: train and evaluate the address labeller, parse and match addresses.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>

#include "app/config.h"

namespace haoban::app {

class AddressCli {
 public:
  // Registers the subcommands on `cli`; `state_flags` adds --data/--db/--resources to those that
  // open the platform's state.
  AddressCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags);
  ~AddressCli();
  // After parsing: the exit code if one of our subcommands ran, nullopt otherwise.
  std::optional<int> run(const std::function<Config()>& config);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::app
