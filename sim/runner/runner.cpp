#include "caseflow/runner/runner.h"

#include <chrono>
#include <cmath>

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

// oneTBB's scheduler lives in a library ThreadSanitizer does not see into, so
// the ordering it gives the pipeline's hand-offs is invisible to TSan. In TSan
// builds each stage says so itself: it acquires at its start what earlier
// stages released at their end. Replications that run at the same time are
// still unordered, so shared mutable state between them is still reported.
#if defined(__SANITIZE_THREAD__)
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#define CASEFLOW_HANDOFF_BEGIN(address) __tsan_acquire(address)
#define CASEFLOW_HANDOFF_END(address) __tsan_release(address)
#else
#define CASEFLOW_HANDOFF_BEGIN(address) ((void)(address))
#define CASEFLOW_HANDOFF_END(address) ((void)(address))
#endif

namespace caseflow {

void RunSummary::add(const MonthlyTable& table) {
  for (std::size_t m = 0; m < months_; ++m)
    for (std::size_t k = 0; k < metrics_; ++k) {
      const double value = table.at(m, k);
      // NaN means "not reported" (a flow in month 0, a share with nothing to share).
      if (!std::isnan(value)) cells_[m * metrics_ + k].add(value);
    }
  ++replications;
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
  int handoff = 0;  // only its address is used, by the TSan annotations
  CASEFLOW_HANDOFF_END(&handoff);
  arena.execute([&] {
    std::uint64_t next = options.first_replication;
    const std::uint64_t end = options.first_replication + options.replications;
    // A few tokens per thread keep every core busy while bounding memory.
    const auto tokens = static_cast<std::size_t>(threads) * 4;
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::uint64_t>(tbb::filter_mode::serial_in_order,
                                              [&](tbb::flow_control& control) -> std::uint64_t {
                                                CASEFLOW_HANDOFF_BEGIN(&handoff);
                                                std::uint64_t index = 0;
                                                if (next >= end) {
                                                  control.stop();
                                                } else {
                                                  index = next++;
                                                }
                                                CASEFLOW_HANDOFF_END(&handoff);
                                                return index;
                                              }) &
            tbb::make_filter<std::uint64_t, ReplicationResult>(
                tbb::filter_mode::parallel,
                [&](std::uint64_t index) {
                  CASEFLOW_HANDOFF_BEGIN(&handoff);
                  ReplicationResult result = model.run(index);
                  CASEFLOW_HANDOFF_END(&handoff);
                  return result;
                }) &
            tbb::make_filter<ReplicationResult, void>(tbb::filter_mode::serial_in_order,
                                                      [&](const ReplicationResult& result) {
                                                        CASEFLOW_HANDOFF_BEGIN(&handoff);
                                                        summary.add(result.table);
                                                        summary.events += result.events;
                                                        if (options.on_replication) options.on_replication(result);
                                                        CASEFLOW_HANDOFF_END(&handoff);
                                                      }));
  });
  CASEFLOW_HANDOFF_BEGIN(&handoff);
  summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace caseflow
