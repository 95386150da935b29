// Calibration to published figures (calibration.h, flow_balance.h).
#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

#include "caseflow/engine/config_node.h"
#include "caseflow/model/flow_balance.h"
#include "caseflow/runner/calibration.h"

namespace caseflow {
namespace {

//! contact → referral (p) or no further action; referral (5 days) → CIN
//! 0.6 / closure 0.4; CIN (gamma, mean `cin_months`) → CP (q) or closure;
//! CP (gamma, mean `cp_months`) → closure. Closures may be re-referred.
//! Newborns only, so nobody reaches 18 in the run.
std::string small_pathway(double contacts, double p, double q, double cin_months, double cp_months, double rr) {
  std::ostringstream y;
  y << "scenario: {name: small, start_date: 2021-04-01}\n"
    << "simulation: {years: 5, replications: 10, seed: 11}\n"
    << "calendar: {bank_holidays: none}\n"
    << "demand: {contacts_per_year: " << contacts << "}\n"
    << "children:\n  entry_age_years: {dist: fixed, value: 0}\n"
    << "  re_referral: {probability: " << rr << ", delay: {dist: uniform, min: 30, max: 200, unit: days}}\n"
    << "pathway:\n  entry: contact\n  referral: referral\n  assessment: referral\n  states:\n"
    << "    contact: {category: front_door, duration: {dist: fixed, value: 0}, transitions: [{to: referral, probability: " << p
    << "}, {to: nfa, probability: " << 1 - p << "}]}\n"
    << "    referral: {category: assessment, duration: {dist: fixed, value: 5}, transitions: [{to: cin, probability: 0.6}, {to: closure, probability: 0.4}]}\n"
    << "    cin: {category: cin, duration: {dist: gamma, mean: " << cin_months << ", sd: 2, unit: months}, transitions: [{to: cp, probability: " << q
    << "}, {to: closure, probability: " << 1 - q << "}]}\n"
    << "    cp: {category: cp, duration: {dist: gamma, mean: " << cp_months << ", sd: 3, unit: months}, transitions: [{to: closure, probability: 1}]}\n"
    << "    nfa: {category: exit}\n"
    << "    closure: {category: exit, re_referral: true}\n"
    << "warm_start: {open_by_state: {referral: 50, cin: 1000, cp: 300}}\n";
  return y.str();
}

TEST(FlowBalance, EntriesSolveTheRoutingAndTheReReferralLoop) {
  const Scenario s = parse_scenario(small_pathway(1000, 0.5, 0.25, 6, 9, 0.2), "small.yaml");
  const FlowBalance fb = flow_balance(s);
  // Referrals r = 500 + 0.2 × closures, and every referral closes once: r = 500 / 0.8.
  const auto ref = *s.pathway.find("referral"), cin = *s.pathway.find("cin"), cp = *s.pathway.find("cp");
  EXPECT_NEAR(fb.entries_per_year[ref], 625.0, 1e-9);
  EXPECT_NEAR(fb.re_referrals_per_year, 125.0, 1e-9);
  EXPECT_NEAR(fb.entries_per_year[cin], 375.0, 1e-9);
  EXPECT_NEAR(fb.entries_per_year[cp], 93.75, 1e-9);
  EXPECT_NEAR(fb.mean_stay_days[cp], 9 * kDaysPerYear / 12, 1e-9);
}

// Targets worked out from a "true" pathway's steady state; calibration starts
// from a wrong one and must find the true values. Each figure here moves in
// proportion to its value (referrals to the route, a stock to its stays), so a
// figure within its ±5% tolerance puts the value within about 5% too.
TEST(Calibration, RecoversTheValuesBehindTheFigures) {
  const double contacts = 8000, p = 0.3, q = 0.15, cin_months = 6, cp_months = 9, rr = 0.2;
  const Scenario truth = parse_scenario(small_pathway(contacts, p, q, cin_months, cp_months, rr), "truth.yaml");
  const FlowBalance fb = flow_balance(truth);
  const auto& P = truth.pathway;
  auto stock = [&](const char* state) { return fb.entries_per_year[*P.find(state)] * fb.mean_stay_days[*P.find(state)] / kDaysPerYear; };
  std::ostringstream t;
  t << "name: small-calibrated\n"
    << "stocks:\n  children_in_need: " << stock("referral") + stock("cin") + stock("cp") << "\n  child_protection: " << stock("cp") << "\n"
    << "flows:\n  contacts: " << contacts + fb.re_referrals_per_year << "\n  referrals: " << fb.entries_per_year[P.referral]
    << "\n  re_referral_share: " << fb.re_referrals_per_year / fb.entries_per_year[P.referral]
    << "\n  cp_starts: " << fb.entries_per_year[*P.find("cp")] << "\n";
  const CalibrationTargets targets = parse_calibration_targets(t.str(), "targets.yaml");

  CalibrationBase base;
  base.text = small_pathway(6000, 0.2, 0.08, 4, 12, 0.3);
  base.source = "base.yaml";
  CalibrationOptions options;
  options.replications = 20;
  options.report_replications = 40;
  const CalibrationResult result = calibrate(base, targets, options);
  EXPECT_TRUE(result.converged) << result.iterations << " iterations";
  for (const auto& row : result.fit) {
    if (row.target.find(" at month ") != std::string::npos) continue;
    EXPECT_TRUE(row.within) << row.target << ": " << row.median << " against " << row.value;
  }

  const Scenario fitted = parse_scenario(base.text, base.source, result.overrides);
  const auto& F = fitted.pathway;
  EXPECT_NEAR(fitted.demand.contacts_per_year, contacts, 0.05 * contacts);
  EXPECT_NEAR(F.states[F.entry].transitions[0].probability, p, 0.05 * p);
  EXPECT_NEAR(F.states[*F.find("cin")].transitions[0].probability, q, 0.05 * q);
  EXPECT_NEAR(F.states[*F.find("cin")].transitions[0].duration.mean_days(), cin_months * kDaysPerYear / 12, 0.05 * cin_months * kDaysPerYear / 12);
  EXPECT_NEAR(F.states[*F.find("cp")].transitions[0].duration.mean_days(), cp_months * kDaysPerYear / 12, 0.05 * cp_months * kDaysPerYear / 12);
  EXPECT_NEAR(fitted.children.re_referral_probability, rr, 0.05 * rr);
  // The warm start is rebuilt to the stocks.
  double cp_open = 0;
  for (const auto& [s, n] : fitted.warm_start.open_by_state)
    if (s == *F.find("cp")) cp_open = n;
  EXPECT_NEAR(cp_open, stock("cp"), 1.0);
}

TEST(CalibrationTargets, BadFiguresAreRefusedAtTheirLine) {
  auto error_of = [](const std::string& text) -> std::string {
    try {
      parse_calibration_targets(text, "t.yaml");
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "no error";
  };
  EXPECT_NE(error_of("name: x\nstocks:\n  looked_after: -5\n").find("t.yaml:3"), std::string::npos);
  EXPECT_NE(error_of("name: x\nflows:\n  re_referral_share: 25.5\n").find("at most 1"), std::string::npos);
  EXPECT_NE(error_of("name: x\nstocks:\n  children_in_need: 100\n  child_protection: 80\n  looked_after: 40\n").find("cannot be more"), std::string::npos);
  EXPECT_NE(error_of("name: x\nflows:\n  referrals: {per_10000: 500}\n").find("child_population"), std::string::npos);
  EXPECT_NE(error_of("name: x\nflows:\n  lac_ends_by_reason: {adoption: 0.7, sgo: 0.5}\n").find("more than 1"), std::string::npos);
  EXPECT_NE(error_of("name: x\nflows:\n  referals: 5\n").find("referrals"), std::string::npos);  // the nearest key
  EXPECT_NE(error_of("name: x\n").find("no targets"), std::string::npos);
  // A state the base does not have.
  const CalibrationTargets t = parse_calibration_targets("name: x\nflows:\n  initial_conferences: 10\n", "t.yaml");
  const Scenario s = parse_scenario(small_pathway(1000, 0.5, 0.25, 6, 9, 0.2), "small.yaml");
  try {
    check_targets_against(t, s);
    ADD_FAILURE() << "no error";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find("no state 'icpc'"), std::string::npos) << e.what();
    EXPECT_EQ(e.line(), 3);
  }
}

}  // namespace
}  // namespace caseflow
