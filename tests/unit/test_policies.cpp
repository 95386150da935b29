// Policies: values changed from a date. Before the first date nothing differs
// from the same scenario without policies, draw for draw; after it the new
// values are the model's; ramps step linearly; and a policy the model cannot
// honour, or one outside the run, is refused where it is written.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/policies.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/workforce_config.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

std::string manchester() { return test_support::read_source_file("configs/manchester-2016.yaml"); }

TEST(Policies, KeysTheModelCanHonourMidRun) {
  for (const char* key : {"demand.contacts_per_year", "demand.seasonality[7]", "demand.referring_agencies.police", "demand.levers",
                          "pathway.states.cp.transitions[0].probability", "pathway.states.lac.duration",
                          "workforce.teams.locality.caseload_cap", "workforce.teams.locality.workers.social_worker",
                          "workforce.recruitment.success_rate", "workforce.recruitment.agency_share_cap",
                          "costs.staff.agency.premium", "costs.placements.types.ifa.weekly", "costs.placements.mix[0].shares.ifa"})
    EXPECT_TRUE(policy_key_allowed(key)) << key;
  for (const char* key : {"workforce.localities", "pathway.states", "simulation.seed", "scenario.start_date", "workload.hours_per_week",
                          "costs.staff.pay_uplift", "demand.contacts_per_yaer", "workforce.allocation.when_full"})
    EXPECT_FALSE(policy_key_allowed(key)) << key;
}

// The months before the first policy are the baseline's, byte for byte, and
// the policy then changes them.
TEST(Policies, MonthsBeforeTheFirstPolicyAreTheBaselinesExactly) {
  const Model base(parse_scenario(manchester(), "m.yaml", {"simulation.years=2"}));
  const Model with(parse_scenario(manchester() + R"(
policies:
  - {from: 2016-11-01, set: {demand.contacts_per_year: 22000, workforce.teams.locality.caseload_cap: 15}}
)",
                                  "m.yaml", {"simulation.years=2"}));
  ASSERT_EQ(with.scenario().policy_epochs.size(), 1u);
  ASSERT_EQ(base.metrics().size(), with.metrics().size());
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto a = base.run(r), b = with.run(r);
    for (std::size_t m = 0; m <= 7; ++m)  // month 7 ends on 1 November 2016
      for (std::size_t k = 0; k < base.metrics().size(); ++k) {
        const double x = a.table.at(m, k), y = b.table.at(m, k);
        ASSERT_TRUE((std::isnan(x) && std::isnan(y)) || x == y) << "month " << m << " " << base.metrics()[k].name;
      }
    EXPECT_LT(metric(b.table, with, 12, "contacts"), metric(a.table, base, 12, "contacts"));
  }
}

// A demand policy: the contacts after the date are the new rate's, to within
// the Poisson noise of the replications.
TEST(Policies, DemandFromTheDateIsTheNewRate) {
  const std::string yaml = test_support::one_state_yaml(12000, "{dist: fixed, value: 10}", 0, 2) + R"(
policies:
  - {from: 2022-01-01, set: {demand.contacts_per_year: 36000}}
)";
  const Model model(parse_scenario(yaml, "p.yaml"));
  double before = 0, after = 0;
  const int reps = 10;
  for (int r = 0; r < reps; ++r) {
    const auto result = model.run(static_cast<std::uint64_t>(r));
    for (std::size_t m = 1; m <= 12; ++m) before += metric(result.table, model, m, "contacts");
    for (std::size_t m = 13; m <= 24; ++m) after += metric(result.table, model, m, "contacts");
  }
  // Poisson: the sd of a total with mean mu is sqrt(mu); 4 sd either side.
  const double mu_before = 12000.0 * 365 / kDaysPerYear * reps, mu_after = 36000.0 * 365 / kDaysPerYear * reps;
  EXPECT_NEAR(before, mu_before, 4 * std::sqrt(mu_before));
  EXPECT_NEAR(after, mu_after, 4 * std::sqrt(mu_after));
}

TEST(Policies, ARampStepsLinearlyAtEachMonthStart) {
  const std::string yaml = test_support::one_state_yaml(12000, "{dist: fixed, value: 10}", 0, 2) + R"(
policies:
  - {from: 2021-03-01, until: 2021-07-01, ramp: {demand.contacts_per_year: [12000, 4000]}}
)";
  const Scenario s = parse_scenario(yaml, "p.yaml");
  ASSERT_EQ(s.policy_epochs.size(), 5u);  // March, April, May, June, July
  const double from = 59, until = 181;    // 1 March and 1 July 2021, days from 1 January
  for (const auto& epoch : s.policy_epochs) {
    const double expected = 12000 + (4000 - 12000) * (epoch.day - from) / (until - from);
    EXPECT_NEAR(epoch.scenario->demand.contacts_per_year, expected, 1e-9) << epoch.day;
  }
  EXPECT_EQ(s.policy_epochs.front().day, from);
  EXPECT_EQ(s.policy_epochs.back().day, until);
}

// Posts added by a policy are funded from its date and recruited to.
TEST(Policies, PostsAndCapsChangeFromTheDate) {
  const Model model(parse_scenario(manchester() + R"(
policies:
  - {from: 2017-04-01, set: {workforce.teams.locality.workers.social_worker: 25, workforce.teams.permanence.caseload_cap: 16}}
)",
                                   "m.yaml", {"simulation.years=2"}));
  const auto result = model.run(0);
  EXPECT_EQ(metric(result.table, model, 12, "sw_posts"), 202);  // month 12 ends on 1 April 2017
  EXPECT_EQ(metric(result.table, model, 13, "sw_posts"), 232);  // 10 more in each of 3 localities
  const auto& epoch = model.scenario().policy_epochs.at(0);
  EXPECT_EQ(epoch.scenario->workforce->teams.at(2).caseload_cap, 16);
}

void expect_refused(const std::string& policies, const std::string& key_part, const std::string& message_part) {
  try {
    parse_scenario(manchester() + policies, "m.yaml");
    FAIL() << "accepted: " << policies;
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), "m.yaml");
    EXPECT_NE(e.key_path().find(key_part), std::string::npos) << e.what();
    EXPECT_NE(e.message().find(message_part), std::string::npos) << e.what();
    EXPECT_GT(e.line(), 620) << e.what();  // the policy's own line, after the file's
  }
}

TEST(Policies, RefusedWithFileKeyAndLine) {
  expect_refused("\npolicies:\n  - {from: 2017-01-01, set: {workforce.localities: [a, b]}}\n", "policies[0].set",
                 "cannot change during a run");
  expect_refused("\npolicies:\n  - {from: 2017-01-01, set: {demand.contacts_per_yaer: 3}}\n", "policies[0].set",
                 "cannot change during a run");
  expect_refused("\npolicies:\n  - {from: 2030-01-01, set: {demand.contacts_per_year: 3}}\n", "policies[0].from",
                 "start of a month of the run");
  expect_refused("\npolicies:\n  - {from: 2017-01-15, set: {demand.contacts_per_year: 3}}\n", "policies[0].from",
                 "start of a month of the run");
  expect_refused("\npolicies:\n  - {from: 2017-01-01, set: {demand.contacts_per_year: -3}}\n", "contacts_per_year", "from 2017-01-01");
  expect_refused("\npolicies:\n  - {from: 2017-01-01, set: {\"pathway.states.cp.transitions[0].to\": lac}}\n", "policies[0].set",
                 "fixed for a run");
  expect_refused("\npolicies:\n  - {from: 2017-01-01, until: 2016-12-01, ramp: {demand.contacts_per_year: [1, 2]}}\n",
                 "policies[0].until", "after");
  expect_refused("\npolicies:\n  - {from: 2017-01-01, ramp: {demand.contacts_per_year: 5}}\n", "policies[0].until", "missing");
}

}  // namespace
