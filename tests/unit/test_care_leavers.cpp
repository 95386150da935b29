// Care leavers: looked-after young people reaching adulthood may move to a
// care leavers' state (category leaving_care) instead of leaving, supported
// to 21 there, and held by a leaving-care team. They are adults, so they are
// not in open_total and never "reach adulthood" again.
#include <gtest/gtest.h>

#include <cmath>

#include "caseflow/model/replication.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

//! Contacts go into care at 17.5 and stay there; at 18 they become care
//! leavers until 21. `extra` is appended (warm start, workforce).
std::string care_leaver_yaml(double contacts_per_year, const std::string& extra = "") {
  return "scenario: {name: leavers, start_date: 2021-01-01}\n"
         "simulation: {years: 5, seed: 3}\n"
         "calendar: {bank_holidays: none}\n"
         "demand: {contacts_per_year: " + std::to_string(contacts_per_year) + "}\n"
         "children: {entry_age_years: {dist: fixed, value: 17.5}}\n"
         "pathway:\n"
         "  entry: contact\n  referral: care\n  assessment: care\n"
         "  states:\n"
         "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: care, probability: 1}]}\n"
         "    care: {category: lac, duration: {dist: fixed, value: 100000}, at_adulthood: care_leaver,"
         " transitions: [{to: closure, probability: 1}]}\n"
         "    care_leaver: {category: leaving_care, transitions: [{to: closure, probability: 1, duration: {until_age: 21}}]}\n"
         "    closure: {category: exit}\n" + extra;
}

double sum_months(const MonthlyTable& table, const Model& model, std::size_t first, std::size_t last, const std::string& name) {
  double total = 0;
  for (std::size_t m = first; m <= last; ++m) total += metric(table, model, m, name);
  return total;
}

}  // namespace

// Stationary after 3.5 years: care leavers are Poisson with mean λ × 3 years
// (M/G/∞ with a fixed 3-year stay), looked-after children λ × 0.5 years.
// Every young person reaching 18 in care moves on; none is counted open.
TEST(CareLeavers, SupportedFromAdulthoodToTwentyOne) {
  constexpr double kPerYear = 400;
  const Model model(parse_scenario(care_leaver_yaml(kPerYear), "leavers.yaml"));
  constexpr int kReplications = 20;
  double leavers = 0;
  for (int r = 0; r < kReplications; ++r) {
    const auto table = model.run(static_cast<std::uint64_t>(r)).table;
    const double in_care = metric(table, model, 54, "open_lac");
    const double care_leavers = metric(table, model, 54, "open_leaving_care");
    leavers += care_leavers;
    EXPECT_EQ(metric(table, model, 54, "open_total"), in_care);
    EXPECT_EQ(metric(table, model, 54, "in_system"), in_care + care_leavers);
    // Every move from care to the care leavers' state is a way out of care.
    EXPECT_EQ(sum_months(table, model, 1, 60, "lac_exits_care_leaver"), sum_months(table, model, 1, 60, "entries_care_leaver"));
    EXPECT_NEAR(metric(table, model, 30, "days_in_care_before_care_leaver"), 0.5 * kDaysPerYear, 1e-6);
    EXPECT_EQ(sum_months(table, model, 1, 60, "aged_out"), sum_months(table, model, 1, 60, "entries_care_leaver"));
  }
  const double expected = kPerYear * 3 * kReplications;
  EXPECT_NEAR(leavers, expected, 4 * std::sqrt(expected));
}

// Care leavers found at the start are 18 plus their time in the state: with
// no demand, all 300 have left by 21 (36 months), about half by month 18
// (binomial, 4 SE).
TEST(CareLeavers, WarmStartAgesFromAdulthood) {
  const Model model(parse_scenario(care_leaver_yaml(0, "warm_start: {open_by_state: {care_leaver: 300}}\n"), "leavers.yaml"));
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "open_leaving_care"), 300);
  EXPECT_EQ(metric(table, model, 0, "open_total"), 0);
  EXPECT_EQ(metric(table, model, 37, "open_leaving_care"), 0);
  EXPECT_NEAR(metric(table, model, 18, "open_leaving_care"), 150, 4 * std::sqrt(300 * 0.25));
}

// A leaving-care team (cap 20) holds them; its caseload is its care leavers.
TEST(CareLeavers, LeavingCareTeamHoldsThem) {
  const std::string workforce =
      "workforce:\n"
      "  grades: {sw: {}}\n"
      "  teams:\n"
      "    permanence: {holds: [care], caseload_cap: 20, workers: {sw: 30}, managers: 4}\n"
      "    leaving_care: {holds: [care_leaver], caseload_cap: 20, workers: {sw: 10}, managers: 2}\n"
      "  allocation: {when_full: queue}\n";
  ModelOptions options;
  options.check_invariants = true;
  const Model model(parse_scenario(care_leaver_yaml(0, "warm_start: {open_by_state: {care_leaver: 150}}\n" + workforce), "leavers.yaml"),
                    options);
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "caseload_mean_leaving_care"), 15);
  EXPECT_EQ(metric(table, model, 0, "unallocated_total"), 0);
  EXPECT_EQ(metric(table, model, 0, "caseload_mean_permanence"), 0);
}

TEST(CareLeavers, ConfigErrorsNameTheKey) {
  auto key_of_error = [](const std::string& yaml) {
    try {
      parse_scenario(yaml, "leavers.yaml");
    } catch (const ConfigError& e) {
      return e.key_path();
    }
    return std::string("no error");
  };
  std::string yaml = care_leaver_yaml(10);
  // Adults do not reach adulthood again.
  std::string twice = yaml;
  twice.replace(twice.find("care_leaver: {category: leaving_care,"), 37, "care_leaver: {category: leaving_care, at_adulthood: closure,");
  EXPECT_EQ(key_of_error(twice), "pathway.states.care_leaver.at_adulthood");
  // At adulthood a child goes to an exit or a care leavers' state, nowhere else.
  std::string to_open = yaml;
  to_open.replace(to_open.find("at_adulthood: care_leaver"), 25, "at_adulthood: care");
  EXPECT_EQ(key_of_error(to_open), "pathway.states.care.at_adulthood");
}
