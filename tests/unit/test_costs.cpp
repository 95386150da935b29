// Costs: each line against its arithmetic in small configs where every
// FTE-day and child-day is known; the price modes against their closed
// forms; financial years split at 31 March by days; bad costs refused
// where they are written.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/costs_config.h"
#include "caseflow/model/replication.h"
#include "caseflow/model/workforce_config.h"
#include "caseflow/runner/finance.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

// ---- prices over time ------------------------------------------------------------

TEST(Costs, PayUpliftOnFirstAprilStepsOnlyThere) {
  const Date start = parse_date("2016-04-01");
  const Inflation uplift{InflationMode::financial_year, 0.01};
  const auto day = [&](const char* date) {
    return static_cast<double>((std::chrono::sys_days(parse_date(date)) - std::chrono::sys_days(start)).count());
  };
  EXPECT_DOUBLE_EQ(uplift.factor(start, 0), 1.0);  // the start's own 1 April is in the base prices
  EXPECT_DOUBLE_EQ(uplift.factor(start, day("2017-03-31")), 1.0);
  EXPECT_DOUBLE_EQ(uplift.factor(start, day("2017-04-01")), 1.01);
  EXPECT_DOUBLE_EQ(uplift.factor(start, day("2019-04-01")), std::pow(1.01, 3));
  // A start in June still steps on 1 April, not on its anniversary.
  const Date june = parse_date("2016-06-15");
  EXPECT_DOUBLE_EQ(uplift.factor(june, 289.5), 1.0);  // 31 March 2017
  EXPECT_DOUBLE_EQ(uplift.factor(june, 290), 1.01);   // 1 April 2017 is day 290
}

TEST(Costs, AnniversaryAndContinuousInflationMatchTheirClosedForms) {
  const Date june = parse_date("2016-06-15");
  const Inflation step{InflationMode::anniversary, 0.05};
  EXPECT_DOUBLE_EQ(step.factor(june, 364), 1.0);     // 14 June 2017
  EXPECT_DOUBLE_EQ(step.factor(june, 365), 1.05);    // 15 June 2017
  EXPECT_DOUBLE_EQ(step.factor(june, 730), 1.1025);  // 15 June 2018
  const Inflation smooth{InflationMode::continuous, 0.05};
  EXPECT_NEAR(smooth.factor(june, kDaysPerYear), 1.05, 1e-12);
  EXPECT_NEAR(smooth.factor(june, kDaysPerYear / 2), std::sqrt(1.05), 1e-12);
  EXPECT_DOUBLE_EQ(Inflation{}.factor(june, 1000), 1.0);
}

// ---- financial years -------------------------------------------------------------

TEST(Costs, FinancialYearsSplitAMonthSpanning31MarchByDays) {
  MetricRegistry metrics;
  metrics.stock("open_total", "not money");
  metrics.money("cost_x", "a line", "x", "investment");
  metrics.money("cost_y", "a line", "y", "savings");
  metrics.money("cost_total", "the total", "total");
  const Date start = parse_date("2016-06-15");
  const FinancialYears years(metrics, start, 12);
  ASSERT_EQ(years.years().size(), 2u);
  EXPECT_EQ(years.years()[0], "2016/17");
  EXPECT_EQ(years.years()[1], "2017/18");
  ASSERT_EQ(years.columns().size(), 5u);  // x, y, total, investment, savings
  MonthlyTable monthly(13, metrics.size());
  for (std::size_t m = 1; m <= 12; ++m) {
    monthly.at(m, 1) = 310.0;
    monthly.at(m, 2) = 31.0;
    monthly.at(m, 3) = 341.0;
  }
  const MonthlyTable by_year = years.by_year(monthly);
  // Months 1-9 (15 June to 15 March) in 2016/17; month 10 (15 March to 15
  // April, 31 days) puts 17 days there and 14 in 2017/18.
  EXPECT_NEAR(by_year.at(0, 0), 9 * 310.0 + 310.0 * 17 / 31, 1e-9);
  EXPECT_NEAR(by_year.at(1, 0), 2 * 310.0 + 310.0 * 14 / 31, 1e-9);
  EXPECT_NEAR(by_year.at(0, 0) + by_year.at(1, 0), 12 * 310.0, 1e-9);
  EXPECT_NEAR(by_year.at(0, 3), by_year.at(0, 0), 1e-9);  // the investment side is x alone
  EXPECT_NEAR(by_year.at(1, 4), by_year.at(1, 1), 1e-9);  // the savings side is y alone
  EXPECT_NEAR(by_year.at(0, 2), by_year.at(0, 0) + by_year.at(0, 1), 1e-9);
}

TEST(Costs, NoCostMetricsMeansNoFinancialYears) {
  MetricRegistry metrics;
  metrics.flow("entries_x", "not money");
  EXPECT_TRUE(FinancialYears(metrics, parse_date("2016-04-01"), 12).empty());
}

// ---- staff -----------------------------------------------------------------------

//! Two social workers, one senior and one locum (covering a social worker
//! post) in one team, nobody leaving, sick or hired in the run. Day rates are
//! chosen round: 36,525 a year is 100 a day.
std::string staff_yaml(const std::string& extra_costs = "") {
  std::ostringstream y;
  y << "scenario: {name: staff, start_date: 2021-01-01}\n"
    << "simulation: {years: 0.5, seed: 3}\n"
    << "calendar: {bank_holidays: none}\n"
    << "demand: {contacts_per_year: 0}\n"
    << "children: {entry_age_years: {dist: fixed, value: 0}}\n"
    << "pathway:\n  entry: contact\n  referral: work\n  assessment: work\n  states:\n"
    << "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}\n"
    << "    work: {category: cin, duration: {dist: fixed, value: 40}, transitions: [{to: closure, probability: 1}]}\n"
    << "    closure: {category: exit}\n"
    << "workforce:\n  grades: {sw: {}, senior: {}, agency: {agency: true}}\n"
    << "  teams: {t: {holds: [work], caseload_cap: 10, workers: {sw: 2, senior: 1, agency: 1}, managers: 1}}\n"
    << "  management: {locality_managers: 2, business_support_per_post: 0.5}\n"
    << "  turnover: {annual_rate: 0, agency_tenure: {dist: fixed, value: 10, unit: years}}\n"
    << "  recruitment: {time_to_hire: {dist: fixed, value: 20, unit: years}, qualified_grade: sw}\n"
    << "costs:\n  staff:\n"
    << "    grades: {sw: {salary: 36525, on_costs: 0}, senior: {salary: 18262.5, on_costs: 1, market_supplement: 36525}}\n"
    << "    agency: {premium: 0.5}\n"
    << "    team_manager: {salary: 109575, on_costs: 0}\n"
    << "    locality_manager: {salary: 36525, on_costs: 0}\n"
    << "    business_support: {salary: 36525, on_costs: 0}\n"
    << "    pay_uplift: {mode: financial_year, rate_per_year: 0.1}\n"
    << extra_costs;
  return y.str();
}

TEST(Costs, StaffArePricedByTheirFteDaysAndLocumsOnlyAsAgency) {
  const Model model(parse_scenario(staff_yaml(), "staff.yaml"));
  const auto table = model.run(0).table;
  // January, 31 days: 2 social workers at 100 a day and a senior at 200
  // (salary x 2 + supplement); the locum covers a social worker post at 150.
  EXPECT_NEAR(metric(table, model, 1, "cost_staff"), (2 * 100.0 + 200.0) * 31, 1e-6);
  EXPECT_NEAR(metric(table, model, 1, "cost_agency"), 150.0 * 31, 1e-6);
  // One team manager at 300 a day and two locality managers at 100.
  EXPECT_NEAR(metric(table, model, 1, "cost_management"), (300.0 + 2 * 100.0) * 31, 1e-6);
  // Business support: 0.5 per funded post, 4 posts (the locum's included).
  EXPECT_NEAR(metric(table, model, 1, "cost_business_support"), 2 * 100.0 * 31, 1e-6);
  EXPECT_NEAR(metric(table, model, 1, "cost_recruitment"), 0.0, 1e-12);
  // February, 28 days, still at base prices; April, 30 days, after the uplift.
  EXPECT_NEAR(metric(table, model, 2, "cost_staff"), 400.0 * 28, 1e-6);
  EXPECT_NEAR(metric(table, model, 4, "cost_staff"), 400.0 * 30 * 1.1, 1e-6);
  EXPECT_NEAR(metric(table, model, 4, "cost_agency"), 150.0 * 30 * 1.1, 1e-6);
  // The total is the sum of the lines.
  double lines = 0;
  for (const char* line : {"cost_staff", "cost_agency", "cost_management", "cost_business_support", "cost_recruitment",
                           "cost_new_posts", "cost_one_off"})
    lines += metric(table, model, 4, line);
  EXPECT_NEAR(metric(table, model, 4, "cost_total"), lines, 1e-6);
}

TEST(Costs, AnAgencyDayRateReplacesThePremium) {
  std::string yaml = staff_yaml();
  const std::string premium = "agency: {premium: 0.5}";
  yaml.replace(yaml.find(premium), premium.size(), "agency: {day_rate: 400, paid_days_per_year: 219.15}");
  const Model model(parse_scenario(yaml, "staff.yaml"));
  const auto table = model.run(0).table;
  EXPECT_NEAR(metric(table, model, 1, "cost_agency"), 400 * 219.15 / kDaysPerYear * 31, 1e-6);
}

TEST(Costs, NewPostsCostOnceAndThenEachYearFromTheDayTheyAreAdded) {
  std::string yaml = staff_yaml("    new_posts: {one_off: 1000, recurrent_per_year: 3652.5}\n");
  yaml.replace(yaml.find("  management:"), 0, "  establishment:\n    - {from: 2021-01-11, team: t, grade: sw, posts: 3}\n");
  const Model model(parse_scenario(yaml, "staff.yaml"));
  const auto table = model.run(0).table;
  EXPECT_NEAR(metric(table, model, 1, "cost_one_off"), 3 * 1000.0, 1e-6);
  EXPECT_NEAR(metric(table, model, 2, "cost_one_off"), 0.0, 1e-12);
  EXPECT_NEAR(metric(table, model, 1, "cost_new_posts"), 3 * 10.0 * 21, 1e-6);  // from 11 January: 21 days
  EXPECT_NEAR(metric(table, model, 2, "cost_new_posts"), 3 * 10.0 * 28, 1e-6);
  // The new posts are vacant (hiring takes 20 years): business support
  // follows funded posts, staff only people.
  EXPECT_NEAR(metric(table, model, 2, "cost_business_support"), 0.5 * 7 * 100.0 * 28, 1e-6);
  EXPECT_NEAR(metric(table, model, 2, "cost_staff"), 400.0 * 28, 1e-6);
}

// ---- placements, allowances, entries, declared lines ------------------------------

//! Ten children of 5 in care at the start, in care for the whole run.
std::string care_yaml(const std::string& costs, const std::string& care_duration = "{dist: fixed, value: 10000}",
                      double years = 1) {
  std::ostringstream y;
  y << "scenario: {name: care, start_date: 2021-01-01}\n"
    << "simulation: {years: " << years << ", seed: 5}\n"
    << "calendar: {bank_holidays: none}\n"
    << "demand: {contacts_per_year: 0}\n"
    << "children: {entry_age_years: {dist: fixed, value: 0}}\n"
    << "pathway:\n  entry: contact\n  referral: care\n  assessment: care\n  states:\n"
    << "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: care, probability: 1}]}\n"
    << "    care: {category: lac, duration: " << care_duration << ", transitions: [{to: adoption, probability: 1}]}\n"
    << "    adoption: {category: exit}\n"
    << "    closure: {category: exit}\n"
    << "warm_start: {cases_csv: cases.csv}\n"
    << "costs:\n"
    << costs;
  return y.str();
}

Model care_model(const std::string& yaml) {
  std::string extract = "state,children,days_in_state,ages\n";
  for (int k = 0; k < 10; ++k) extract += "care,1," + std::to_string(k) + ",5\n";
  return Model(parse_scenario(yaml, "care.yaml", {}, [extract](const std::string&) { return extract; }));
}

const char* kTwoTypes =
    "  placements:\n"
    "    types: {home: {weekly: 70}, far: {weekly: 700, ssda903: [R1/PR4]}}\n"
    "    mix: {home: 1, far: 0}\n";

TEST(Costs, PlacementsCostTheirChildDaysAtTheWeeklyRate) {
  const Model model = care_model(care_yaml(kTwoTypes));
  const auto table = model.run(0).table;
  EXPECT_NEAR(metric(table, model, 0, "placed_home"), 10.0, 0);
  EXPECT_NEAR(metric(table, model, 1, "cost_placements"), 10 * 10.0 * 31, 1e-6);
  EXPECT_NEAR(metric(table, model, 2, "cost_placements_home"), 10 * 10.0 * 28, 1e-6);
  EXPECT_NEAR(metric(table, model, 2, "cost_placements_far"), 0.0, 1e-12);
}

TEST(Costs, AShiftMovesItsPlacementsInEqualStepsAtMonthStarts) {
  const Model model = care_model(care_yaml(std::string(kTwoTypes) +
                                           "    shifts: [{name: out, from_type: home, to_type: far, placements: 6,"
                                           " from: 2021-02-01, until: 2021-04-01}]\n"));
  const auto table = model.run(0).table;
  // 1 March: 28 of 59 days gone, floor(6 x 28 / 59) = 2 moved; 1 April: all 6.
  EXPECT_NEAR(metric(table, model, 2, "placed_far"), 0.0, 0);
  EXPECT_NEAR(metric(table, model, 3, "placed_far"), 2.0, 0);
  EXPECT_NEAR(metric(table, model, 3, "cost_placements"), (8 * 10.0 + 2 * 100.0) * 31, 1e-6);
  EXPECT_NEAR(metric(table, model, 4, "cost_placements"), (4 * 10.0 + 6 * 100.0) * 30, 1e-6);
  EXPECT_NEAR(metric(table, model, 12, "placed_far"), 6.0, 0);
}

TEST(Costs, AShiftsPlacesAreFilledAgainWhenTheirChildrenLeaveCare) {
  // Five children leave on day 10, five stay; the shift's 5 places are made
  // by the first month start and filled from all ten at random, so those
  // who leave free places, filled again on 1 February from the stayers.
  const std::string yaml = care_yaml(std::string(kTwoTypes) +
                                     "    shifts: [{name: out, from_type: home, to_type: far, placements: 5,"
                                     " from: 2020-12-01, until: 2021-01-01}]\n");
  std::string extract = "state,children,days_in_state,ages\n";
  for (int k = 0; k < 5; ++k) extract += "care,1,9990,5\ncare,1,0,5\n";
  const Model model(parse_scenario(yaml, "care.yaml", {}, [extract](const std::string&) { return extract; }));
  int freed = 0;
  for (std::uint64_t r = 0; r < 20; ++r) {
    const auto table = model.run(r).table;
    freed += metric(table, model, 1, "placed_far") < 5.0;
    EXPECT_NEAR(metric(table, model, 2, "placed_far"), 5.0, 0) << "replication " << r;
    EXPECT_NEAR(metric(table, model, 2, "placed_home"), 0.0, 0) << "replication " << r;
  }
  EXPECT_GT(freed, 10);  // nearly always some places were freed in January (all kept: 1 in 252)
}

TEST(Costs, AllowancesAndEntryCostsFollowTheChildrenWhoLeave) {
  // Each child leaves for adoption within January; half the adopters get 70
  // a week for a year. Over two years every allowance is paid in full.
  const Model model = care_model(care_yaml(std::string(kTwoTypes) +
                                               "  allowances: [{name: adopters, exit: adoption, share: 0.5, weekly: 70, years: 1}]\n"
                                               "  per_entry: [{name: orders, state: adoption, cost: 250}]\n",
                                           "{dist: fixed, value: 20}", 2));
  const auto table = model.run(0).table;
  double allowances = 0, orders = 0, placements = 0;
  for (int m = 1; m <= model.months(); ++m) {
    allowances += metric(table, model, static_cast<std::size_t>(m), "cost_allowances");
    orders += metric(table, model, static_cast<std::size_t>(m), "cost_orders");
    placements += metric(table, model, static_cast<std::size_t>(m), "cost_placements");
  }
  EXPECT_NEAR(allowances, 10 * 0.5 * 10.0 * kDaysPerYear, 1e-6);
  EXPECT_NEAR(orders, 10 * 250.0, 1e-9);
  // Child k (k days in care already) leaves after 20 - k more days.
  double days = 0;
  for (int k = 0; k < 10; ++k) days += 20 - k;
  EXPECT_NEAR(placements, days * 10.0, 1e-6);
}

TEST(Costs, DeclaredLinesAccrueByDayAndOneOffsFallInTheirMonth) {
  const Model model = care_model(care_yaml(std::string(kTwoTypes) +
                                           "  declared:\n"
                                           "    - {name: pressure, annual: 36525, from: 2021-01-15, until: 2021-03-01}\n"
                                           "    - {name: launch, one_off: 5000, from: 2021-02-10}\n"));
  const auto table = model.run(0).table;
  EXPECT_NEAR(metric(table, model, 1, "cost_pressure"), 17 * 100.0, 1e-6);
  EXPECT_NEAR(metric(table, model, 2, "cost_pressure"), 28 * 100.0, 1e-6);
  EXPECT_NEAR(metric(table, model, 3, "cost_pressure"), 0.0, 1e-12);
  EXPECT_NEAR(metric(table, model, 2, "cost_launch"), 5000.0, 0);
  EXPECT_NEAR(metric(table, model, 1, "cost_launch"), 0.0, 0);
  EXPECT_NEAR(metric(table, model, 2, "cost_total"),
              metric(table, model, 2, "cost_pressure") + 5000.0 + metric(table, model, 2, "cost_placements"), 1e-6);
}

//! The children placed add up to the looked-after children at every month
//! end, however they came into care and left it (entries, splits of sibling
//! groups, adulthood, exits), and each replication's lines add up to its total.
void expect_placed_equal_looked_after(const Model& model, std::uint64_t replications) {
  const auto& metrics = model.metrics();
  for (std::uint64_t r = 0; r < replications; ++r) {
    const auto table = model.run(r).table;
    for (int m = 0; m <= model.months(); ++m) {
      double placed = 0, lines = 0;
      for (std::size_t k = 0; k < metrics.size(); ++k) {
        if (metrics[k].name.rfind("placed_", 0) == 0) placed += table.at(static_cast<std::size_t>(m), k);
        if (!metrics[k].finance_line.empty() && metrics[k].finance_line != "total" && m > 0) lines += table.at(static_cast<std::size_t>(m), k);
      }
      ASSERT_EQ(placed, metric(table, model, static_cast<std::size_t>(m), "open_lac")) << "replication " << r << ", month " << m;
      if (m > 0) {
        ASSERT_NEAR(lines, metric(table, model, static_cast<std::size_t>(m), "cost_total"), 1e-6 * (1 + std::fabs(lines)));
      }
    }
  }
}

TEST(Costs, EveryLookedAfterChildHasOnePlacementInTheManchesterScenario) {
  const Model model(parse_scenario(test_support::read_source_file("configs/manchester-2016.yaml"), "m.yaml", {"simulation.years=2"}));
  expect_placed_equal_looked_after(model, 2);
}

TEST(Costs, SiblingsSplitInCareKeepOnePlacementEach) {
  std::string yaml = care_yaml(std::string(kTwoTypes) + "    moves_per_year: 2\n", "{dist: exponential, mean: 200}", 2);
  const auto replace = [&](const std::string& from, const std::string& to) { yaml.replace(yaml.find(from), from.size(), to); };
  replace("    care: {category: lac,", "    care: {category: lac, split_siblings: true,");
  replace("demand: {contacts_per_year: 0}", "demand: {contacts_per_year: 300}");
  replace("children: {entry_age_years: {dist: fixed, value: 0}}",
          "children: {entry_age_years: {dist: uniform, min: 0, max: 17.9}, family_size: {dist: fixed, value: 3}}");
  expect_placed_equal_looked_after(care_model(yaml), 3);
}

// ---- bad costs ---------------------------------------------------------------------

//! The error a scenario gives, or "" if it loads.
ConfigError error_of(const std::string& yaml) {
  try {
    care_model(yaml);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no error";
  return ConfigError("", "", 0, "");
}

TEST(Costs, BadCostsAreRefusedWhereTheyAreWritten) {
  const ConfigError mix = error_of(care_yaml("  placements:\n    types: {home: {weekly: 70}, far: {weekly: 700}}\n    mix: {home: 0.5, far: 0.4}\n"));
  EXPECT_EQ(mix.key_path(), "costs.placements.mix");
  EXPECT_GT(mix.line(), 0);
  EXPECT_NE(mix.message().find("add up to 0.9"), std::string::npos) << mix.message();

  const ConfigError negative = error_of(care_yaml("  placements:\n    types: {home: {weekly: -70}}\n    mix: {home: 1}\n"));
  EXPECT_EQ(negative.key_path(), "costs.placements.types.home.weekly");
  EXPECT_GT(negative.line(), 0);

  const ConfigError unknown = error_of(care_yaml(std::string(kTwoTypes) +
                                                 "    shifts: [{name: s, from_type: ifa, to_type: far, placements: 1,"
                                                 " from: 2021-02-01, until: 2021-04-01}]\n"));
  EXPECT_EQ(unknown.key_path(), "costs.placements.shifts[0].from_type");
  EXPECT_NE(unknown.message().find("no placement type named 'ifa'"), std::string::npos) << unknown.message();

  const ConfigError clash = error_of(care_yaml(std::string(kTwoTypes) + "  declared: [{name: total, annual: 1, from: 2021-01-01}]\n"));
  EXPECT_NE(clash.message().find("caseflow's own cost lines"), std::string::npos) << clash.message();

  const ConfigError no_workforce =
      error_of(care_yaml("  staff: {grades: {}, agency: {premium: 0}, team_manager: {salary: 1, on_costs: 0}}\n"));
  EXPECT_EQ(no_workforce.key_path(), "costs.staff");
}

TEST(Costs, EveryGradeButAgencyNeedsAPayRate) {
  std::string yaml = staff_yaml();
  const std::string senior = ", senior: {salary: 18262.5, on_costs: 1, market_supplement: 36525}";
  yaml.replace(yaml.find(senior), senior.size(), "");
  try {
    parse_scenario(yaml, "staff.yaml");
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.key_path(), "costs.staff.grades");
    EXPECT_NE(e.message().find("'senior'"), std::string::npos) << e.message();
  }
}

}  // namespace

namespace {

// ---- the seed's business case ------------------------------------------------------

//! Seed 001 table 4: the table 5 posts (8 senior, 86 social workers, 9 newly
//! qualified, 14 team managers, 4 locality managers, 11 business support) at
//! the invest scenario's unit costs, with the £1.1m pressure it declares,
//! make £6.7m a year (social workers £5.2m with the pressure, team managers
//! £0.9m, locality managers £0.3m, business support £0.3m), each within 5%.
TEST(Costs, TheInvestPlansUnitCostsRebuildTheSeedsTable4) {
  const Scenario s = parse_scenario(test_support::read_source_file("configs/manchester-2016-invest.yaml"), "invest.yaml", {},
                                    [](const std::string& path) { return test_support::read_source_file("configs/" + path); });
  const CostsConfig& c = *s.costs;
  const auto grade = [&](const std::string& name) {
    for (std::size_t g = 0; g < s.workforce->grades.size(); ++g)
      if (s.workforce->grades[g].name == name) return c.staff.grade[g].annual();
    ADD_FAILURE() << "no grade " << name;
    return 0.0;
  };
  double pressure = 0;
  for (const auto& line : c.declared)
    if (line.name == "existing_pressure") pressure = line.annual;
  const double social_workers = 8 * grade("senior") + 86 * grade("social_worker") + 9 * grade("asye") + pressure;
  const double team_managers = 14 * c.staff.team_manager.annual();
  const double locality_managers = 4 * c.staff.locality_manager.annual();
  const double business_support = 11 * c.staff.business_support.annual();
  EXPECT_NEAR(social_workers, 5.2e6, 0.05 * 5.2e6);
  EXPECT_NEAR(team_managers, 0.9e6, 0.05 * 0.9e6);
  EXPECT_NEAR(locality_managers, 0.3e6, 0.05 * 0.3e6);
  EXPECT_NEAR(business_support, 0.3e6, 0.05 * 0.3e6);
  EXPECT_NEAR(social_workers + team_managers + locality_managers + business_support, 6.7e6, 0.05 * 6.7e6);
}

}  // namespace
