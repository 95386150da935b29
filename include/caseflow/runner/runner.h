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
#include <cmath>
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
//!
//! Tables are added cell by cell in batches: up to 32 replications'
//! tables wait in a buffer, then each cell takes its values from all of them
//! in replication order. Each cell sees the same values in the same order as
//! one table at a time would give it (so the same bits), but its histogram
//! is read once a batch instead of once a replication: table by table, every
//! value was a cache miss into a different cell's histogram (3-5% of a
//! peer-model run; issue 24, session 15). run_replications() returns with
//! nothing waiting; after add(), cell() or flush() adds what waits.
class RunSummary {
 public:
  RunSummary(std::size_t months, std::size_t metrics);
  //! Adds one replication's table (it may wait in the batch until a cell is read).
  void add(const MonthlyTable& table);
  //! One replication's table and events: what the runner adds, in index
  //! order, and a merge of shards or ranks adds after it.
  void add_replication(const ReplicationResult& result) {
    add(result.table);
    events += result.events;
  }
  //! Not safe to call from two threads at once while tables wait (it adds them).
  const CellStatistics& cell(std::size_t month, std::size_t metric) const {
    flush();
    return cells_[month * metrics_ + metric];
  }
  //! Adds the tables waiting in the batch, so that reads from several threads are safe.
  void flush() const {
    if (waiting_ > 0) add_waiting();
  }
  std::size_t months() const { return months_; }  // rows: month 0..months()-1
  std::size_t metrics() const { return metrics_; }

  std::uint64_t replications = 0;
  std::uint64_t events = 0;
  double wall_seconds = 0.0;
  int threads = 0;
  bool stopped = false;  // RunOptions::stop ended the run early: `replications` were summarised

 private:
  //! Adds the tables waiting in the batch to the cells, cell by cell.
  void add_waiting() const;
  void add_value(std::size_t cell, double value) const {
    // NaN means "not reported" (a flow in month 0, a share with nothing to share).
    if (!std::isnan(value)) cells_[cell].add(value);
  }

  std::size_t months_, metrics_;
  // Logically const: cell() completes the adds that add() began.
  mutable std::vector<CellStatistics> cells_;
  std::size_t batch_;                   // tables a batch holds
  mutable std::vector<double> waiting_values_;  // batch_ tables' values, one table after another
  mutable std::size_t waiting_ = 0;     // tables in the batch
};

RunSummary run_replications(const Model& model, const RunOptions& options);

}  // namespace caseflow
