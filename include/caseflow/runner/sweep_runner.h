//===----------------------------------------------------------------------===//
// sweep_runner.h: the (point, replication) pairs of a sweep, in parallel
//
// One oneTBB pipeline over every pair still to run, as run_replications does
// for one scenario: each point's model is built once, in the serial input
// stage (so building overlaps the replications of earlier points), the
// replications run in parallel, and results are handed back in task order
// on one thread. Replication k of every point is a pure function of (that
// point's scenario, the base's seed, k): common random numbers across points,
// and results byte-identical whatever the thread count.
//===----------------------------------------------------------------------===//
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "caseflow/model/replication.h"

namespace caseflow {

struct SweepTask {
  std::size_t point = 0;
  std::uint64_t replication = 0;
};

struct SweepRunOptions {
  int threads = 0;  // 0: all cores
  //! When it becomes non-zero, no further task starts; those under way finish
  //! and are handed back.
  const std::atomic<int>* stop = nullptr;
};

//! Builds a point's model; called on one thread, once per point, in task order.
using SweepModelBuilder = std::function<std::shared_ptr<const Model>(std::size_t point)>;
//! Receives each finished task in task order, on one thread.
using SweepResultSink = std::function<void(const SweepTask&, const ReplicationResult&)>;

//! Runs `tasks` (grouped by point: a point's model is dropped once its last
//! task has started). Returns how many were handed to `sink`.
std::size_t run_sweep_tasks(const std::vector<SweepTask>& tasks, const SweepModelBuilder& build,
                            const SweepResultSink& sink, const SweepRunOptions& options);

}  // namespace caseflow
