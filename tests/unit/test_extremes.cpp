// Extreme but legal inputs: the model runs, stays consistent (invariants on)
// and reports what such a system would do.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "caseflow/model/replication.h"
#include "caseflow/runner/runner.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

Model default_model(std::vector<std::string> overrides) {
  ModelOptions options;
  options.check_invariants = true;
  return Model(parse_scenario(test_support::read_source_file("configs/manchester-2016.yaml"), "m.yaml", overrides), options);
}

}  // namespace

TEST(Extremes, NoSocialWorkersAtAll) {
  const Model model = default_model({"simulation.years=1", "workforce.teams.assessment.workers={}",
                                     "workforce.teams.locality.workers={}", "workforce.teams.permanence.workers={}",
                                     "workforce.recruitment.time_to_hire={dist: fixed, value: 100, unit: years}",
                                     "workforce.recruitment.agency_share_cap=0"});
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "sw_fte"), 0);
  EXPECT_EQ(metric(table, model, 0, "unallocated_total"), 4953) << "every open child waits";
  EXPECT_TRUE(std::isnan(metric(table, model, 0, "caseload_mean"))) << "no workers: no caseload to report";
  EXPECT_GT(metric(table, model, 12, "unallocated_total"), 4953) << "work waits and referrals keep coming";
}

TEST(Extremes, CaseloadCapOfOneQueuesTheRest) {
  const Model model = default_model({"simulation.years=0.5", "workforce.allocation.when_full=queue",
                                     "workforce.teams.assessment.caseload_cap=1", "workforce.teams.locality.caseload_cap=1",
                                     "workforce.teams.permanence.caseload_cap=1", "workforce.grades.asye.caseload_cap=1"});
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "caseload_mean"), 1);
  EXPECT_EQ(metric(table, model, 0, "caseload_share_over_cap"), 0);
  EXPECT_GT(metric(table, model, 6, "unallocated_total"), 4000);
}

TEST(Extremes, CaseListsLongerThanAWorkersRecordHoldsStayConsistent) {
  // A worker's record holds 24 cases; a longer list moves to the heap
  // (WorkerCaseList, workforce.h). Three locality workers a locality hold
  // the city's CIN and CP cases, far past 24 each, and pass them on when
  // they leave or fall ill; the invariants (on) compare every worker's list
  // with the cases' records at each month end.
  const Model model =
      default_model({"simulation.years=1", "workforce.teams.locality.workers={asye: 0, social_worker: 3, senior: 0, agency: 0}"});
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "sw_fte"), 48 + 9 + 49);
  EXPECT_GT(metric(table, model, 0, "caseload_mean_locality"), 100) << "lists longer than a record holds";
  EXPECT_GT(metric(table, model, 12, "caseload_mean_locality"), 100);
}

TEST(Extremes, ZeroDemandEmptiesTheSystem) {
  const Model model = default_model({"simulation.years=25", "demand.contacts_per_year=0", "warm_start.re_referrals_pending=0",
                                     "children.re_referral.probability=0"});
  const auto table = model.run(0).table;
  // Everyone leaves within 18 years (care ends at adulthood).
  EXPECT_EQ(metric(table, model, 300, "open_total"), 0);
  EXPECT_EQ(metric(table, model, 300, "contacts"), 0);
}

TEST(Extremes, FiftyYearHorizon) {
  const Model model = default_model({"simulation.years=50"});
  const auto result = model.run(0);
  EXPECT_EQ(model.months(), 600);
  EXPECT_GT(metric(result.table, model, 600, "open_total"), 3000);
  EXPECT_LT(metric(result.table, model, 600, "open_total"), 7000);
}

TEST(Runner, EightThreadsGiveTheSameSummaryAsOne) {
  const Model model(parse_scenario(test_support::read_source_file("configs/manchester-2016.yaml"), "m.yaml",
                                   {"simulation.years=0.5"}));
  RunOptions one, eight;
  one.replications = eight.replications = 9;
  one.threads = 1;
  eight.threads = 8;
  const RunSummary a = run_replications(model, one), b = run_replications(model, eight);
  for (std::size_t m = 0; m < a.months(); ++m)
    for (std::size_t k = 0; k < a.metrics(); ++k) {
      const CellSummary x = a.cell(m, k).summary(), y = b.cell(m, k).summary();
      ASSERT_EQ(std::memcmp(&x, &y, sizeof x), 0) << model.metrics()[k].name << " month " << m;
    }
}

// A duration of millions of working days ends far past the horizon; it must
// not run off the end of the working-day calendar.
TEST(Extremes, EnormousWorkingDayDuration) {
  const Model model(parse_scenario(
      test_support::one_state_yaml(365, "{dist: fixed, value: 3000000, unit: working_days}", 10, 1), "huge.yaml"));
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 12, "exits_closure"), 0);
  EXPECT_GT(metric(table, model, 12, "open_cin"), 10);
}
