// Allocation within team managers' groups (allocation.intake:
// manager_groups): hand-checked loads against the team-wide choice.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "caseflow/model/replication.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

//! A CIN state held by one team of two managers, with `cases` single
//! children who stay all run; a locum leaves at a uniform point of a 10-day
//! tenure and nobody replaces them.
Model groups_model(const std::string& intake, const std::string& workers, int cases, const std::string& extra = "",
                   double contacts_per_year = 0, double managers = 2) {
  std::ostringstream y;
  y << "scenario: {name: groups, start_date: 2021-01-01}\n"
    << "simulation: {years: 0.25, seed: 3}\n"
    << "calendar: {bank_holidays: none}\n"
    << "demand: {contacts_per_year: " << contacts_per_year << "}\n"
    << "children: {entry_age_years: {dist: fixed, value: 0}}\n"
    << "pathway:\n  entry: contact\n  referral: cin\n  assessment: cin\n  states:\n"
    << "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: cin, probability: 1}]}\n"
    << "    cin: {category: cin, duration: {dist: fixed, value: 1000}, transitions: [{to: closure, probability: 1}]}\n"
    << "    closure: {category: exit}\n"
    << "warm_start: {cases_csv: cases.csv}\n"
    << "workforce:\n  grades: {sw: {}, agency: {agency: true}}\n"
    << "  teams: {t: {holds: [cin], caseload_cap: 10, workers: " << workers << ", managers: " << managers << "}}\n"
    << "  allocation: {intake: " << intake << ", when_full: over_cap}\n"
    << "  turnover: {agency_tenure: {dist: fixed, value: 10}}\n"
    << "  recruitment: {time_to_hire: {dist: fixed, value: 1000}, agency_lag: {dist: fixed, value: 1000}}\n"
    << extra;
  std::string extract = "state,children,days_in_state,ages\n";
  for (int i = 0; i < cases; ++i) extract += "cin,1,0,1\n";
  return Model(parse_scenario(y.str(), "groups.yaml", {}, [extract](const std::string&) { return extract; }), ModelOptions{});
}

}  // namespace

// Three workers join two managers' groups, the third the first group (the
// smaller). Twelve children go to the groups in turn, six each: the
// first group's two workers hold 3 and 3, the second group's one worker 6.
// Team-wide, each holds 4.
TEST(ManagerGroups, NewCasesGoToTheGroupsInTurnWhateverTheirStaffing) {
  const Model grouped = groups_model("manager_groups", "{sw: 3}", 12);
  const auto table = grouped.run(0).table;
  EXPECT_EQ(metric(table, grouped, 0, "caseload_mean"), 4);
  EXPECT_DOUBLE_EQ(metric(table, grouped, 0, "caseload_p90"), 5.4);  // type 7 on {3, 3, 6}
  EXPECT_DOUBLE_EQ(metric(table, grouped, 0, "caseload_p10"), 3);
  const Model team = groups_model("team", "{sw: 3}", 12);
  const auto even = team.run(0).table;
  EXPECT_EQ(metric(even, team, 0, "caseload_p90"), 4);
  EXPECT_EQ(metric(even, team, 0, "caseload_p10"), 4);
}

// Groups: {sw 1, sw 3} and {sw 2, locum}; eight children, two each. The
// locum's two stay in their group when they leave: loads 2, 4, 2. Team-wide
// they go to the least loaded, the earliest first: 3, 3, 2.
TEST(ManagerGroups, ALeaversCasesStayInTheirGroup) {
  const Model grouped = groups_model("manager_groups", "{sw: 3, agency: 1}", 8);
  const Model team = groups_model("team", "{sw: 3, agency: 1}", 8);
  for (std::uint64_t r = 0; r < 5; ++r) {
    const auto table = grouped.run(r).table;
    EXPECT_EQ(metric(table, grouped, 0, "caseload_p90"), 2);
    EXPECT_EQ(metric(table, grouped, 1, "sw_agency_ends"), 1);
    EXPECT_EQ(metric(table, grouped, 1, "worker_changes"), 2);
    EXPECT_DOUBLE_EQ(metric(table, grouped, 1, "caseload_p90"), 3.6);  // type 7 on {2, 2, 4}
    const auto even = team.run(r).table;
    EXPECT_DOUBLE_EQ(metric(even, team, 1, "caseload_p90"), 3);  // {2, 3, 3}
  }
}

// One manager's group of three gains a second manager on the first day: the
// team is regrouped {1, 3} and {2}, so worker 2 takes every other new child
// (about 150 of 300 in three months) and the others a quarter each. Without
// the regrouping the new group would be empty and the team share alike.
TEST(ManagerGroups, ANewManagerRegroupsTheTeam) {
  const std::string second_manager = "  establishment: [{from: 2021-01-01, team: t, managers: 1}]\n";
  const Model grouped = groups_model("manager_groups", "{sw: 3}", 0, second_manager, 1200, 1);
  const auto table = grouped.run(0).table;
  const double p10 = metric(table, grouped, 3, "caseload_p10"), p90 = metric(table, grouped, 3, "caseload_p90");
  EXPECT_EQ(metric(table, grouped, 3, "team_managers"), 2);
  EXPECT_GT(p90 / p10, 1.7) << p10 << " " << p90;  // {n/4, n/4, n/2}: p90 / p10 = 1.8
  const Model team = groups_model("team", "{sw: 3}", 0, second_manager, 1200, 1);
  const auto even = team.run(0).table;
  EXPECT_LT(metric(even, team, 3, "caseload_p90") - metric(even, team, 3, "caseload_p10"), 1.01);
}

TEST(ManagerGroups, AnUnknownIntakeNamesTheKey) {
  try {
    groups_model("pods", "{sw: 3}", 1);
    FAIL() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("workforce.allocation.intake: expected 'team'"), std::string::npos) << e.what();
  }
}
