#include "caseflow/runner/sweep_runner.h"

#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include "tbb_handoff.h"

namespace caseflow {

namespace {

struct InFlight {
  std::shared_ptr<const Model> model;
  ReplicationResult result;
  bool ran = false;
};

}  // namespace

std::size_t run_sweep_tasks(const std::vector<SweepTask>& tasks, const SweepModelBuilder& build,
                            const SweepResultSink& sink, const SweepRunOptions& options) {
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  const tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  const auto stopping = [&] { return options.stop && options.stop->load(std::memory_order_relaxed) != 0; };

  std::size_t next = 0;    // the input stage's
  bool input_stopped = false;
  std::size_t handed = 0;  // the output stage's
  bool output_stopped = false;
  std::shared_ptr<const Model> current;
  std::size_t current_point = 0;
  // As in run_replications: a few tokens per thread; task i lives in
  // slots[i % tokens], free again by the time task i + tokens starts. Each
  // slot holds its point's model, so a model lives until its last task ran.
  const auto tokens = static_cast<std::size_t>(threads) * 4;
  std::vector<InFlight> slots(tokens);

  detail::ArenaEntryHandoff entry(arena);

  const auto pipeline =
      tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                          [&](tbb::flow_control& control) -> std::size_t {
                                            CASEFLOW_HANDOFF_BEGIN(&next);
                                            std::size_t index = 0;
                                            if (!input_stopped && stopping()) input_stopped = true;
                                            if (next >= tasks.size() || input_stopped) {
                                              control.stop();
                                            } else {
                                              const SweepTask& task = tasks[next];
                                              if (!current || task.point != current_point) {
                                                current.reset();  // drop our hold on the last point's model first
                                                current = build(task.point);
                                                current_point = task.point;
                                              }
                                              InFlight& slot = slots[next % tokens];
                                              CASEFLOW_HANDOFF_BEGIN(&slot);
                                              slot.model = current;
                                              CASEFLOW_HANDOFF_END(&slot);
                                              index = next++;
                                            }
                                            CASEFLOW_HANDOFF_END(&entry);
                                            CASEFLOW_HANDOFF_END(&next);
                                            return index;
                                          }) &
      tbb::make_filter<std::size_t, std::size_t>(tbb::filter_mode::parallel,
                                                 [&](std::size_t index) {
                                                   InFlight& slot = slots[index % tokens];
                                                   CASEFLOW_HANDOFF_BEGIN(&slot);
                                                   slot.ran = !stopping();
                                                   if (slot.ran) slot.result = slot.model->run(tasks[index].replication);
                                                   slot.model.reset();
                                                   CASEFLOW_HANDOFF_END(&slot);
                                                   return index;
                                                 }) &
      tbb::make_filter<std::size_t, void>(tbb::filter_mode::serial_in_order, [&](std::size_t index) {
        const InFlight& slot = slots[index % tokens];
        CASEFLOW_HANDOFF_BEGIN(&handed);
        CASEFLOW_HANDOFF_BEGIN(&slot);
        // After a skipped task none later is handed back either: what the
        // sink stored is always a prefix of the tasks.
        if (!slot.ran) output_stopped = true;
        if (!output_stopped) {
          sink(tasks[index], slot.result);
          ++handed;
        }
        CASEFLOW_HANDOFF_END(&slot);
        CASEFLOW_HANDOFF_END(&handed);
      });
  // Once the pipeline is over, normally or by an exception, this thread
  // takes back what the stages released.
  const auto joined = [&] {
    CASEFLOW_HANDOFF_BEGIN(&next);
    CASEFLOW_HANDOFF_BEGIN(&handed);
    for (const InFlight& slot : slots) CASEFLOW_HANDOFF_BEGIN(&slot);
  };
  try {
    arena.execute([&] { tbb::parallel_pipeline(tokens, pipeline); });
  } catch (...) {
    joined();
    throw;
  }
  joined();
  return handed;
}

}  // namespace caseflow
