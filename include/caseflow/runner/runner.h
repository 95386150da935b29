//===----------------------------------------------------------------------===//
// runner.h: many replications in parallel, summarised month by month
//
// Replications run on a oneTBB pipeline: drawn in parallel, summarised in
// replication-index order. Each replication's random streams depend only on
// (seed, stream set, index), and the summary sees results in index order, so
// the output is byte-identical whatever the thread count. At most a few
// replications per thread are in memory at once.
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "caseflow/model/replication.h"
#include "caseflow/runner/statistics.h"

namespace caseflow {

struct RunOptions {
  std::uint64_t replications = 100;
  std::uint64_t first_replication = 0;  // for shards: run [first, first + replications)
  int threads = 0;                      // 0: all cores
  //! Called in replication-index order on the runner's thread, e.g. to write
  //! per-replication output; an exception stops the run and propagates.
  std::function<void(const ReplicationResult&)> on_replication;
  //! When set and it becomes non-zero (e.g. from a signal handler), no
  //! further replication starts; those under way finish, and the summary
  //! says `stopped`. Read, never written, by the runner.
  const std::atomic<int>* stop = nullptr;
};

//! Per-(month, metric) statistics over the replications run.
class RunSummary {
 public:
  RunSummary(std::size_t months, std::size_t metrics) : months_(months), metrics_(metrics), cells_(months * metrics) {}
  void add(const MonthlyTable& table);
  //! One replication's table and events: what the runner adds, in index
  //! order, and a merge of shards or ranks adds after it.
  void add_replication(const ReplicationResult& result) {
    add(result.table);
    events += result.events;
  }
  const CellStatistics& cell(std::size_t month, std::size_t metric) const { return cells_[month * metrics_ + metric]; }
  std::size_t months() const { return months_; }  // rows: month 0..months()-1
  std::size_t metrics() const { return metrics_; }

  std::uint64_t replications = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0.0;
  int threads = 0;
  bool stopped = false;  // RunOptions::stop ended the run early: `replications` were summarised

 private:
  std::size_t months_, metrics_;
  std::vector<CellStatistics> cells_;
};

RunSummary run_replications(const Model& model, const RunOptions& options);

}  // namespace caseflow
