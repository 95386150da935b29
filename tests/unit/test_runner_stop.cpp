// The runner stops between replications when asked (a signal, in the CLI):
// what it summarised is replications 0..n-1, in order, and it says it stopped.
#include <atomic>

#include <gtest/gtest.h>

#include "caseflow/runner/runner.h"
#include "test_support.h"

using namespace caseflow;

namespace {

Model small_model() {
  return Model(parse_scenario(test_support::one_state_yaml(3650, "{dist: exponential, mean: 30}", 100, 1), "s.yaml"));
}

}  // namespace

TEST(Runner, StopsBetweenReplicationsWhenAsked) {
  const Model model = small_model();
  std::atomic<int> stop{0};
  RunOptions options;
  options.replications = 400;
  options.threads = 2;
  options.stop = &stop;
  std::vector<std::uint64_t> seen;
  options.on_replication = [&](const ReplicationResult& result) {
    seen.push_back(result.replication);
    if (seen.size() == 5) stop.store(2);
  };
  const RunSummary summary = run_replications(model, options);
  EXPECT_TRUE(summary.stopped);
  EXPECT_GE(summary.replications, 5u);
  EXPECT_LT(summary.replications, 5u + 2 * 4) << "at most the replications already handed out finish";
  ASSERT_EQ(seen.size(), summary.replications);
  for (std::size_t i = 0; i < seen.size(); ++i) EXPECT_EQ(seen[i], i) << "the first n, in order";
}

TEST(Runner, AStopBeforeTheStartRunsNothing) {
  const Model model = small_model();
  std::atomic<int> stop{15};
  RunOptions options;
  options.replications = 50;
  options.threads = 2;
  options.stop = &stop;
  const RunSummary summary = run_replications(model, options);
  EXPECT_TRUE(summary.stopped);
  EXPECT_EQ(summary.replications, 0u);
  stop.store(0);
  const RunSummary all = run_replications(model, options);
  EXPECT_FALSE(all.stopped);
  EXPECT_EQ(all.replications, 50u);
}
