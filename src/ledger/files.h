// Durable file primitives: the ledger's tiles and the e-material library's blobs.
#pragma once

#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace haoban::ledger {

// Writes `data` to `path` by temp file, fdatasync and rename, so a reader (or a crash) sees the old
// file or the new one, never a mix. Creates missing parent directories. Adds to `dirs` every
// directory whose entries changed, from the file's parent up to `root`: the caller fsyncs them
// (sync_dirs) before publishing anything that refers to the file. Throws Error on I/O failure.
void write_durably(const std::filesystem::path& root, const std::filesystem::path& path, std::string_view data,
                   std::set<std::filesystem::path>& dirs);

// fsync each directory, so renames and new names in it survive a power cut.
void sync_dirs(const std::set<std::filesystem::path>& dirs);

// The whole file, or nullopt if it does not exist. Throws Error on other I/O failures.
std::optional<std::string> read_file(const std::filesystem::path& path);

}  // namespace haoban::ledger
