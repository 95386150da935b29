//===----------------------------------------------------------------------===//
// output.h: files a run leaves behind, written so that a reader never sees a
// torn file: each is written beside its final name and renamed into place.
//===----------------------------------------------------------------------===//
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "caseflow/model/metrics.h"
#include "caseflow/runner/runner.h"

namespace caseflow {

//! An I/O failure: the path and the system's reason.
class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

//! A file that appears under its final name only when commit() succeeds;
//! destroyed uncommitted, it leaves nothing behind.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path final_path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  std::ostream& stream() { return out_; }
  //! Flushes, checks for write errors (e.g. a full disk), renames into place.
  void commit();

 private:
  std::filesystem::path final_path_, temp_path_;
  std::ofstream out_;
  bool committed_ = false;
};

//! Formats a number the same way on every run: up to 10 significant digits,
//! empty for NaN (a value not reported).
std::string format_value(double value);

//! summary.csv: scenario,month,metric,mean,sd,p5,p50,p95 (long form).
void write_summary_csv(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                       const RunSummary& summary);

//! Header and rows of replications.csv: scenario,replication,month,metric,value.
void write_replication_header(std::ostream& out);
void write_replication_rows(std::ostream& out, const std::string& scenario, const MetricRegistry& metrics,
                            const ReplicationResult& result);

//! FNV-1a 64-bit hash as 16 hex digits: identifies a config's exact text.
std::string fnv1a_hex(const std::string& text);

}  // namespace caseflow
