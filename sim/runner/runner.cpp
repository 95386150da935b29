#include "caseflow/runner/runner.h"

#include <chrono>
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "tbb_handoff.h"

// ThreadSanitizer and oneTBB. Debian's libtbb is not built with TSan, so the
// ordering its scheduler gives (a task is spawned before it runs; a pipeline
// token is handed from stage to stage; an in-order stage sees its items one
// at a time) is invisible, and every hand-off below would be reported as a
// race. In TSan builds the runner states each of those orderings itself with
// __tsan_release/__tsan_acquire on the object handed over, and nothing more:
//   - a replication's slot: input -> parallel -> summary stage, and from the
//     summary of replication i to the run of replication i + tokens, which
//     reuses the slot (TBB starts an item only while fewer than `tokens` are
//     in flight, and the in-order summary stage finishes them in order);
//   - each serial stage's own state (`next`, the summary) from one call to
//     the next;
//   - the runner's set-up to a worker thread joining the arena (tbb::
//     task_scheduler_observer). The worker is woken by the spawn that follows
//     the first input-stage call on this thread, which releases; TBB reads its
//     filter objects, built inside parallel_pipeline, before any stage of ours
//     could annotate, so this is the only place the worker can acquire.
// Replications are otherwise unordered, so state shared between two of them
// that are in flight together is still reported. The one suppression
// (tests/tsan.supp) is for libtbb's own calls into the C runtime (free() of
// its bookkeeping), never for code compiled into caseflow.
// The annotations themselves are in tbb_handoff.h, shared with the sweep.

namespace caseflow {

using detail::ArenaEntryHandoff;

namespace {
// The batch's buffer stays under this size (bytes), so that it adds little
// to a run's memory and stays in cache with the histograms it feeds. A
// table larger than half of it (a long horizon: 2,000 months of the default
// scenario's 161 metrics are 2.6 MB) gains nothing from a batch and is
// added at once, value by value, with no buffer.
constexpr std::size_t kBatchBytes = std::size_t{512} << 10;
constexpr std::size_t kMaxBatch = 32;
}  // namespace

RunSummary::RunSummary(std::size_t months, std::size_t metrics)
    : months_(months),
      metrics_(metrics),
      cells_(months * metrics),
      batch_(std::clamp<std::size_t>(kBatchBytes / std::max<std::size_t>(months * metrics * sizeof(double), 1), 1,
                                     kMaxBatch)) {}

void RunSummary::add(const MonthlyTable& table) {
  const std::size_t cells = cells_.size();
  if (table.months() != months_ || table.metrics() != metrics_)
    throw std::logic_error("RunSummary::add: the table's shape is not the summary's");
  // Refused here, whole, as a cell would refuse it value by value: what
  // waits in the batch can then always be added.
  for (std::size_t m = 0; m < months_; ++m)
    for (std::size_t k = 0; k < metrics_; ++k)
      if (std::isinf(table.at(m, k))) throw std::invalid_argument("statistics: value is not finite");
  ++replications;
  if (batch_ == 1) {
    for (std::size_t m = 0; m < months_; ++m)
      for (std::size_t k = 0; k < metrics_; ++k) add_value(m * metrics_ + k, table.at(m, k));
    return;
  }
  if (waiting_values_.empty()) waiting_values_.resize(batch_ * cells);
  double* into = waiting_values_.data() + waiting_ * cells;
  for (std::size_t m = 0; m < months_; ++m)
    for (std::size_t k = 0; k < metrics_; ++k) *into++ = table.at(m, k);
  if (++waiting_ == batch_) add_waiting();
}

void RunSummary::add_waiting() const {
  const std::size_t cells = cells_.size();
  for (std::size_t c = 0; c < cells; ++c)
    for (std::size_t t = 0; t < waiting_; ++t) add_value(c, waiting_values_[t * cells + c]);
  waiting_ = 0;
}

RunSummary run_replications(const Model& model, const RunOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  RunSummary summary(static_cast<std::size_t>(model.months()) + 1, model.metrics().size());
  summary.threads = threads;

  // Without this TBB caps an arena at the core count, so --threads 8 on a
  // 2-core machine would quietly run 2 (and the thread-count tests prove less).
  const tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);

  // A few tokens per thread keep every core busy while bounding memory. Items
  // carry only the replication index; replication i's result lives in
  // slots[i % tokens], which is free again by the time i + tokens starts.
  const auto tokens = static_cast<std::size_t>(threads) * 4;
  std::vector<ReplicationResult> slots(tokens);
  // Whether slot i holds a replication that ran (not one skipped on a stop);
  // written and read in the slot's hand-offs, as the slot is.
  std::vector<char> ran(tokens, 0);
  const auto stopping = [&] { return options.stop && options.stop->load(std::memory_order_relaxed) != 0; };
  bool stopped = false;  // the input stage's own, like `next`
  ArenaEntryHandoff entry(arena);
  std::uint64_t next = options.first_replication;
  const std::uint64_t end = options.first_replication + options.replications;

  const auto pipeline =
      tbb::make_filter<void, std::uint64_t>(tbb::filter_mode::serial_in_order,
                                            [&](tbb::flow_control& control) -> std::uint64_t {
                                              CASEFLOW_HANDOFF_BEGIN(&next);
                                              std::uint64_t index = 0;
                                              if (!stopped && stopping()) stopped = true;
                                              if (next >= end || stopped) {
                                                control.stop();
                                              } else {
                                                index = next++;
                                              }
                                              // What this thread did so far, the runner's set-up and
                                              // TBB's filter objects included, reaches a worker that
                                              // joins the arena after this call spawns its first task.
                                              CASEFLOW_HANDOFF_END(&entry);
                                              // Last: the runner takes back this call's reads, even of
                                              // the captures, before TBB frees and reuses the filters.
                                              CASEFLOW_HANDOFF_END(&next);
                                              return index;
                                            }) &
      tbb::make_filter<std::uint64_t, std::uint64_t>(tbb::filter_mode::parallel,
                                                     [&](std::uint64_t index) {
                                                       ReplicationResult& slot = slots[index % tokens];
                                                       CASEFLOW_HANDOFF_BEGIN(&slot);
                                                       // Handed out before a stop, not yet begun: skipped.
                                                       ran[index % tokens] = !stopping();
                                                       if (ran[index % tokens]) slot = model.run(index);
                                                       CASEFLOW_HANDOFF_END(&slot);
                                                       return index;
                                                     }) &
      tbb::make_filter<std::uint64_t, void>(tbb::filter_mode::serial_in_order, [&](std::uint64_t index) {
        const ReplicationResult& slot = slots[index % tokens];
        CASEFLOW_HANDOFF_BEGIN(&summary);
        CASEFLOW_HANDOFF_BEGIN(&slot);
        // After a skipped replication none later is summarised either, so
        // the summary always covers replications first..first+n-1.
        if (!ran[index % tokens]) summary.stopped = true;
        if (summary.stopped) {
          CASEFLOW_HANDOFF_END(&slot);
          CASEFLOW_HANDOFF_END(&summary);
          return;
        }
        summary.add_replication(slot);
        if (options.on_replication) options.on_replication(slot);
        CASEFLOW_HANDOFF_END(&slot);
        CASEFLOW_HANDOFF_END(&summary);
      });

  // Once the pipeline is over, normally or by an exception, this thread takes
  // back what the stages released.
  const auto joined = [&] {
    CASEFLOW_HANDOFF_BEGIN(&next);
    CASEFLOW_HANDOFF_BEGIN(&summary);
    for (const ReplicationResult& slot : slots) CASEFLOW_HANDOFF_BEGIN(&slot);
  };
  try {
    arena.execute([&] { tbb::parallel_pipeline(tokens, pipeline); });
  } catch (...) {
    joined();
    throw;
  }
  joined();
  summary.flush();
  if (stopped) summary.stopped = true;
  summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace caseflow
