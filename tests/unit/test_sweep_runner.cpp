// The sweep runner: results in task order, the same whatever the threads,
// common random numbers across points, and a stop that leaves a prefix.
#include <atomic>
#include <map>

#include <gtest/gtest.h>

#include "caseflow/runner/sweep_runner.h"
#include "test_support.h"

namespace caseflow {
namespace {

struct Collected {
  std::vector<std::pair<std::size_t, std::uint64_t>> order;
  std::vector<double> values;  // open_total at the last month
  std::map<std::size_t, int> builds;
};

Collected run_all(const std::vector<SweepTask>& tasks, int threads, const std::atomic<int>* stop = nullptr,
                  std::size_t stop_after = 0, std::atomic<int>* trigger = nullptr) {
  // Point p: p * 1000 more contacts a year than point 0.
  Collected c;
  const SweepModelBuilder build = [&](std::size_t point) {
    ++c.builds[point];
    return std::make_shared<const Model>(parse_scenario(
        test_support::one_state_yaml(2000.0 + 1000.0 * static_cast<double>(point), "{dist: exponential, mean: 30}", 50, 1),
        "tiny.yaml"));
  };
  const SweepResultSink sink = [&](const SweepTask& task, const ReplicationResult& result) {
    EXPECT_EQ(result.replication, task.replication);
    c.order.emplace_back(task.point, task.replication);
    c.values.push_back(result.table.at(result.table.months() - 1, 0));
    if (trigger && c.order.size() == stop_after) trigger->store(1);
  };
  SweepRunOptions options;
  options.threads = threads;
  options.stop = stop;
  run_sweep_tasks(tasks, build, sink, options);
  return c;
}

std::vector<SweepTask> all_tasks(std::size_t points, std::uint64_t replications) {
  std::vector<SweepTask> tasks;
  for (std::size_t p = 0; p < points; ++p)
    for (std::uint64_t r = 0; r < replications; ++r) tasks.push_back({p, r});
  return tasks;
}

TEST(SweepRunner, TaskOrderAndValuesDoNotDependOnThreads) {
  const auto tasks = all_tasks(3, 6);
  const Collected one = run_all(tasks, 1), four = run_all(tasks, 4);
  ASSERT_EQ(one.order.size(), tasks.size());
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    EXPECT_EQ(one.order[i].first, tasks[i].point);
    EXPECT_EQ(one.order[i].second, tasks[i].replication);
  }
  EXPECT_EQ(one.order, four.order);
  EXPECT_EQ(one.values, four.values);
  for (const auto& [point, builds] : four.builds) EXPECT_EQ(builds, 1) << "point " << point << " built once";
}

TEST(SweepRunner, AResumedSubsetGivesTheSameValues) {
  // Replication k of a point is the same whether it runs with the others or alone.
  const Collected full = run_all(all_tasks(2, 4), 2);
  const Collected part = run_all({{1, 2}, {1, 3}}, 2);
  EXPECT_EQ(part.values[0], full.values[6]);
  EXPECT_EQ(part.values[1], full.values[7]);
}

TEST(SweepRunner, AStopLeavesAPrefixOfTheTasks) {
  const auto tasks = all_tasks(4, 8);
  std::atomic<int> stop{0};
  const Collected c = run_all(tasks, 2, &stop, 5, &stop);
  ASSERT_GE(c.order.size(), 5u);
  EXPECT_LT(c.order.size(), tasks.size());
  for (std::size_t i = 0; i < c.order.size(); ++i) EXPECT_EQ(c.order[i].first * 8 + c.order[i].second, i);
}

}  // namespace
}  // namespace caseflow
