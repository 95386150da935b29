// Demand, siblings, adulthood, re-referrals and the case-level warm start,
// each checked against what the configuration implies.
#include <gtest/gtest.h>

#include <cmath>
#include <regex>

#include "caseflow/model/replication.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

double total(const MonthlyTable& table, const Model& model, int first, int last, const std::string& name) {
  double sum = 0;
  for (int m = first; m <= last; ++m) sum += metric(table, model, static_cast<std::size_t>(m), name);
  return sum;
}

std::string replace(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  return text.replace(at, from.size(), to);
}

}  // namespace

// From 1 July a lever sends half the contacts elsewhere: none are diverted
// before, about half after (binomial tolerance, 4 standard errors), and
// `contacts` counts only those that reached the front door, so it halves.
TEST(Demand, LeverDivertsItsShareFromItsDate) {
  std::string yaml = test_support::one_state_yaml(7305, "{dist: exponential, mean: 10}", 0, 1);
  yaml = replace(yaml, "demand: {contacts_per_year: 7305}",
                 "demand: {contacts_per_year: 7305, levers: [{name: early-help, from: 2021-07-01, share: 0.5, to: closure}]}");
  const Model model(parse_scenario(yaml, "lever.yaml"));
  const auto table = model.run(0).table;
  EXPECT_EQ(total(table, model, 1, 6, "contacts_diverted"), 0);
  EXPECT_EQ(total(table, model, 1, 6, "entries_work"), total(table, model, 1, 6, "contacts"));
  const double contacts = total(table, model, 7, 12, "contacts");
  const double diverted = total(table, model, 7, 12, "contacts_diverted");
  const double made = contacts + diverted;
  EXPECT_NEAR(diverted, made / 2, 4 * std::sqrt(made / 4));
  EXPECT_EQ(total(table, model, 7, 12, "entries_work"), contacts);
  EXPECT_EQ(total(table, model, 7, 12, "children_entered"), made);
}

// The arrival rate follows the seasonality (normalised to a mean of 1) and
// grows by growth_per_year, compounding continuously in time.
TEST(Demand, SeasonalityAndGrowthShapeTheArrivals) {
  std::string yaml = test_support::one_state_yaml(3652.5, "{dist: exponential, mean: 10}", 0, 2);
  yaml = replace(yaml, "demand: {contacts_per_year: 3652.5}",
                 "demand: {contacts_per_year: 3652.5, growth_per_year: 0.5, seasonality: [3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]}");
  const Model model(parse_scenario(yaml, "season.yaml"));
  const int replications = 40;
  double january = 0, year1 = 0, year2 = 0;
  for (int r = 0; r < replications; ++r) {
    const auto table = model.run(static_cast<std::uint64_t>(r)).table;
    january += metric(table, model, 1, "contacts");
    year1 += total(table, model, 1, 12, "contacts");
    year2 += total(table, model, 13, 24, "contacts");
  }
  // January 2021: rate 10/day x 3 x 12/14, times the growth over January.
  const double g = std::log(1.5) / kDaysPerYear;
  const double expected_january = 10 * 3 * 12.0 / 14 * (std::exp(g * 31) - 1) / g;
  EXPECT_NEAR(january / replications, expected_january, 4 * std::sqrt(expected_january / replications));
  // Year 2 over year 1 is 1.5 whatever the season (same calendar months).
  const double se_ratio = 1.5 * std::sqrt(1 / year1 + 1 / year2);
  EXPECT_NEAR(year2 / year1, 1.5, 4 * se_ratio);
}

// Siblings referred together move together unless a state splits them.
TEST(Children, SiblingsMoveTogetherUnlessSplit) {
  std::string yaml = test_support::one_state_yaml(1000, "{dist: exponential, mean: 60}", 0, 1);
  yaml = replace(yaml, "children: {entry_age_years: {dist: fixed, value: 0}}",
                 "children: {entry_age_years: {dist: fixed, value: 0}, family_size: {dist: fixed, value: 3}}");
  const Model together(parse_scenario(yaml, "siblings.yaml"));
  const auto t = together.run(0).table;
  bool some_not_multiple = false;
  for (int m = 1; m <= 12; ++m) {
    EXPECT_EQ(std::fmod(metric(t, together, m, "open_cin"), 3.0), 0.0) << "month " << m;
    EXPECT_EQ(std::fmod(metric(t, together, m, "contacts"), 3.0), 0.0);
  }
  const Model apart(parse_scenario(replace(yaml, "work: {category: cin,", "work: {category: cin, split_siblings: true,"), "split.yaml"));
  const auto a = apart.run(0).table;
  for (int m = 1; m <= 12; ++m) some_not_multiple = some_not_multiple || std::fmod(metric(a, apart, m, "open_cin"), 3.0) != 0.0;
  EXPECT_TRUE(some_not_multiple);
}

// A child who turns 18 leaves by the state's adulthood exit, before the plan ends.
TEST(Children, AdulthoodEndsTheJourney) {
  std::string yaml = test_support::one_state_yaml(365.25, "{dist: fixed, value: 2, unit: years}", 0, 1);
  yaml = replace(yaml, "children: {entry_age_years: {dist: fixed, value: 0}}", "children: {entry_age_years: {dist: fixed, value: 17.5}}");
  yaml = replace(yaml, "work: {category: cin,", "work: {category: lac, at_adulthood: left_care,");
  yaml += "    left_care: {category: exit}\n";
  const Model model(parse_scenario(yaml, "adult.yaml"));
  const auto table = model.run(0).table;
  const double aged_out = total(table, model, 1, 12, "aged_out");
  EXPECT_GT(aged_out, 100);
  EXPECT_EQ(aged_out, total(table, model, 1, 12, "exits_left_care"));
  EXPECT_EQ(aged_out, total(table, model, 1, 12, "lac_exits_left_care"));
  EXPECT_EQ(total(table, model, 1, 12, "exits_closure"), 0);
  // Nobody arrives in the last half year and is still open at 18.
  EXPECT_LE(metric(table, model, 12, "open_lac"), total(table, model, 7, 12, "contacts"));
}

// With re-referral probability p after every closure (delay inside the
// window), the referral flow is lambda / (1 - p) and a share p of it are
// re-referrals.
TEST(Children, ReReferralShareMatchesItsProbability) {
  std::string yaml = test_support::one_state_yaml(3652.5, "{dist: exponential, mean: 10}", 0, 2);
  yaml = replace(yaml, "children: {entry_age_years: {dist: fixed, value: 0}}",
                 "children: {entry_age_years: {dist: fixed, value: 0},"
                 " re_referral: {probability: 0.25, delay: {dist: fixed, value: 30}}}");
  yaml = replace(yaml, "closure: {category: exit}", "closure: {category: exit, re_referral: true}");
  const Model model(parse_scenario(yaml, "rr.yaml"));
  double referrals = 0, re_referrals = 0;
  for (int r = 0; r < 10; ++r) {
    const auto table = model.run(static_cast<std::uint64_t>(r)).table;
    referrals += total(table, model, 13, 24, "referrals");
    re_referrals += total(table, model, 13, 24, "re_referrals");
  }
  // Each referral is a re-referral with probability 0.25 (binomial SE; the
  // dependence between them only lengthens chains, not the share).
  EXPECT_NEAR(re_referrals / referrals, 0.25, 4 * std::sqrt(0.25 * 0.75 / referrals));
  EXPECT_NEAR(referrals / 10 / 365.25, 10 / 0.75, 4 * std::sqrt(referrals) / 10 / 365.25 * 2);
}

// A case-level extract: the opening stock is exactly the extract's children,
// and a case already past its fixed duration leaves at once.
TEST(WarmStart, CaseLevelExtract) {
  std::string yaml = test_support::one_state_yaml(0, "{dist: fixed, value: 20}", 0, 1);
  yaml += "warm_start: {cases_csv: cases.csv}\n";
  const std::string csv = "state,children,days_in_state,ages\nwork,2,5,3;4\nwork,1,25,10\nwork,1,0,1\n";
  const Model model(parse_scenario(yaml, "extract.yaml", {}, [&](const std::string& path) {
    EXPECT_EQ(path, "cases.csv");
    return csv;
  }));
  const auto table = model.run(0).table;
  EXPECT_EQ(metric(table, model, 0, "open_cin"), 4);
  // By the end of January (day 31) all have finished their 20 days.
  EXPECT_EQ(metric(table, model, 1, "open_cin"), 0);
  EXPECT_EQ(metric(table, model, 1, "exits_closure"), 4);
}

// Time in care before leaving: a child enters care (proceedings, 30 days)
// then care (40 days) and is adopted, or goes straight into care (40 days) and
// returns home. Fixed durations give exactly 70 and 40 days for every leaver.
TEST(Permanence, DaysInCareCountFromEnteringCare) {
  std::string yaml = test_support::one_state_yaml(3000, "{dist: fixed, value: 5}", 0, 1);
  yaml = replace(yaml, "    work: {category: cin, duration: {dist: fixed, value: 5}, transitions: [{to: closure, probability: 1}]}\n",
                 "    work: {category: cin, duration: {dist: fixed, value: 5}, transitions: [{to: proceedings, probability: 0.5}, {to: care, probability: 0.5}]}\n"
                 "    proceedings: {category: lac, duration: {dist: fixed, value: 30}, transitions: [{to: adopted_care, probability: 1}]}\n"
                 "    adopted_care: {category: lac, duration: {dist: fixed, value: 40}, transitions: [{to: adoption, probability: 1}]}\n"
                 "    care: {category: lac, duration: {dist: fixed, value: 40}, transitions: [{to: return_home, probability: 1}]}\n"
                 "    adoption: {category: exit}\n"
                 "    return_home: {category: exit}\n");
  const Model model(parse_scenario(yaml, "care.yaml"));
  const auto table = model.run(0).table;
  double adoptions = 0;
  for (std::size_t m = 4; m <= 12; ++m) {
    EXPECT_NEAR(metric(table, model, m, "days_in_care_before_adoption"), 70, 1e-9) << m;
    EXPECT_NEAR(metric(table, model, m, "days_in_care_before_return_home"), 40, 1e-9) << m;
    adoptions += metric(table, model, m, "lac_exits_adoption");
  }
  EXPECT_GT(adoptions, 0);
}
