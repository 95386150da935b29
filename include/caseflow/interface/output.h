//===----------------------------------------------------------------------===//
// output.h: files a run leaves behind, written so that a reader never sees a
// torn file: each is written beside its final name and renamed into place.
//===----------------------------------------------------------------------===//
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "caseflow/model/metrics.h"
#include "caseflow/runner/finance.h"
#include "caseflow/runner/runner.h"

namespace caseflow {

//! An I/O failure: the path and the system's reason.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! The temporary name a file is written under before it is renamed into
//! place: NAME.<process id>.partial, so that no two processes share one.
std::filesystem::path temporary_path(const std::filesystem::path& final_path);

//! A file that appears under its final name only when commit() succeeds;
//! destroyed uncommitted, it leaves nothing behind (its temporary_path() file
//! is removed). Every failure, on creating, writing, flushing, syncing, closing
//! or renaming, throws OutputError with the file's name and the system's
//! reason (e.g. "No space left on device"); a write error is kept as it
//! happens and reported by check() or finish().
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path final_path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  std::ostream& stream() { return out_; }
  //! Throws if a write has already failed, so that a long run can stop early.
  void check() const;
  //! Writes out what is buffered, syncs it to disk and closes the file; the
  //! final name is not touched yet. Finish every file of a run before
  //! committing any, and a full disk leaves the previous run's files as they were.
  void finish();
  //! finish() if not yet done, then renames into place.
  void commit();

 private:
  class Buffer;  // a streambuf over the file descriptor that keeps the first error
  [[noreturn]] void fail(const std::string& what, int error) const;
  std::filesystem::path final_path_, temp_path_;
  std::unique_ptr<Buffer> buffer_;
  std::ostream out_;
  bool finished_ = false, committed_ = false;
};

//! One run's hold on its output directory: an exclusive flock(2) on the
//! directory's lock file (kLockFileName), kept for the object's life and
//! released by the system if the process dies. A second run into the
//! directory fails at once with OutputError naming the directory (and the
//! process holding it); it does not wait. The lock file itself stays.
class OutputLock {
 public:
  static constexpr const char* kLockFileName = ".caseflow.lock";
  explicit OutputLock(const std::filesystem::path& dir);
  ~OutputLock();
  //! False on a filesystem that does not support locks (ENOLCK, EOPNOTSUPP):
  //! the run goes on without the guard, and the caller should say so.
  bool held() const { return fd_ >= 0; }
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
};

//! Removes what runs that were killed left in `dir`: the temporary files
//! (NAME.<pid>.partial, and NAME.partial of older versions) of each of
//! `names`, not this process's own. Call it holding the directory's
//! OutputLock, so that no live run's files are taken. Returns the names removed.
std::vector<std::string> remove_stale_temporaries(const std::filesystem::path& dir, const std::vector<std::string>& names);

//! Formats a number the same way on every run: up to 10 significant digits,
//! empty for NaN (a value not reported).
std::string format_value(double value);

//! summary.csv: scenario,month,metric,mean,sd,p5,p50,p95 (long form).
void write_summary_csv(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                       const RunSummary& summary);

//! finance.csv: scenario,financial_year,line,mean,sd,p5,p50,p95 (long form):
//! each cost line (and total) by financial year, over the replications.
void write_finance_csv(std::ostream& out, const std::string& scenario, const FinanceSummary& finance);

//! Header and rows of replications.csv: scenario,replication,month,metric,value.
void write_replication_header(std::ostream& out);
void write_replication_rows(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                            const ReplicationResult& result);

//! FNV-1a 64-bit hash as 16 hex digits: identifies a config's exact text.
std::string fnv1a_hex(const std::string& text);

}  // namespace caseflow
