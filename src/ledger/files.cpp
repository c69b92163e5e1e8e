#include "ledger/files.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>
#include <fstream>
#include <sstream>

#include "core/error.h"

namespace haoban::ledger {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void io_failure(const std::string& what, const fs::path& p, int err) {
  throw Error(ErrorKind::unavailable, "ledger-io", "账本存储读写失败",
              what + " " + p.string() + ": " + std::strerror(err));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

}  // namespace

void write_durably(const fs::path& root, const fs::path& path, std::string_view data, std::set<fs::path>& dirs) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) io_failure("create directory", path.parent_path(), ec.value());
  fs::path tmp = path;
  tmp += ".tmp";
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (fd.get() < 0) io_failure("open", tmp, errno);
    size_t done = 0;
    while (done < data.size()) {
      ssize_t n = ::write(fd.get(), data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) io_failure("write", tmp, errno);
      done += static_cast<size_t>(n);
    }
    if (::fdatasync(fd.get()) != 0) io_failure("fdatasync", tmp, errno);
    if (::close(fd.release()) != 0) io_failure("close", tmp, errno);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) io_failure("rename", path, errno);
  for (fs::path d = path.parent_path(); !d.empty(); d = d.parent_path()) {
    dirs.insert(d);
    if (d == root || d == d.parent_path()) break;
  }
}

void sync_dirs(const std::set<fs::path>& dirs) {
  for (const auto& d : dirs) {
    Fd fd(::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) io_failure("open directory", d, errno);
    if (::fsync(fd.get()) != 0) io_failure("fsync directory", d, errno);
  }
}

std::optional<std::string> read_file(const fs::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    io_failure("open", path, errno);
  }
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) io_failure("read", path, errno);
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

}  // namespace haoban::ledger
