// A team that holds no children's cases (`holds: []`: fostering and adoption
// support, say): its workers count as staff (FTE, posts, agency share,
// supervision, cost) but never in caseload, hours or utilisation figures,
// and they change nothing for the children of the teams that hold cases.
#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/replication.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

//! Children on CIN and CP plans with a team `t` of four permanent workers
//! (cap 5, over it when full), turnover and sickness on so that workers come
//! and go, hours and CP visits on, and contacts arriving; `support` adds
//! further teams.
Model support_model(const std::string& support, double years = 1) {
  const std::string yaml =
      "scenario: {name: support, start_date: 2021-01-01}\n"
      "simulation: {years: " + std::to_string(years) + ", seed: 5}\n"
      "calendar: {bank_holidays: none}\n"
      "demand: {contacts_per_year: 120}\n"
      "children: {entry_age_years: {dist: fixed, value: 0}}\n"
      "pathway:\n"
      "  entry: contact\n  referral: cin\n  assessment: cin\n"
      "  states:\n"
      "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: cin, probability: 0.6}, {to: cp, probability: 0.4}]}\n"
      "    cin: {category: cin, duration: {dist: exponential, mean: 90}, transitions: [{to: closure, probability: 1}]}\n"
      "    cp: {category: cp, duration: {dist: exponential, mean: 120}, transitions: [{to: closure, probability: 1}]}\n"
      "    closure: {category: exit}\n"
      "warm_start: {cases_csv: cases.csv}\n"
      "workforce:\n"
      "  grades: {sw: {}, asye: {caseload_cap: 3, newly_qualified: true}}\n"
      "  teams:\n"
      "    t: {holds: [cin, cp], caseload_cap: 5, workers: {sw: 4}, managers: 1}\n" + support +
      "  allocation: {when_full: over_cap}\n"
      "  turnover: {annual_rate: 0.3}\n"
      "  recruitment: {time_to_hire: {dist: fixed, value: 40}}\n"
      "workload:\n"
      "  hours_per_week: 10\n"
      "  leave_share: 0\n  training_share: 0\n  supervision_share: 0\n  non_case_share: 0\n"
      "  newly_qualified_development_share: 0\n"
      "  base_hours_per_child_month: {cin: 1, cp: 2}\n"
      "  tasks:\n"
      "    cp_visits: {states: [cp], hours: 2, priority: 1, first: {value: 10, unit: working_days}, every: {value: 10, unit: working_days}}\n";
  std::string extract = "state,children,days_in_state,ages\n";
  for (int i = 0; i < 12; ++i) extract += i % 3 == 0 ? "cp,1,0,1\n" : "cin,1,0,1\n";
  ModelOptions options;
  options.check_invariants = true;
  return Model(parse_scenario(yaml, "support.yaml", {}, [extract](const std::string&) { return extract; }), options);
}

const std::string kSupportTeam =
    "    support: {holds: [], workers: {sw: 2, asye: 1}, managers: 0, supervised_outside: true}\n";

}  // namespace

// Twelve children over t's four workers: a caseload of 3, whatever the three
// support workers; they count in the FTE and are supervised (outside), and
// the support team has no caseload or hours column.
TEST(TeamsWithoutCases, CountAsStaffButNotInCaseloads) {
  const Model m = support_model(kSupportTeam);
  const auto table = m.run(0).table;
  EXPECT_EQ(metric(table, m, 0, "caseload_mean"), 3);
  EXPECT_EQ(metric(table, m, 0, "caseload_per_fte"), 3);
  // No newly qualified worker holds cases: their mean is undefined, not 0.
  EXPECT_TRUE(std::isnan(metric(table, m, 0, "asye_caseload_mean")));
  EXPECT_EQ(metric(table, m, 0, "sw_fte"), 7);
  EXPECT_EQ(metric(table, m, 0, "sw_fte_support"), 3);
  EXPECT_EQ(metric(table, m, 0, "sw_posts"), 7);
  EXPECT_EQ(metric(table, m, 0, "supervision_coverage"), 1);
  for (const char* absent : {"caseload_mean_support", "unallocated_support", "utilisation_support", "workload_hours_per_fte_support"})
    EXPECT_LT(m.metrics().find(absent), 0) << absent;
}

// Without supervised_outside and with no managers, the support workers are
// outside any span: coverage is t's four of seven.
TEST(TeamsWithoutCases, WithNoManagersAndNoneOutsideTheyAreUnsupervised) {
  const Model m = support_model("    support: {holds: [], workers: {sw: 3}, managers: 0}\n");
  EXPECT_DOUBLE_EQ(metric(m.run(0).table, m, 0, "supervision_coverage"), 4.0 / 7.0);
}

// The support team's workers draw from their own streams and take no cases,
// so every figure of the children, of t's caseloads and of hours is the same
// value for value, month by month, with it or without it; only staff totals
// differ.
TEST(TeamsWithoutCases, ChangeNothingForTheChildren) {
  const Model with = support_model(kSupportTeam, 2), without = support_model("", 2);
  const std::set<std::string> staff_totals{"sw_fte", "sw_headcount", "sw_posts", "sw_vacancies", "sw_hires", "sw_leavers",
                                           "sw_absent", "business_support", "supervision_coverage"};
  for (std::uint64_t r = 0; r < 3; ++r) {
    const auto a = with.run(r).table, b = without.run(r).table;
    std::size_t compared = 0;
    for (std::size_t k = 0; k < without.metrics().size(); ++k) {
      const std::string& name = without.metrics()[k].name;
      if (staff_totals.count(name) || name.rfind("cost_", 0) == 0) continue;
      for (std::size_t month = 0; month <= static_cast<std::size_t>(without.months()); ++month) {
        const double x = b.at(month, k), y = metric(a, with, month, name);
        if (std::isnan(x)) {
          EXPECT_TRUE(std::isnan(y)) << name << " month " << month;
        } else {
          EXPECT_EQ(x, y) << name << " month " << month << " replication " << r;
        }
      }
      ++compared;
    }
    EXPECT_GT(compared, 20u);
  }
}

TEST(TeamsWithoutCases, RefuseACaseloadCap) {
  try {
    support_model("    support: {holds: [], caseload_cap: 10, workers: {sw: 1}, managers: 0}\n");
    FAIL() << "a team holding no states has no cap";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key_path(), "workforce.teams.support.caseload_cap");
    EXPECT_NE(e.message().find("holds no states"), std::string::npos) << e.message();
  }
}
