// The workforce's feedbacks on children: re-referral with the closing
// worker's excess over their cap, and permanence slowed by changes of worker.
// Each against its formula in a small config whose overloads and change
// times are known.
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "caseflow/model/replication.h"
#include "caseflow/model/workforce_config.h"
#include "test_support.h"

using namespace caseflow;
using test_support::metric;

namespace {

Model model_of(const std::string& yaml, const std::string& extract) {
  return Model(parse_scenario(yaml, "feedbacks.yaml", {}, [extract](const std::string&) { return extract; }), ModelOptions{});
}

// ---- re-referral ---------------------------------------------------------------

//! One worker (cap 10) holds 40 single children, closing one a day (days 1 to
//! 40) and re-referred 45 days later, within the 3-month run; none is closed
//! twice. Nobody leaves, nobody else arrives.
Model re_referral_model(const std::string& feedback) {
  std::ostringstream y;
  y << "scenario: {name: rr, start_date: 2021-01-01}\n"
    << "simulation: {years: 0.25, seed: 11}\n"
    << "calendar: {bank_holidays: none}\n"
    << "demand: {contacts_per_year: 0}\n"
    << "children:\n  entry_age_years: {dist: fixed, value: 0}\n"
    << "  re_referral: {probability: 0.2, delay: {dist: fixed, value: 45, unit: days}" << feedback << "}\n"
    << "pathway:\n  entry: contact\n  referral: work\n  assessment: work\n  states:\n"
    << "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}\n"
    << "    work: {category: cin, duration: {dist: fixed, value: 40}, transitions: [{to: closure, probability: 1}]}\n"
    << "    closure: {category: exit, re_referral: true}\n"
    << "warm_start: {cases_csv: cases.csv}\n"
    << "workforce:\n  grades: {sw: {}}\n"
    << "  teams: {t: {holds: [work], caseload_cap: 10, workers: {sw: 1}, managers: 1}}\n"
    << "  allocation: {when_full: over_cap}\n";
  std::string extract = "state,children,days_in_state,ages\n";
  for (int k = 0; k < 40; ++k) extract += "work,1," + std::to_string(k) + ",1\n";
  return model_of(y.str(), extract);
}

//! The re-referrals of the run, over `replications`: their mean and its standard error.
std::pair<double, double> re_referrals(const Model& model, std::uint64_t replications) {
  std::vector<double> counts;
  for (std::uint64_t r = 0; r < replications; ++r) {
    const auto table = model.run(r).table;
    double n = 0;
    for (int m = 1; m <= model.months(); ++m) n += metric(table, model, static_cast<std::size_t>(m), "re_referrals");
    counts.push_back(n);
  }
  double mean = 0, sum_sq = 0;
  for (const double x : counts) mean += x / static_cast<double>(counts.size());
  for (const double x : counts) sum_sq += (x - mean) * (x - mean);
  return {mean, std::sqrt(sum_sq / static_cast<double>(counts.size() - 1) / static_cast<double>(counts.size()))};
}

//! Sum over the closures (the worker holding 40, 39, ..., 1 children) of
//! 0.2 x (1 + e x excess) / (1 + e x observed), excess = max(0, held / 10 - 1).
double expected_re_referrals(double elasticity, double observed) {
  double sum = 0;
  for (int held = 40; held >= 1; --held)
    sum += 0.2 * (1 + elasticity * std::max(0.0, held / 10.0 - 1)) / (1 + elasticity * observed);
  return sum;
}

TEST(ChildrenFeedbacks, ReReferralRisesWithTheClosingWorkersExcess) {
  const std::uint64_t replications = 400;
  const auto [none, none_error] = re_referrals(re_referral_model(""), replications);
  const auto [fed, fed_error] = re_referrals(re_referral_model(", elasticity: 0.5"), replications);
  const auto [kept, kept_error] = re_referrals(re_referral_model(", elasticity: 0.5, observed_at: {excess: 1}"), replications);
  EXPECT_NEAR(none, expected_re_referrals(0, 0), 4 * none_error);  // 8
  EXPECT_NEAR(fed, expected_re_referrals(0.5, 0), 4 * fed_error);   // 8 + 0.1 x (sum of excesses 46.5) = 12.65
  EXPECT_NEAR(kept, expected_re_referrals(0.5, 1), 4 * kept_error); // 12.65 / 1.5
  EXPECT_GT(fed - none, 4 * std::hypot(fed_error, none_error));
  // The closing worker's mean excess is what observed_at is measured by.
  const Model model = re_referral_model("");
  const auto table = model.run(0).table;
  const double month1 = metric(table, model, 1, "closing_worker_excess");  // days 1-30: holding 40 down to 11
  double excess = 0;
  for (int held = 40; held >= 11; --held) excess += std::max(0.0, held / 10.0 - 1) / 30;
  EXPECT_NEAR(month1, excess, 1e-12);
}

// ---- permanence ----------------------------------------------------------------

//! Looked-after children leave for adoption after a fixed `days`, held by a
//! team of one locum and one permanent worker; the permanence hazard is
//! `hazard`. `extract`: the opening caseload.
std::string permanence_yaml(const std::string& hazard, double contacts_per_year, const std::string& workers,
                            double days = 12, double years = 0.25) {
  std::ostringstream y;
  y << "scenario: {name: permanence, start_date: 2021-01-01}\n"
    << "simulation: {years: " << years << ", seed: 5}\n"
    << "calendar: {bank_holidays: none}\n"
    << "demand: {contacts_per_year: " << contacts_per_year << "}\n"
    << "children: {entry_age_years: {dist: fixed, value: 0}}\n"
    << "pathway:\n  entry: contact\n  referral: care\n  assessment: care\n  states:\n"
    << "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: care, probability: 1}]}\n"
    << "    care: {category: lac, duration: {dist: fixed, value: " << days << "}, transitions: [{to: adoption, probability: 1}]}\n"
    << "    adoption: {category: exit}\n"
    << "    closure: {category: exit}\n"
    << "warm_start: {cases_csv: cases.csv}\n"
    << "workforce:\n  grades: {sw: {}, agency: {agency: true}}\n"
    << "  teams: {t: {holds: [care], caseload_cap: 10, workers: " << workers << ", managers: 1}}\n"
    << "  allocation: {when_full: over_cap}\n"
    << "  turnover: {agency_tenure: {dist: fixed, value: 10}}\n"
    << "  recruitment: {agency_lag: {dist: fixed, value: 1000}}\n"
    << "  permanence_hazard: " << hazard << "\n";
  return y.str();
}

// Two opening children, one for each worker (the permanent worker's first).
// The locum leaves at a uniform point of a 10-day tenure (a locum found in
// post): their child's 12 days left become t + (12 - t) / 0.5 after the
// change at t, 19 days on average; the other child's stay 12 days.
TEST(ChildrenFeedbacks, AChangeOfWorkerSlowsWhatIsLeftOfTheWayToPermanence) {
  const std::string extract = "state,children,days_in_state,ages\ncare,1,0,1\ncare,1,0,1\n";
  const Model slowed = model_of(permanence_yaml("{hazard_ratio: 0.5, to: [adoption]}", 0, "{sw: 1, agency: 1}"), extract);
  const Model unchanged = model_of(permanence_yaml("{hazard_ratio: 1, to: [adoption]}", 0, "{sw: 1, agency: 1}"), extract);
  std::vector<double> days;
  for (std::uint64_t r = 0; r < 400; ++r) {
    const auto table = slowed.run(r).table;
    ASSERT_EQ(metric(table, slowed, 1, "worker_changes_in_care"), 1) << "one child should start with the locum";
    days.push_back(2 * metric(table, slowed, 1, "days_in_care_before_adoption") - 12);  // the changed child's
    EXPECT_GT(days.back(), 12.0);
    EXPECT_LT(days.back(), 24.0);
    const auto plain = unchanged.run(r).table;
    EXPECT_EQ(metric(plain, unchanged, 1, "worker_changes_in_care"), 1);
    EXPECT_EQ(metric(plain, unchanged, 1, "days_in_care_before_adoption"), 12.0);
  }
  double mean = 0, sum_sq = 0;
  for (const double d : days) mean += d / 400;
  for (const double d : days) sum_sq += (d - mean) * (d - mean);
  EXPECT_NEAR(mean, 19.0, 4 * std::sqrt(sum_sq / 399 / 400));
}

// Two opening children with 100 days left, an observed rate of 2 changes a
// year and a ratio of 0.5: both times left go on the clock at the start,
// T0 = ln(1 + 100 a) / a for a = 2 x 0.5 / 365.25 (88.4 days), and the
// locum's child, changed at t (uniform on 0-10), leaves at
// t + ln(1 + expm1(a (T0 - t)) / 0.5) / a, about 156 days; the clock's
// drift ignored, t + (T0 - t) / 0.5 would give about 172.
TEST(ChildrenFeedbacks, AChangeOnTheClockAtAnObservedRate) {
  const std::string extract = "state,children,days_in_state,ages\ncare,1,0,1\ncare,1,0,1\n";
  const Model model = model_of(
      permanence_yaml("{hazard_ratio: 0.5, to: [adoption], observed_at: {changes_per_year: 2}}", 0, "{sw: 1, agency: 1}", 100,
                      0.75),
      extract);
  const double a = 2 * (1 - 0.5) / 365.25;
  const double unchanged = std::log1p(100 * a) / a;
  double changed = 0;  // its mean over t, by the midpoint rule
  const int steps = 100000;
  for (int i = 0; i < steps; ++i) {
    const double t = 10.0 * (i + 0.5) / steps;
    changed += (t + std::log1p(std::expm1(a * (unchanged - t)) / 0.5) / a) / steps;
  }
  std::vector<double> days;
  for (std::uint64_t r = 0; r < 200; ++r) {
    const auto table = model.run(r).table;
    const double none = -1;
    double left_unchanged = none, left_changed = none;
    for (std::size_t m = 1; m <= static_cast<std::size_t>(model.months()); ++m) {
      if (metric(table, model, m, "exits_adoption") != 1) continue;
      (left_unchanged == none ? left_unchanged : left_changed) = metric(table, model, m, "days_in_care_before_adoption");
    }
    ASSERT_NEAR(left_unchanged, unchanged, 1e-6) << "the unchanged child leaves first, alone in its month";
    days.push_back(left_changed);
  }
  double mean = 0, sum_sq = 0;
  for (const double d : days) mean += d / 200;
  for (const double d : days) sum_sq += (d - mean) * (d - mean);
  EXPECT_NEAR(mean, changed, 4 * std::sqrt(sum_sq / 199 / 200));
  EXPECT_LT(changed, 160.0);  // well away from the 172 the clock's drift ignored would give
}

// New children, held only by a permanent worker who never changes: at an
// observed rate of 2 changes a year, a child with none moves faster, by the
// clock's drift a = 2 x (1 - 0.9) / 365.25 a day: ln(1 + 200 a) / a days
// instead of 200.
TEST(ChildrenFeedbacks, AChildWithFewerChangesThanObservedReachesPermanenceSooner) {
  const std::string extract = "state,children,days_in_state,ages\n";
  const Model model = model_of(
      permanence_yaml("{hazard_ratio: 0.9, to: [adoption], observed_at: {changes_per_year: 2}}", 365, "{sw: 1}", 200, 1),
      extract);
  const auto table = model.run(0).table;
  const double a = 2 * (1 - 0.9) / 365.25;
  const double expected = std::log1p(200 * a) / a;  // about 189.8
  for (std::size_t m = 8; m <= 12; ++m) EXPECT_NEAR(metric(table, model, m, "days_in_care_before_adoption"), expected, 1e-6) << m;
  EXPECT_EQ(metric(table, model, 12, "worker_changes"), 0);
}

// The presets are the evidence's values; a number given wins; bad input
// names the key and what was expected.
TEST(ChildrenFeedbacks, PresetsAndReaderErrors) {
  const std::string extract = "state,children,days_in_state,ages\ncare,1,0,1\n";
  const auto ratio = [&](const std::string& hazard) {
    return model_of(permanence_yaml(hazard, 0, "{sw: 1}"), extract).scenario().workforce->permanence_hazard_ratio;
  };
  EXPECT_EQ(ratio("{feedback: low, to: [adoption]}"), 1.0);
  EXPECT_EQ(ratio("{feedback: central, to: [adoption]}"), 0.9);
  EXPECT_EQ(ratio("{feedback: high, to: [adoption]}"), 0.75);
  EXPECT_EQ(ratio("{feedback: high, hazard_ratio: 0.8, to: [adoption]}"), 0.8);
  const auto error_of = [&](const std::string& hazard) {
    try {
      model_of(permanence_yaml(hazard, 0, "{sw: 1}"), extract);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("{feedback: central}").find("permanence_hazard: needs to:"), std::string::npos) << error_of("{feedback: central}");
  EXPECT_NE(error_of("{to: [care]}").find("'care' is not an exit a looked-after state moves to"), std::string::npos);
  EXPECT_NE(error_of("{to: [closure]}").find("'closure' is not an exit a looked-after state moves to"), std::string::npos);
  EXPECT_NE(error_of("{feedback: middling, to: [adoption]}").find("expected low, central or high (the evidence's values 1, 0.9 or 0.75"),
            std::string::npos) << error_of("{feedback: middling, to: [adoption]}");
  EXPECT_NE(error_of("{hazard_ratio: 1.5, to: [adoption]}").find("hazard_ratio"), std::string::npos);
  // Without a workforce there is no closing worker: the feedback is refused, not ignored.
  std::string without_workforce = "scenario: {name: t, start_date: 2021-01-01}\ndemand: {contacts_per_year: 100}\n"
      "children:\n  re_referral: {probability: 0.2, delay: {dist: fixed, value: 5}, feedback: high}\n"
      "pathway:\n  entry: contact\n  referral: work\n  assessment: work\n  states:\n"
      "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: work, probability: 1}]}\n"
      "    work: {category: cin, duration: {dist: fixed, value: 5}, transitions: [{to: closure, probability: 1}]}\n"
      "    closure: {category: exit, re_referral: true}\n";
  try {
    parse_scenario(without_workforce, "t.yaml");
    ADD_FAILURE() << "no error";
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("t.yaml:4: children.re_referral.feedback: needs a workforce section"), std::string::npos)
        << e.what();
  }
  const Model rr = re_referral_model(", feedback: high, observed_at: {excess: 0.5}");
  EXPECT_EQ(rr.scenario().children.re_referral_elasticity, 0.45);
  EXPECT_EQ(rr.scenario().children.re_referral_observed_excess, 0.5);
}

}  // namespace
