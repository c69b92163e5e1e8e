// `haoban kb …`: search, ask 小宝, evaluate search on a question set, import/export entries, reindex.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <memory>
#include <optional>

#include "app/config.h"

namespace haoban::app {

class KbCli {
 public:
  // Registers the subcommands on `cli`; `state_flags` adds --data/--db/--resources.
  KbCli(CLI::App& cli, const std::function<void(CLI::App*)>& state_flags);
  ~KbCli();
  // After parsing: the exit code if one of our subcommands ran, nullopt otherwise.
  std::optional<int> run(const std::function<Config()>& config);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace haoban::app
