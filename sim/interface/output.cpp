#include "caseflow/interface/output.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <streambuf>

namespace caseflow {

// A streambuf straight onto the file descriptor, so that a failed write keeps
// its errno (ENOSPC, EFBIG, EIO, ...) for the message; std::ofstream only
// sets badbit. After the first failure nothing more is written.
class AtomicFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(int fd) : fd_(fd) { setp(data_, data_ + sizeof data_); }
  ~Buffer() override {
    if (fd_ >= 0) ::close(fd_);
  }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  int error() const { return error_; }

  //! Writes out the buffer, syncs and closes; false with error() on failure.
  bool finish() {
    if (!drain()) return false;
    // Some filesystems (NFS, or a full disk with delayed allocation) report a
    // failed write only here. EINVAL: a file that cannot be synced (a device).
    if (::fsync(fd_) != 0 && errno != EINVAL) return failed(errno);
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0 && errno != EINTR) return failed(errno);
    return true;
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  bool failed(int error) {
    if (error_ == 0) error_ = error != 0 ? error : EIO;
    return false;
  }
  bool drain() {
    if (error_ != 0 || fd_ < 0) return failed(error_);
    for (const char* p = pbase(); p < pptr();) {
      const ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return failed(n < 0 ? errno : EIO);
      p += n;
    }
    setp(data_, data_ + sizeof data_);
    return true;
  }

  int fd_;
  int error_ = 0;
  char data_[1 << 16];
};

namespace {

int open_for_writing(const std::filesystem::path& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw OutputError("cannot create " + path.string() + ": " + std::strerror(errno));
  return fd;
}

}  // namespace

std::filesystem::path temporary_path(const std::filesystem::path& final_path) {
  return final_path.string() + "." + std::to_string(::getpid()) + ".partial";
}

AtomicFile::AtomicFile(std::filesystem::path final_path)
    : final_path_(std::move(final_path)),
      temp_path_(temporary_path(final_path_)),
      buffer_(std::make_unique<Buffer>(open_for_writing(temp_path_))),
      out_(buffer_.get()) {}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    buffer_.reset();  // closes the file if still open
    std::error_code ignored;
    std::filesystem::remove(temp_path_, ignored);
  }
}

void AtomicFile::fail(const std::string& what, int error) const {
  throw OutputError(what + " " + final_path_.string() + ": " + std::strerror(error));
}

void AtomicFile::check() const {
  if (buffer_->error() != 0) fail("cannot write", buffer_->error());
}

void AtomicFile::finish() {
  if (finished_) return;
  out_.flush();
  if (!buffer_->finish()) fail("cannot write", buffer_->error());
  finished_ = true;
}

void AtomicFile::commit() {
  finish();
  std::error_code error;
  std::filesystem::rename(temp_path_, final_path_, error);
  if (error) throw OutputError("cannot rename " + temp_path_.string() + " to " + final_path_.string() + ": " + error.message());
  committed_ = true;
}

OutputLock::OutputLock(const std::filesystem::path& dir) : path_(dir / kLockFileName) {
  int fd;
  do {
    fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
  } while (fd < 0 && errno == EINTR);
  // A directory this user cannot write to may still hold the lock file of an
  // earlier run: a read-only descriptor locks as well.
  if (fd < 0 && (errno == EACCES || errno == EROFS)) {
    do {
      fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
  }
  if (fd < 0) throw OutputError("cannot create " + path_.string() + ": " + std::strerror(errno));
  int locked;
  do {
    locked = ::flock(fd, LOCK_EX | LOCK_NB);
  } while (locked != 0 && errno == EINTR);
  if (locked != 0) {
    const int error = errno;
    if (error == ENOLCK || error == EOPNOTSUPP || error == ENOSYS) {
      // A filesystem without locks (some network mounts): the run goes on
      // unguarded rather than not at all, and says so (held() is false).
      ::close(fd);
      return;
    }
    std::string holder;  // the process id the holder wrote, if it has yet
    char buffer[32] = {};
    const ssize_t n = ::pread(fd, buffer, sizeof buffer - 1, 0);
    if (n > 0) holder = std::string(buffer, static_cast<std::size_t>(n));
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    ::close(fd);
    if (error == EWOULDBLOCK)
      throw OutputError("another caseflow run" + (holder.empty() ? std::string() : " (process " + holder + ")") +
                        " is writing to " + dir.string() +
                        ": this run stopped without writing anything; wait for that run to finish, or give this one "
                        "another directory with --out");
    throw OutputError("cannot lock " + path_.string() + ": " + std::strerror(error));
  }
  fd_ = fd;
  // Who holds it, for the message another run gives (best effort: the lock
  // is the flock, not this text).
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd_, 0) == 0) {
    [[maybe_unused]] const ssize_t written = ::pwrite(fd_, pid.data(), pid.size(), 0);
  }
}

OutputLock::~OutputLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

std::vector<std::string> remove_stale_temporaries(const std::filesystem::path& dir, const std::vector<std::string>& names) {
  namespace fs = std::filesystem;
  const std::string own = "." + std::to_string(::getpid()) + ".partial";
  std::vector<std::string> removed;
  std::error_code error;
  for (fs::directory_iterator it(dir, error), end; !error && it != end; it.increment(error)) {
    const std::string file = it->path().filename().string();
    for (const auto& name : names) {
      if (file.size() <= name.size() || file.compare(0, name.size(), name) != 0) continue;
      // NAME.partial (earlier caseflow builds) or NAME.<process id>.partial, not this process's own.
      const std::string rest = file.substr(name.size());
      const bool numbered = rest.size() > 9 && rest[0] == '.' && rest.compare(rest.size() - 8, 8, ".partial") == 0 &&
                            rest.find_first_not_of("0123456789", 1) == rest.size() - 8;
      if ((rest != ".partial" && !numbered) || rest == own) continue;
      std::error_code kind_error;
      const fs::file_status status = fs::symlink_status(it->path(), kind_error);
      if (kind_error || (!fs::is_regular_file(status) && !fs::is_symlink(status))) continue;
      std::error_code remove_error;
      if (fs::remove(it->path(), remove_error)) removed.push_back(file);
      else if (remove_error) throw OutputError("cannot remove " + it->path().string() + ", left by an earlier run: " + remove_error.message());
    }
  }
  if (error) throw OutputError("cannot list " + dir.string() + ": " + error.message());
  return removed;
}

std::string format_value(double value) {
  if (std::isnan(value)) return "";
  if (value == 0.0) return "0";  // no "-0"
  // As printf's %.10g, which the standard makes to_chars match (12 million
  // values compared), without the locale and the arbitrary-precision digits:
  // printf was 6% of the M/M/1 run (bench/mm1.yaml, 91,000 cells a run).
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, 10).ptr;
  return std::string(buffer, end);
}

void write_summary_csv(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                       const RunSummary& summary) {
  out << "scenario,month,metric,mean,sd,p5,p50,p95\n";
  for (std::size_t m = 0; m < summary.months(); ++m)
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const CellStatistics& cell = summary.cell(m, k);
      if (cell.count() == 0) continue;  // not reported this month (e.g. flows in month 0)
      const CellSummary s = cell.summary();
      out << scenario << ',' << m << ',' << metrics[k].name << ',' << format_value(s.mean) << ',' << format_value(s.sd)
          << ',' << format_value(s.p5) << ',' << format_value(s.p50) << ',' << format_value(s.p95) << '\n';
    }
}

void write_finance_csv(std::ostream& out, const std::string& scenario, const FinanceSummary& finance) {
  out << "scenario,financial_year,line,mean,sd,p5,p50,p95\n";
  const FinancialYears& years = finance.years();
  for (std::size_t y = 0; y < years.years().size(); ++y)
    for (std::size_t l = 0; l < years.lines(); ++l) {
      const CellSummary s = finance.cell(y, l);
      out << scenario << ',' << years.years()[y] << ',' << years.columns()[l].name << ',' << format_value(s.mean) << ','
          << format_value(s.sd) << ',' << format_value(s.p5) << ',' << format_value(s.p50) << ',' << format_value(s.p95) << '\n';
    }
}

void write_replication_header(std::ostream& out) { out << "scenario,replication,month,metric,value\n"; }

void write_replication_rows(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                            const ReplicationResult& result) {
  const MonthlyTable& table = result.table;
  for (std::size_t m = 0; m < table.months(); ++m)
    for (std::size_t k = 0; k < metrics.size(); ++k) {
      const double value = table.at(m, k);
      if (std::isnan(value)) continue;
      out << scenario << ',' << result.replication << ',' << m << ',' << metrics[k].name << ',' << format_value(value)
          << '\n';
    }
}

std::string fnv1a_hex(const std::string& text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (unsigned char ch : text) {
    hash ^= ch;
    hash *= 0x100000001b3ULL;
  }
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

}  // namespace caseflow
